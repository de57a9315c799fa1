"""The embedded backend: tantivy, an in-process Lucene-class engine, on local disk
(``store``), answering the interface of ``search.backends.base``.

Writes replace documents by their id (``schema.numeric_id``) in one batch under the
writer lock; searches rank on the calling thread while the facet counts run on another
core (tantivy releases the GIL), and a large index is ranked in two halves at once.
"""

from __future__ import annotations

import dataclasses
import os
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor

import tantivy

from search import analysis, spelling
from search.backends.base import SearchBackend, SearchUnavailable
from search.backends.embedded.converting import converted
from search.backends.embedded.hits import hit_of, stored_fields
from search.backends.embedded.query import (
    RESCORE_DEPTH,
    build_filters,
    build_match_query,
    build_text_query,
    count_facets,
    nearness_clauses,
    together_query,
)
from search.backends.embedded.schema import document_of, numeric_id, to_tantivy
from search.backends.embedded.store import IndexStore, UnreadableIndex
from search.collapse import break_ties, collapses, nearness, readers_copies
from search.types import Hit, SearchDocument, SearchQuery, SearchResults, Suggestion

# From this size on, a query that is not narrow ranks two halves of the index at once.
SPLIT_MIN_DOCS = 200_000
# Hits read past the page's end, to order a run of equal scores across it whole.
TIE_WINDOW = 10
CORRECTIONS_KEPT = 1_024  # misspelt one-word queries whose correction is kept
# "Did you mean" corrects a syllable to one of the index's most frequent folded terms.
VOCABULARY_SIZE = 50_000
# The fields whose exact (accented) terms give a corrected syllable its diacritics.
ACCENTED_FIELDS = ("title_exact", "summary_exact", "body_exact")


