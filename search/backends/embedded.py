"""The embedded backend: tantivy, an in-process Lucene-class engine, on local disk.

Text is analysed in Python (``search.analysis``) and handed to tantivy already split
into syllables, with its whitespace tokenizer: the exact field holds lowercase NFC
syllables, the folded field the same syllables folded by the project's one folding
function. Queries are built from the same analysis as term/phrase queries (never with
tantivy's query parser), so citizen input can never be a syntax error, and an exact
match scores on both fields while a folded-only match scores on one: exact diacritics
rank first. Title, summary and body are also indexed together, folded, in ``text_fold``:
that one list decides what a word matches when a filter leaves few items, so a site's
search steps through that site's items only (``_weighed``).

One process at a time writes: the writer is opened under an ``fcntl`` lock on
``<index>/.writer.lock`` (tantivy also refuses a second writer), and only for the
length of a batch. Searchers reload before each search when the index changed, so every
gunicorn worker sees the drain's commits.
"""

from __future__ import annotations

import contextlib
import fcntl
import html
import json
import os
import shutil
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import tantivy

from i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES
from search import analysis
from search.backends.base import SearchBackend, SearchUnavailable
from search.types import FACETS, Hit, SearchDocument, SearchQuery, SearchResults, Suggestion

SCHEMA_VERSION = "2"  # the last change: the folded text whole, to match in one list
TEXT_FIELDS = {"title": 4.0, "summary": 2.0, "body": 1.0}  # field -> weight
EXACT_BONUS = 1.5      # exact-diacritic fields weigh more than folded ones
# Between title, summary and body in ``text_fold`` (what decides a match): never a
# query syllable, so a phrase cannot match across the end of one and the next's start.
PART_BREAK = "¶"
# A filter that leaves at most this share of the index makes a query "narrow".
NARROW_SHARE = 0.1
# From this size on, a query that is not narrow ranks two halves of the index at once.
SPLIT_MIN_DOCS = 200_000
NUMBER_BOOST = 50.0    # a document number typed puts that document first
KEYWORDS = ("type", "locale", "document_type", "issuer", "field", "number_key")
# What a hit shows, stored together as one JSON value and never indexed: indexing the
# body whole as one term made tantivy spend four fifths of a build on a term nobody
# searches for.
DISPLAY = ("url", "site_name", "site_host", "title", "summary", "body_text")
FACET_FIELD = {"type": "type", "site": "tenant_id", "document_type": "document_type",
               "issuer": "issuer", "field": "field", "year": "year"}
FACET_SIZE = 20
HEAP_BYTES = 64_000_000


def build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_integer_field("id", stored=True, indexed=True, fast=True)
    sb.add_integer_field("tenant_id", stored=True, indexed=True, fast=True)
    sb.add_integer_field("ancestors", indexed=True, fast=False)  # one value per ancestor
    sb.add_integer_field("year", indexed=True, fast=True)
    sb.add_date_field("published_at", stored=True, indexed=True, fast=True)
    for name in KEYWORDS:
        sb.add_text_field(name, tokenizer_name="raw", stored=True, fast=True)
    sb.add_text_field("number_parts", tokenizer_name="raw")
    sb.add_text_field("tenant_path", tokenizer_name="raw", stored=True)
    sb.add_bytes_field("display", stored=True)
    for name in TEXT_FIELDS:
        sb.add_text_field(f"{name}_exact", tokenizer_name="whitespace")
        sb.add_text_field(f"{name}_fold", tokenizer_name="whitespace")
    sb.add_text_field("text_fold", tokenizer_name="whitespace")
    return sb.build()


def to_tantivy(doc: SearchDocument) -> tantivy.Document:
    d = tantivy.Document()
    d.add_integer("id", doc.item_id)
    d.add_integer("tenant_id", doc.tenant_id)
    for part in doc.tenant_path.strip("/").split("/"):
        if part.isdigit():
            d.add_integer("ancestors", int(part))
    published = _utc(doc.published_at)
    d.add_integer("year", doc.year)
    d.add_date("published_at", published)
    for name in KEYWORDS:
        d.add_text(name, getattr(doc, name) or "")
    for part in analysis.number_prefixes(doc.number_key):
        d.add_text("number_parts", part)
    d.add_text("tenant_path", doc.tenant_path)
    d.add_bytes("display", json.dumps({name: getattr(doc, name) or "" for name in DISPLAY},
                                      ensure_ascii=False).encode())
    texts = {"title": doc.title + " " + doc.document_number, "summary": doc.summary,
             "body": doc.body_text}
    every_folded = []
    for name, text in texts.items():
        exact, folded = analysis.index_texts(text)
        d.add_text(f"{name}_exact", exact)
        d.add_text(f"{name}_fold", folded)
        every_folded.append(folded)
    d.add_text("text_fold", f" {PART_BREAK} ".join(every_folded))
    return d


