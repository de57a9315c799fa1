"""The embedded backend: tantivy, an in-process Lucene-class engine, on local disk.

- ``schema``: how an item is laid out in the index (text analysed in Python, handed to
  tantivy as syllables, exact and folded);
- ``store``: the index folder, one writer at a time under a file lock, searchers that
  reload when another process committed;
- ``query``: what a citizen's query becomes (never tantivy's query parser), its
  filters and facet counts;
- ``hits``: what a hit shows, and its snippet with the matches marked;
- ``backend``: ``EmbeddedBackend``, the interface of ``search.backends.base`` on them.
"""

from search.backends.embedded.backend import EmbeddedBackend
from search.backends.embedded.hits import snippet
from search.backends.embedded.schema import SCHEMA_VERSION, build_schema, to_tantivy
from search.backends.embedded.store import OutdatedIndex

__all__ = ["SCHEMA_VERSION", "EmbeddedBackend", "OutdatedIndex", "build_schema", "snippet",
           "to_tantivy"]