class EmbeddedBackend(SearchBackend):
    name = "embedded"

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.store = IndexStore(directory)
        self.directory = self.store.directory
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None
        self._pool_pid = 0
        self._split: tuple[float | None, int] | None = None  # (index version, item id)
        # (index version, the most frequent folded terms with their document counts)
        self._vocabulary: tuple[float | None, list[tuple[str, int]]] | None = None
        # (index version, a misspelt word as typed) -> its likeliest correction
        self._corrections: dict[tuple[float | None, str], str] = {}

    # --- writing -----------------------------------------------------------------
    def index(self, documents: Iterable[SearchDocument]) -> None:
        with self.store.failures(), self.store.writer() as writer:
            for doc in documents:
                writer.delete_documents_by_term("id", numeric_id(doc.doc_id))
                writer.add_document(to_tantivy(doc))

    def delete(self, keys: Iterable[int | str]) -> None:
        with self.store.failures(), self.store.writer() as writer:
            for key in keys:
                writer.delete_documents_by_term("id", numeric_id(key))

    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        # One commit at the end: searchers keep the old documents until then. An index
        # nothing can read (another schema, corrupt, gone) is replaced outright.
        try:
            with self.store.failures():
                self.store.searcher()
        except SearchUnavailable:
            self.store.discard()
        try:
            return self._fill(documents)
        except UnreadableIndex:  # its writer could not start: no document read yet
            self.store.discard()
            return self._fill(documents)

    def _fill(self, documents: Iterable[SearchDocument]) -> int:
        count = 0
        with self.store.failures(), self.store.writer() as writer:
            writer.delete_all_documents()
            for fields in converted(documents):  # analysed on every core
                writer.add_document(document_of(fields))
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
        with self.store.failures():
            self.store.refresh()

    def count(self) -> int:
        with self.store.failures():
            return int(self.store.searcher().num_docs)

    # --- reading -----------------------------------------------------------------
    def results(self, query: SearchQuery) -> SearchResults:
        with self.store.failures():
            return self._search(query)

    def did_you_mean(self, query: SearchQuery) -> str:
        with self.store.failures():
            return self._did_you_mean(query)

    def _search(self, query: SearchQuery) -> SearchResults:
        schema = self.store.open().schema
        parsed = analysis.parse_query(query.text)
        if parsed.empty:
            return SearchResults(total=0, hits=[], facets={})
        searcher = self.store.searcher()
        filters, narrow = build_filters(schema, searcher, query)
        text_query = build_text_query(schema, parsed, narrow, self._correction(searcher, parsed))
        # A document number scores every item carrying it alike: however many tie, the
        # nearest the reader come first. Text scores rarely tie beyond a page's edge.
        full = tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, text_query)] + filters
            + (nearness_clauses(schema, query.tenant_path) if parsed.numbers else []))
        offset = (query.page - 1) * query.per_page
        stop = offset + query.per_page
        # Ranked by relevance, a few hits past the page are read, so a run of equally
        # relevant hits across its edge is ordered whole (``collapse.break_ties``), and
        # the first ``RESCORE_DEPTH`` to score them again (``together_query``).
        together = together_query(schema, parsed) if query.sort != "date" else None
        window = max(stop + TIE_WINDOW, RESCORE_DEPTH if together is not None else 0)
        # The facet counts are a second pass over the same documents, unscored: tantivy
        # releases the GIL, so it runs on another core while this thread ranks the hits.
        counting = None
        if query.want_facets:
            matching = tantivy.Query.boolean_query(
                [(tantivy.Occur.Must, build_match_query(schema, parsed))] + filters)
            counting = self._threads().submit(count_facets, searcher, matching)
        try:
            split = self._split_point(searcher) if not narrow and query.sort != "date" \
                else None
            if query.sort == "date":
                result = searcher.search(full, query.per_page, count=True, offset=offset,
                                         order_by_field="published_at")
                total, ranked = result.count or 0, result.hits
            elif split is None:
                result = searcher.search(full, window, count=True)
                total, ranked = result.count or 0, result.hits
            else:
                total, ranked = self._search_halves(searcher, schema, full, split, window)
            facets = counting.result() if counting is not None else {}
        except ValueError as exc:
            raise SearchUnavailable(str(exc)) from exc
        stored: dict[tuple[int, int], tantivy.Document] = {}

        def read(address: tantivy.DocAddress) -> tantivy.Document:
            key = (address.segment_ord, address.doc)
            if key not in stored:
                stored[key] = searcher.doc(address)
            return stored[key]

        if together is not None:
            ranked = self._rescored(searcher, schema, ranked, together, read)
        if query.sort != "date":
            ranked = break_ties(
                ranked, score=lambda hit: hit[0], start=offset, stop=stop,
                near=lambda hit: nearness(query.tenant_path,
                                          read(hit[1]).get_first("tenant_path") or ""),
                published=lambda hit: read(hit[1]).get_first("published_at"))
        words = parsed.all_words()
        hits = [hit_of(read(address), words, float(score) if query.sort != "date" else 0.0)
                for score, address in ranked]
        if collapses(query) and query.tenant_id is not None:
            reader = query.tenant_id
            hits = readers_copies(hits, reader, lambda keys: self._own_copies(
                searcher, schema, query, text_query, keys, words))
        return SearchResults(total=total, hits=hits, facets=facets)

    @staticmethod
    def _rescored(searcher: tantivy.Searcher, schema: tantivy.Schema,
                  ranked: list[tuple[float, tantivy.DocAddress]], together: tantivy.Query,
                  read: Callable[[tantivy.DocAddress], tantivy.Document]
                  ) -> list[tuple[float, tantivy.DocAddress]]:
        """``ranked`` with its first ``RESCORE_DEPTH`` hits scored again: each gains its
        score for ``together``, then they are ordered anew; the rest keep their place."""
        first, rest = ranked[:RESCORE_DEPTH], ranked[RESCORE_DEPTH:]
        if not first:
            return ranked
        ids = [read(address).get_first("id") for _score, address in first]
        among = tantivy.Query.boolean_query([
            (tantivy.Occur.Must, tantivy.Query.const_score_query(
                tantivy.Query.term_set_query(schema, "id", ids), 0.0)),
            (tantivy.Occur.Must, together)])
        gained = {(address.segment_ord, address.doc): score
                  for score, address in searcher.search(among, len(first), count=False).hits}
        again = [(score + gained.get((address.segment_ord, address.doc), 0.0), address)
                 for score, address in first]
        again.sort(key=lambda hit: -hit[0])  # stable: equal scores keep their order
        return again + rest

    @staticmethod
    def _own_copies(searcher: tantivy.Searcher, schema: tantivy.Schema, query: SearchQuery,
                    text_query: tantivy.Query, keys: set[str], words: list[str]
                    ) -> list[Hit]:
        """The reader's site's copies of the documents of ``keys`` that ``query`` finds
        on that site (its words, type and dates: a copy edited there may not match)."""
        own, _narrow = build_filters(schema, searcher, dataclasses.replace(
            query, scope="site", site_ids=()))
        mine = tantivy.Query.boolean_query([
            (tantivy.Occur.Must, text_query), *own,
            (tantivy.Occur.Must, tantivy.Query.const_score_query(tantivy.Query.term_set_query(
                schema, "copy_key", sorted(keys)), 0.0))])
        return [hit_of(searcher.doc(address), words, 0.0)
                for _score, address in searcher.search(mine, len(keys), count=False).hits]

    def _did_you_mean(self, query: SearchQuery) -> str:
        """The query with each syllable the index lacks corrected to its nearest
        frequent term, and each syllable typed without diacritics accented as the
        items write it most; "" unless that finds results.

        Only words are corrected: a query with quoted phrases or document numbers is
        meant as typed."""
        parsed = analysis.parse_query(query.text)
        if parsed.phrases or parsed.numbers or not parsed.words:
            return ""
        searcher = self.store.searcher()
        words = analysis.folded(list(parsed.words))
        corrected = spelling.correct(
            words, lambda term: searcher.doc_freq("text_fold", term) > 0,
            lambda _word: self._folded_vocabulary(searcher))
        if corrected is None:
            return ""
        # What was typed with diacritics stays; the rest takes the items' accents.
        shown = [typed if word == fixed != typed else self._accented(searcher, fixed)
                 for typed, word, fixed in zip(parsed.words, words, corrected, strict=True)]
        text = " ".join(shown)
        probe = dataclasses.replace(query, text=text, per_page=1, want_facets=False)
        return text if self._search(probe).total else ""

    def _correction(self, searcher: tantivy.Searcher, parsed: analysis.ParsedQuery) -> str:
        """The likeliest word meant by a one-word query the index does not hold and
        that is matched loosely (``spelling.likeliest``), "" otherwise."""
        if len(parsed.words) != 1 or parsed.phrases or parsed.numbers:
            return ""
        typed = parsed.words[0]
        folded = analysis.fold(typed)
        if not spelling.fuzzy_distance(folded) or searcher.doc_freq("text_fold", folded):
            return ""
        # Walking the vocabulary costs tens of milliseconds: each misspelling once per
        # index version (a page of results and its next page ask the same).
        key = (self.store.seen_version, typed)
        if key not in self._corrections:
            if len(self._corrections) >= CORRECTIONS_KEPT:
                self._corrections.clear()
            self._corrections[key] = spelling.likeliest(
                typed, self._folded_vocabulary(searcher),
                lambda term: self._accented_forms(searcher, term)) or ""
        return self._corrections[key]

    def _folded_vocabulary(self, searcher: tantivy.Searcher) -> list[tuple[str, int]]:
        version = self.store.seen_version
        if self._vocabulary is None or self._vocabulary[0] != version:
            terms = searcher.terms_with_prefix("text_fold", "", limit=VOCABULARY_SIZE)
            self._vocabulary = (version, [(str(term), int(count)) for term, count in terms
                                          if str(term).isalpha()])
        return self._vocabulary[1]

    @classmethod
    def _accented(cls, searcher: tantivy.Searcher, folded: str) -> str:
        """The accented syllable the items use most for ``folded`` ("chinh" ->
        "chính"), or ``folded`` itself when they write it without diacritics."""
        counts = cls._accented_forms(searcher, folded)
        return max(counts, key=lambda term: (counts[term], term)) if counts else folded

    @staticmethod
    def _accented_forms(searcher: tantivy.Searcher, folded: str) -> dict[str, int]:
        """Every way the items write ``folded`` ("thuong" -> "thường", "thương",
        "thưởng" …) and in how many documents.

        Its accented forms start with its first letter accented or not, then the
        consonants that folding leaves alone: the term dictionary is walked from there.
        """
        consonants = len(folded) - len(folded.lstrip("bcdfghjklmnpqrstvwxz"))
        rest = folded[1:max(consonants, 1)]
        starts = {letter + rest for letter in spelling.accented_letters(folded[0])}
        counts: dict[str, int] = {}
        for field in ACCENTED_FIELDS:
            for prefix in starts:
                for term, count in searcher.terms_with_prefix(field, prefix):
                    if analysis.fold(str(term)) == folded:
                        counts[str(term)] = counts.get(str(term), 0) + int(count)
        return counts

    def _split_point(self, searcher: tantivy.Searcher) -> int | None:
        """The item id that cuts a large index in two halves, or None for a small one.

        A query that matches most of the province (no narrowing filter) scores every
        matching item: the two halves are ranked on two threads (tantivy releases the
        GIL) and merged; the scores are the same (statistics are the whole index's)."""
        if searcher.num_docs < SPLIT_MIN_DOCS:
            return None
        version = self.store.seen_version
        if self._split is None or self._split[0] != version:
            stats = searcher.aggregate(tantivy.Query.all_query(),
                                       {"ids": {"stats": {"field": "id"}}})["ids"]
            self._split = (version, int((stats["min"] + stats["max"]) // 2))
        return self._split[1]

    def _search_halves(self, searcher: tantivy.Searcher, schema: tantivy.Schema,
                       full: tantivy.Query, split: int, wanted: int
                       ) -> tuple[int, list[tuple[float, tantivy.DocAddress]]]:
        def half(low: int | None, high: int | None) -> tantivy.Query:
            ids = tantivy.Query.range_query(schema, "id", tantivy.FieldType.Integer,
                                            low, high)
            return tantivy.Query.boolean_query([
                (tantivy.Occur.Must, full),
                (tantivy.Occur.Must, tantivy.Query.const_score_query(ids, 0.0))])

        first = self._threads().submit(searcher.search, half(None, split), wanted,
                                          count=True)
        second = searcher.search(half(split + 1, None), wanted, count=True)
        lower = first.result()
        merged = sorted(lower.hits + second.hits,
                        key=lambda hit: (-hit[0], hit[1].segment_ord, hit[1].doc))
        return (lower.count or 0) + (second.count or 0), merged[:wanted]

    def suggest(self, query: SearchQuery, limit: int = 8) -> list[Suggestion]:
        with self.store.failures():
            return self._suggest(query, limit)

    def _suggest(self, query: SearchQuery, limit: int) -> list[Suggestion]:
        tokens = analysis.folded(analysis.syllables(query.text))[:8]
        if not tokens:
            return []
        schema = self.store.open().schema
        searcher = self.store.searcher()
        prefix = tantivy.Query.phrase_prefix_query(schema, "title_fold", tokens)
        full = tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, prefix)]
            + build_filters(schema, searcher, query)[0])
        result = searcher.search(full, limit, count=False)
        out = []
        for _score, address in result.hits:
            _data, shown = stored_fields(searcher.doc(address))
            out.append(Suggestion(title=shown.get("title", ""), url=shown.get("url", "")))
        return out