def _utc(value: datetime) -> datetime:
    return (value.replace(tzinfo=UTC) if value.tzinfo is None else value).astimezone(UTC)


class OutdatedIndex(SearchUnavailable):
    """The index on disk has another schema: it must be rebuilt."""


class EmbeddedBackend(SearchBackend):
    name = "embedded"

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)
        self._lock = threading.Lock()
        self._index: tantivy.Index | None = None
        self._seen_version: float | None = None
        self._pool: ThreadPoolExecutor | None = None
        self._pool_pid = 0
        self._split: tuple[float | None, int] | None = None  # (index version, item id)

    # --- opening -----------------------------------------------------------------
    @property
    def _meta(self) -> Path:
        return self.directory / "meta.json"

    def _open(self) -> tantivy.Index:
        if self._index is None:
            with self._lock:
                if self._index is None:
                    try:
                        self.directory.mkdir(parents=True, exist_ok=True)
                        self._index = tantivy.Index(build_schema(), path=str(self.directory),
                                                    reuse=True)
                    except ValueError as exc:
                        if "schema does not match" in str(exc):
                            raise OutdatedIndex(
                                f"the search index in {self.directory} was built by another "
                                f"version of the portal (schema {SCHEMA_VERSION} expected): "
                                "run `flask search reindex`") from exc
                        raise SearchUnavailable(str(exc)) from exc
                    except OSError as exc:
                        raise SearchUnavailable(str(exc)) from exc
        return self._index

    def _discard_outdated(self) -> None:
        """Remove an index of another schema (``rebuild`` only: nothing can read it)."""
        with open(self.directory / ".writer.lock", "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                for entry in self.directory.iterdir():
                    if entry.name == ".writer.lock":
                        continue
                    if entry.is_dir():
                        shutil.rmtree(entry)
                    else:
                        entry.unlink()
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _searcher(self) -> tantivy.Searcher:
        index = self._open()
        try:
            version = self._meta.stat().st_mtime
        except OSError:
            version = None
        if version != self._seen_version:
            index.reload()  # another process (the drainer) committed since
            self._seen_version = version
        return index.searcher()

    @contextlib.contextmanager
    def writer(self) -> Iterator[Any]:
        """The index writer, held under the file lock for one batch."""
        index = self._open()
        lock_path = self.directory / ".writer.lock"
        with open(lock_path, "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX)
                try:
                    writer = index.writer(HEAP_BYTES, 1)
                except ValueError as exc:
                    raise SearchUnavailable(str(exc)) from exc
                try:
                    yield writer
                    writer.commit()
                except BaseException:
                    writer.rollback()
                    raise
                finally:
                    writer.wait_merging_threads()
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
        index.reload()

    # --- writing -----------------------------------------------------------------
    def index(self, documents: Iterable[SearchDocument]) -> None:
        with self.writer() as writer:
            for doc in documents:
                writer.delete_documents_by_term("id", doc.item_id)
                writer.add_document(to_tantivy(doc))

    def delete(self, item_ids: Iterable[int]) -> None:
        with self.writer() as writer:
            for item_id in item_ids:
                writer.delete_documents_by_term("id", int(item_id))

    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        # One commit at the end: searchers keep the old documents until then (an index
        # of an older schema cannot be read at all, so it is replaced outright).
        try:
            self._open()
        except OutdatedIndex:
            self._discard_outdated()
        count = 0
        with self.writer() as writer:
            writer.delete_all_documents()
            for doc in documents:
                writer.add_document(to_tantivy(doc))
                count += 1
        return count

    def _threads(self) -> ThreadPoolExecutor:
        # The facet counts and the first half of a split ranking run here. Made in the
        # process that searches: a pool copied by a fork has no threads.
        if self._pool is None or self._pool_pid != os.getpid():
            with self._lock:
                if self._pool is None or self._pool_pid != os.getpid():
                    self._pool = ThreadPoolExecutor(max_workers=2,
                                                    thread_name_prefix="search")
                    self._pool_pid = os.getpid()
        return self._pool

    def close(self) -> None:
        if self._pool is not None and self._pool_pid == os.getpid():
            self._pool.shutdown(wait=True)
        self._pool = None

    def refresh(self) -> None:
        self._seen_version = None
        self._open().reload()

    def count(self) -> int:
        return self._searcher().num_docs

    # --- reading -----------------------------------------------------------------
    def search(self, query: SearchQuery) -> SearchResults:
        schema = self._open().schema
        parsed = analysis.parse_query(query.text)
        if parsed.empty:
            return SearchResults(total=0, hits=[], facets={})
        searcher = self._searcher()
        filters, narrow = _filters(schema, searcher, query)
        text_query = _text_query(schema, parsed, narrow)
        full = tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, text_query)]
            + filters)
        offset = (query.page - 1) * query.per_page
        # The facet counts are a second pass over the same documents: tantivy releases
        # the GIL, so it runs on another core while this thread ranks the hits.
        counting = self._threads().submit(_facets, searcher, full) \
            if query.want_facets else None
        try:
            split = self._split_point(searcher) if not narrow and query.sort != "date" \
                else None
            if query.sort == "date":
                result = searcher.search(full, query.per_page, count=True, offset=offset,
                                         order_by_field="published_at")
                total, ranked = result.count or 0, result.hits
            elif split is None:
                result = searcher.search(full, query.per_page, count=True, offset=offset)
                total, ranked = result.count or 0, result.hits
            else:
                total, ranked = self._search_halves(searcher, schema, full, split,
                                                    offset, query.per_page)
            facets = counting.result() if counting is not None else {}
        except ValueError as exc:
            raise SearchUnavailable(str(exc)) from exc
        hits = []
        words = parsed.all_words()
        for score, address in ranked:
            stored = searcher.doc(address)
            hits.append(_hit(stored, words, float(score) if query.sort != "date" else 0.0))
        return SearchResults(total=total, hits=hits, facets=facets)

    def _split_point(self, searcher: tantivy.Searcher) -> int | None:
        """The item id that cuts a large index in two halves, or None for a small one.

        A query that matches most of the province (no narrowing filter) scores every
        matching item: the two halves are ranked on two threads (tantivy releases the
        GIL) and merged; the scores are the same (statistics are the whole index's)."""
        if searcher.num_docs < SPLIT_MIN_DOCS:
            return None
        version = self._seen_version
        if self._split is None or self._split[0] != version:
            stats = searcher.aggregate(tantivy.Query.all_query(),
                                       {"ids": {"stats": {"field": "id"}}})["ids"]
            self._split = (version, int((stats["min"] + stats["max"]) // 2))
        return self._split[1]

    def _search_halves(self, searcher: tantivy.Searcher, schema: tantivy.Schema,
                       full: tantivy.Query, split: int, offset: int, limit: int
                       ) -> tuple[int, list[tuple[float, tantivy.DocAddress]]]:
        def half(low: int | None, high: int | None) -> tantivy.Query:
            ids = tantivy.Query.range_query(schema, "id", tantivy.FieldType.Integer,
                                            low, high)
            return tantivy.Query.boolean_query([
                (tantivy.Occur.Must, full),
                (tantivy.Occur.Must, tantivy.Query.const_score_query(ids, 0.0))])

        wanted = offset + limit
        first = self._threads().submit(searcher.search, half(None, split), wanted,
                                          count=True)
        second = searcher.search(half(split + 1, None), wanted, count=True)
        lower = first.result()
        merged = sorted(lower.hits + second.hits,
                        key=lambda hit: (-hit[0], hit[1].segment_ord, hit[1].doc))
        return (lower.count or 0) + (second.count or 0), merged[offset:offset + limit]

    def suggest(self, query: SearchQuery, limit: int = 8) -> list[Suggestion]:
        tokens = analysis.folded(analysis.syllables(query.text))[:8]
        if not tokens:
            return []
        schema = self._open().schema
        searcher = self._searcher()
        prefix = tantivy.Query.phrase_prefix_query(schema, "title_fold", tokens)
        full = tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, prefix)]
            + _filters(schema, searcher, query)[0])
        result = searcher.search(full, limit, count=False)
        out = []
        for _score, address in result.hits:
            _data, shown = _stored(searcher.doc(address))
            out.append(Suggestion(title=shown.get("title", ""), url=shown.get("url", "")))
        return out


