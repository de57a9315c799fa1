"""The Elasticsearch backend: one shared index behind an alias, for production.

The request bodies come from ``search.es_mapping`` (plain data, golden-tested); this
module does the talking: writes through ``helpers.streaming_bulk`` with per-item error
handling, back-off on 429, the alias swap of ``rebuild`` and the translation of every
transport failure into ``SearchUnavailable`` with a message naming the fix — the search
page then says "temporarily unavailable" and the outbox keeps the changes for later.

The client's major version must match the cluster's: a 9.x client sends
``compatible-with=9`` headers that an 8.x cluster rejects (HTTP 400
``media_type_header_exception``); pin ``elasticsearch>=8,<9`` for an 8.x cluster.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from typing import Any, TypeVar

import elasticsearch
from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError, helpers

from search import analysis, es_mapping, spelling
from search.backends.base import SearchBackend, SearchUnavailable
from search.collapse import collapses, readers_copies
from search.types import Hit, SearchDocument, SearchQuery, SearchResults, Suggestion

log = logging.getLogger(__name__)
T = TypeVar("T")
CLIENT_MAJOR = elasticsearch.__versionstr__.split(".")[0]
BULK_CHUNK = 500


class PartialIndexFailure(SearchUnavailable):
    """Some documents of a bulk write failed; the others are in the index.

    ``failed_ids`` are the documents to retry: an item's id, or the key of a question
    ("question:<id>"); every other document of the batch is in the index.
    """

    def __init__(self, message: str, failed_ids: list[int | str]) -> None:
        super().__init__(message)
        self.failed_ids = failed_ids


def _error_type(error: ApiError) -> str:
    body = error.body if isinstance(error.body, dict) else {}
    err = body.get("error")
    return str(err.get("type", "")) if isinstance(err, dict) else ""


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, url: str, alias: str = "portal-items", *,
                 request_timeout: float = 10.0, max_retries: int = 3,
                 initial_backoff: float = 0.5, max_backoff: float = 30.0,
                 client: Elasticsearch | None = None) -> None:
        self.url = url
        self.alias = alias
        self.max_retries = max_retries
        self.initial_backoff = initial_backoff
        self.max_backoff = max_backoff
        # 429 is left to our own back-off (the transport would retry it at once);
        # the transport still retries 502/503/504 and dead connections.
        self.client = client or Elasticsearch(
            url, request_timeout=request_timeout, max_retries=max_retries,
            retry_on_status=(502, 503, 504))
        self._alias_ready = False

    # -- failures ---------------------------------------------------------------
    @contextmanager
    def _translated(self, action: str) -> Iterator[None]:
        """Turn every client failure into SearchUnavailable with a useful message."""
        try:
            yield
        except SearchUnavailable:
            raise
        except ApiError as error:
            if _error_type(error) == "media_type_header_exception":
                raise SearchUnavailable(
                    f"Elasticsearch at {self.url} rejected the version header of the "
                    f"elasticsearch Python client {elasticsearch.__versionstr__} "
                    f"(compatible-with={CLIENT_MAJOR}): the cluster is an older major "
                    "version. Pin the client to the cluster's major version, e.g. "
                    "pip install 'elasticsearch>=8,<9' for an 8.x cluster (README, "
                    "Search).") from error
            if error.status_code == 429:
                raise SearchUnavailable(
                    f"Elasticsearch at {self.url} is overloaded (429 Too Many Requests) "
                    f"and still was after {self.max_retries} retries ({action}).") from error
            log.warning("Elasticsearch %s failed: %s %s", action, error.status_code,
                        error.body)
            raise SearchUnavailable(
                f"Elasticsearch at {self.url} answered {error.status_code} "
                f"({_error_type(error) or error.message}) to {action}.") from error
        except TransportError as error:  # connection refused, timeout, TLS, product check
            raise SearchUnavailable(
                f"Elasticsearch at {self.url} cannot be reached ({action}): {error}. "
                "Is the cluster running and PORTAL_ELASTICSEARCH_URL right?") from error

    def _call(self, action: str, fn: Callable[[], T]) -> T:
        """``fn()`` retried with exponential back-off while the cluster answers 429."""
        with self._translated(action):
            for attempt in range(self.max_retries + 1):
                try:
                    return fn()
                except ApiError as error:
                    if error.status_code != 429 or attempt == self.max_retries:
                        raise
                    time.sleep(min(self.max_backoff, self.initial_backoff * 2 ** attempt))
        raise AssertionError("unreachable")

    # -- index lifecycle --------------------------------------------------------
    def _indices_behind_alias(self) -> list[str]:
        if not self.client.indices.exists_alias(name=self.alias):
            return []
        return sorted(self.client.indices.get_alias(name=self.alias).body)

    def _create_index(self) -> str:
        name = es_mapping.index_name(self.alias, datetime.now(UTC))
        self.client.indices.create(index=name, **es_mapping.index_body())
        return name

    def ensure_index(self) -> None:
        """Create the first index and its alias if there is none yet."""
        if self._alias_ready:
            return

        def ensure() -> None:
            if not self._indices_behind_alias():
                name = self._create_index()
                self.client.indices.put_alias(index=name, name=self.alias)

        self._call("creating the index", ensure)
        self._alias_ready = True

    # -- writes -----------------------------------------------------------------
    def _bulk(self, actions: Iterable[dict[str, Any]], action: str) -> int:
        """Stream ``actions``; per-item failures are collected, then raised together."""
        failed: list[int | str] = []
        reasons: list[str] = []
        done = 0
        with self._translated(action):
            for ok, info in helpers.streaming_bulk(
                    self.client, actions, chunk_size=BULK_CHUNK,
                    max_retries=self.max_retries, initial_backoff=self.initial_backoff,
                    max_backoff=self.max_backoff, raise_on_error=False,
                    raise_on_exception=False):
                op, result = next(iter(info.items()))
                # Deleting what is not there is not an error (the contract).
                if ok or (op == "delete" and result.get("status") == 404):
                    done += 1
                    continue
                key = str(result.get("_id", 0))
                failed.append(int(key) if key.isdigit() else key)
                error = result.get("error")
                reasons.append(str(error.get("type") if isinstance(error, dict) else error))
        if failed:
            raise PartialIndexFailure(
                f"Elasticsearch refused {len(failed)} of {len(failed) + done} documents "
                f"({', '.join(sorted(set(reasons)))}); they will be retried.", failed)
        return done

    def index(self, documents: Iterable[SearchDocument]) -> None:
        self.ensure_index()
        self._bulk((es_mapping.index_action(d, self.alias) for d in documents), "indexing")

    def delete(self, keys: Iterable[int | str]) -> None:
        self.ensure_index()
        self._bulk((es_mapping.delete_action(k, self.alias) for k in keys), "deleting")

    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        """New index from the mapping, bulk load, refresh, atomic alias swap, drop old.

        Searches keep hitting the old index until the swap. Changes made while the
        rebuild runs go to the old index; the outbox rows written meanwhile are drained
        again after the swap by the indexer.
        """
        old = self._call("listing indices", self._indices_behind_alias)
        new = self._call("creating the index", self._create_index)
        try:
            count = self._bulk((es_mapping.index_action(d, new) for d in documents),
                               "rebuilding")
            self._call("refreshing", lambda: self.client.indices.refresh(index=new))
            actions: list[dict[str, Any]] = [
                {"remove": {"index": name, "alias": self.alias}} for name in old]
            actions.append({"add": {"index": new, "alias": self.alias}})
            self._call("swapping the alias",
                       lambda: self.client.indices.update_aliases(actions=actions))
        except BaseException:
            # Leave the live index as it was; drop the half-built one (best effort: the
            # first failure is the one to report).
            with suppress(SearchUnavailable):
                self._call("dropping the new index", lambda: self.client.indices.delete(
                    index=new, ignore_unavailable=True))
            raise
        for name in old:
            self._call("dropping the old index",
                       lambda n=name: self.client.indices.delete(index=n,
                                                                 ignore_unavailable=True))
        self._alias_ready = True
        return count

    # -- reads ------------------------------------------------------------------
    def _search(self, action: str, body: dict[str, Any]) -> dict[str, Any] | None:
        """The response body, or None while nothing was ever indexed (no alias yet)."""
        def run() -> dict[str, Any] | None:
            try:
                return self.client.search(index=self.alias, body=body).body
            except NotFoundError as error:
                if _error_type(error) == "index_not_found_exception":
                    return None
                raise

        return self._call(action, run)

    def results(self, query: SearchQuery) -> SearchResults:
        # Nothing searchable typed ("", "*", "NEAR ("): no results, as the embedded
        # backend answers, rather than every item.
        if analysis.parse_query(query.text).empty:
            return SearchResults(total=0, hits=[], facets={})
        response = self._search("searching", es_mapping.search_body(query))
        if response is None:
            return SearchResults(total=0, hits=[], facets={})
        results = es_mapping.read_results(response, query)
        if collapses(query) and query.tenant_id is not None:
            reader = query.tenant_id
            results = dataclasses.replace(results, hits=readers_copies(
                results.hits, reader, lambda keys: self._own_copies(query, reader, keys)))
        return results

    def _own_copies(self, query: SearchQuery, reader: int, keys: set[str]) -> list[Hit]:
        """The reader's site's copies of the documents of ``keys``."""
        response = self._search("searching", es_mapping.copies_body(query, reader, keys))
        return es_mapping.read_results(response).hits if response else []

    def did_you_mean(self, query: SearchQuery) -> str:
        """The query with each syllable the index lacks corrected to its nearest
        frequent term (term suggesters on the folded fields), "" unless that finds
        results. The folded fields hold no accents: the correction is shown folded."""
        parsed = analysis.parse_query(query.text)
        if parsed.phrases or parsed.numbers or not parsed.words:
            return ""
        words = analysis.folded(list(parsed.words))
        response = self._search("suggesting a spelling", es_mapping.spelling_body(words))
        missing = es_mapping.read_spelling(response or {})
        corrected = spelling.correct(words, lambda word: word not in missing,
                                     lambda word: missing[word])
        if corrected is None:
            return ""
        text = " ".join(corrected)
        probe = dataclasses.replace(query, text=text, per_page=1, want_facets=False)
        found = self._search("searching", es_mapping.search_body(probe))
        return text if found and es_mapping.read_results(found).total else ""

    def suggest(self, query: SearchQuery, limit: int = 8) -> list[Suggestion]:
        if not analysis.syllables(query.text):
            return []
        response = self._search("suggesting", es_mapping.suggest_body(query, limit))
        return es_mapping.read_suggestions(response) if response else []

    def drop(self) -> None:
        """Delete the alias and every index behind it (test clusters, decommissioning)."""
        def drop() -> None:
            for name in self._indices_behind_alias():
                self.client.indices.delete(index=name, ignore_unavailable=True)

        self._call("dropping the index", drop)
        self._alias_ready = False

    def count(self) -> int:
        def count() -> int:
            if not self.client.indices.exists_alias(name=self.alias):
                return 0
            return int(self.client.count(index=self.alias)["count"])

        return self._call("counting", count)

    def refresh(self) -> None:
        self._call("refreshing", lambda: self.client.indices.refresh(index=self.alias))

    def close(self) -> None:
        self.client.close()
