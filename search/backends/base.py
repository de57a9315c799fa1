"""The interface every search backend implements (embedded tantivy, Elasticsearch)."""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from collections.abc import Iterable

from search.types import SearchDocument, SearchQuery, SearchResults, Suggestion


class SearchUnavailable(RuntimeError):
    """The engine cannot answer now (cluster down, index locked): the page says
    "search is temporarily unavailable", editing and publishing go on."""


class SearchBackend(ABC):
    name: str

    @abstractmethod
    def index(self, documents: Iterable[SearchDocument]) -> None:
        """Add or replace documents (by ``doc_id``). Idempotent."""

    @abstractmethod
    def delete(self, keys: Iterable[int | str]) -> None:
        """Remove documents by key (``search.types.document_key``: an item's id, or
        "question:<id>"); removing one that is not there is not an error."""

    def search(self, query: SearchQuery) -> SearchResults:
        """Answer a query; raises SearchUnavailable when the engine cannot. A first
        page with no results carries "did you mean" (``search.spelling``) when a
        correction of the query finds something."""
        results = self.results(query)
        if results.total == 0 and query.page == 1:
            suggestion = self.did_you_mean(query)
            if suggestion:
                results = dataclasses.replace(results, suggestion=suggestion)
        return results

    @abstractmethod
    def results(self, query: SearchQuery) -> SearchResults:
        """The hits, totals and facets of ``query``."""

    @abstractmethod
    def did_you_mean(self, query: SearchQuery) -> str:
        """The query corrected from the index's own vocabulary, "" when there is none
        that finds results."""

    @abstractmethod
    def suggest(self, query: SearchQuery, limit: int = 8) -> list[Suggestion]:
        """Titles completing ``query.text`` (its last word as a prefix)."""

    @abstractmethod
    def count(self) -> int:
        """Documents in the index (``flask search status``)."""

    @abstractmethod
    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        """Build a fresh index from ``documents`` and switch to it without downtime
        (Elasticsearch: a new index behind the alias). Returns the documents indexed."""

    def refresh(self) -> None:  # noqa: B027 - optional: make recent writes searchable
        """Make writes visible to searchers now (tests, reindex)."""

    def close(self) -> None:  # noqa: B027 - optional
        """Release writers, connections."""