# --- query building ------------------------------------------------------------

def _weighed(matching: tantivy.Query, scored: list[tuple[tantivy.Query, float]],
             narrow: bool) -> tantivy.Query:
    """The sum of the weighted ``scored`` queries, over the documents of ``matching``
    (a query that matches exactly the documents that any of them matches). Two shapes
    of the same sum, chosen for speed:

    - ``narrow`` (a site, a subtree, a filter): ``matching`` — one posting list —
      decides, unscored, and each scored query is nested one per level, so tantivy steps
      its postings along the few documents the filter leaves (a union of several
      would score every posting of every list: a site's search would cost as much as
      the whole province's);
    - otherwise their union, which tantivy merges in one pass over the lists: cheaper
      when most documents match.
    """
    if not narrow:
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, tantivy.Query.boost_query(query, weight))
             for query, weight in scored])
    nested = tantivy.Query.const_score_query(matching, 0.0)
    for query, weight in scored:
        nested = tantivy.Query.boolean_query([
            (tantivy.Occur.Must, nested),
            (tantivy.Occur.Should, tantivy.Query.boost_query(query, weight))])
    return nested


def _word_query(schema: tantivy.Schema, word: str, narrow: bool) -> tantivy.Query:
    """One syllable in any text field: exact or folded, exact scoring higher."""
    folded = analysis.fold(word)
    term = tantivy.Query.term_query
    scored = []
    for name, weight in TEXT_FIELDS.items():
        scored.append((term(schema, f"{name}_exact", word), weight * EXACT_BONUS))
        scored.append((term(schema, f"{name}_fold", folded), weight))
    return _weighed(term(schema, "text_fold", folded), scored, narrow)


def _phrase_query(schema: tantivy.Schema, words: tuple[str, ...], narrow: bool
                  ) -> tantivy.Query:
    folded = [analysis.fold(w) for w in words]
    phrase = tantivy.Query.phrase_query
    scored = []
    for name, weight in TEXT_FIELDS.items():
        scored.append((phrase(schema, f"{name}_exact", list(words)), weight * EXACT_BONUS))
        scored.append((phrase(schema, f"{name}_fold", folded), weight))
    return _weighed(phrase(schema, "text_fold", folded), scored, narrow)


def _text_query(schema: tantivy.Schema, parsed: analysis.ParsedQuery, narrow: bool
                ) -> tantivy.Query:
    """Every word and phrase must match (AND, as citizens expect of a portal); a
    document number matches its number exactly (boosted far above text), or, when no
    item carries it, its syllables as a phrase."""
    must: list[tuple[Any, tantivy.Query]] = []
    for word in parsed.words:
        must.append((tantivy.Occur.Must, _word_query(schema, word, narrow)))
    for phrase in parsed.phrases:
        must.append((tantivy.Occur.Must, _phrase_query(schema, phrase, narrow)))
    for key in parsed.numbers:
        number = tantivy.Query.boost_query(
            tantivy.Query.term_query(schema, "number_parts", key), NUMBER_BOOST)
        tokens = tuple(analysis.syllables(key))
        text = _phrase_query(schema, tokens, narrow) if len(tokens) > 1 else \
            _word_query(schema, tokens[0], narrow) if tokens else tantivy.Query.empty_query()
        must.append((tantivy.Occur.Must, tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, number), (tantivy.Occur.Should, text)])))
    return tantivy.Query.boolean_query(must)


def _any_of(schema: tantivy.Schema, field: str, values: Iterable[Any]) -> tantivy.Query:
    return tantivy.Query.boolean_query(
        [(tantivy.Occur.Should, tantivy.Query.term_query(schema, field, v)) for v in values])


def _filters(schema: tantivy.Schema, searcher: tantivy.Searcher, query: SearchQuery
             ) -> tuple[list[tuple[tantivy.Occur, tantivy.Query]], bool]:
    """The clauses that choose which items a query may find, and whether they leave
    few enough of the index (``NARROW_SHARE``) for the narrow shape of ``_weighed``."""
    term = tantivy.Query.term_query
    clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
    left = [searcher.num_docs]  # how many documents each filter leaves (at most)

    def require(field: str, values: Iterable[Any]) -> None:
        values = list(values)
        # Filters choose, they never score: a site's rarity must not lift its items.
        clauses.append((tantivy.Occur.Must, tantivy.Query.const_score_query(
            _any_of(schema, field, values) if len(values) > 1
            else term(schema, field, values[0]), 0.0)))
        left.append(sum(searcher.doc_freq(field, value) for value in values))

    if query.locale == DEFAULT_LOCALE:
        # Nearly every item is Vietnamese: leaving out the few in other languages
        # costs a step through their short list, requiring "vi" one through nearly all.
        clauses += [(tantivy.Occur.MustNot, term(schema, "locale", other))
                    for other in SUPPORTED_LOCALES if other != DEFAULT_LOCALE]
    else:
        require("locale", [query.locale])
    if query.scope == "site" and query.tenant_id is not None:
        require("tenant_id", [query.tenant_id])
    elif query.scope == "subtree" and query.tenant_id is not None:
        require("ancestors", [query.tenant_id])
    for field, values in (("type", query.types), ("tenant_id", query.site_ids),
                          ("field", query.fields), ("document_type", query.document_types),
                          ("issuer", query.issuers)):
        if values:
            require(field, values)
    if query.date_from or query.date_to:
        low, end = query.published_between()
        high = end - timedelta(microseconds=1) if end else None  # the range is inclusive
        clauses.append((tantivy.Occur.Must, tantivy.Query.const_score_query(
            tantivy.Query.range_query(schema, "published_at", tantivy.FieldType.Date,
                                      low, high), 0.0)))
    return clauses, min(left) <= NARROW_SHARE * searcher.num_docs


def _facets(searcher: tantivy.Searcher, query: tantivy.Query) -> dict[str, list[tuple[str, int]]]:
    spec = {name: {"terms": {"field": FACET_FIELD[name], "size": FACET_SIZE}}
            for name in FACETS}
    answer = searcher.aggregate(query, spec)
    facets: dict[str, list[tuple[str, int]]] = {}
    for name in FACETS:
        buckets = answer.get(name, {}).get("buckets", [])
        facets[name] = [(str(b["key"]), int(b["doc_count"])) for b in buckets
                        if str(b["key"]) != ""]
    return facets


# --- hits and snippets -----------------------------------------------------------

def _stored(stored: tantivy.Document) -> tuple[dict[str, Any], dict[str, str]]:
    """The stored fields of a hit (first value of each) and what it shows."""
    data = {name: values[0] for name, values in stored.to_dict().items() if values}
    display = json.loads(bytes(data.pop("display", b"{}")))
    return data, display


def _hit(stored: tantivy.Document, words: list[str], score: float) -> Hit:
    data, shown = _stored(stored)
    body = shown.get("body_text", "")
    text = shown.get("summary") or body
    if words and body and not _contains_any(text, words):
        text = body
    return Hit(item_id=int(data["id"]), title=shown.get("title", ""), url=shown.get("url", ""),
               site_name=shown.get("site_name", ""), site_host=shown.get("site_host", ""),
               type=data.get("type", ""), snippet=snippet(text, words),
               published_at=data.get("published_at", ""), score=score)


def _contains_any(text: str, words: list[str]) -> bool:
    folded = {analysis.fold(w) for w in words}
    return any(analysis.fold(t) in folded for t in analysis.syllables(text))


def snippet(text: str, words: list[str], length: int = 240) -> str:
    """An HTML excerpt of ``text`` around the first match, every matching syllable
    (exact or folded) in ``<mark>``; everything else escaped."""
    text = analysis.normalise(text)
    folded = {analysis.fold(w) for w in words}
    matches = [m for m in analysis._WORD.finditer(text) if analysis.fold(m.group(0)) in folded]
    start = 0
    if matches and matches[0].start() > length // 3:
        start = text.rfind(" ", 0, matches[0].start() - length // 3) + 1
    end = min(len(text), start + length)
    if end < len(text):
        end = max(text.rfind(" ", start, end), start + 1)
    out, cursor = [], start
    for m in matches:
        if m.start() < start or m.end() > end:
            continue
        out.append(html.escape(text[cursor:m.start()]))
        out.append(f"<mark>{html.escape(m.group(0))}</mark>")
        cursor = m.end()
    out.append(html.escape(text[cursor:end]))
    return ("… " if start else "") + "".join(out) + (" …" if end < len(text) else "")
