"""The Elasticsearch side of search as plain data: the versioned index mapping, the
document each item becomes, the query DSL built from a ``SearchQuery`` and the reading
of a response back into ``SearchResults``.

Nothing here talks to a cluster, so every builder is checked against reviewed golden
JSON (``tests/search/es/golden/``) without one. The layout (DESIGN.md, "Search"): ONE
shared index behind an alias for every site — never an index per tenant — with an
exact text field and a folded sub-field (``lowercase`` + ``asciifolding``, which maps
``đ`` to ``d``), keyword fields for the scopes and filters. The attached files' text
(``files``: each file's name and text) is matched with the rest at the lowest boost,
and a hit whose snippet comes from a file names it.

The citizen's text never reaches a query parser: ``search.analysis.parse_query`` turns
it into words, phrases and document numbers, which go into ``multi_match`` /
``match_phrase`` / ``term`` clauses as values, so ``"``, ``*``, ``(``, ``:``, ``NEAR``
cannot cause a syntax error.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import escape

from search import analysis, spelling
from search.collapse import ALL_SITES, break_ties, collapses, nearness, path_ids, tails_of
from search.types import (
    FACETS,
    Hit,
    SearchDocument,
    SearchQuery,
    SearchResults,
    Suggestion,
    file_holding,
)

MAPPING_VERSION = 4  # the last change: neighbouring syllables as pairs (``pairs``)
MAPPING_FILE = Path(__file__).parent / "es" / f"mapping-v{MAPPING_VERSION}.json"

# Boosts: an exact-diacritics match scores on both the exact and the folded clause, a
# folded-only match on one, so exact matches rank first. A document number typed as such
# outranks any text match.
EXACT_BOOST = 2.0
NUMBER_BOOST = 2000.0
NUMBER_PREFIX_BOOST = 1000.0
# One word alone, one or two edits away (``search.spelling.fuzzy_distance``): a constant
# score below any exact or folded match.
FUZZY_BOOST = 0.01
# The words typed found together, in order (``together``), among the first results.
PHRASE_BOOST = 8.0
PHRASE_MAX_WORDS = 8
RESCORE_DEPTH = 100
# Two neighbouring words typed, found as neighbours (each text's ``pairs`` sub-field, a
# shingle of two folded syllables): over every match, optional (``pairs``).
PAIR_BOOST = 2.0
PAIR_FIELDS = ["title.pairs", "summary.pairs", "body_text.pairs", "files.text.pairs"]
NEARNESS_STEP = 0.0001  # a level nearer the reader, for the ties of a document number
# "Did you mean": the folded fields whose terms may replace a misspelt syllable.
SPELLING_FIELDS = ("title.folded", "body_text.folded")
SPELLING_OPTIONS = 8
EXACT_FIELDS = ["title^3", "summary^2", "body_text", "files.text^0.2"]
FOLDED_FIELDS = ["title.folded^3", "summary.folded^2", "body_text.folded",
                 "document_number.folded^2", "issuer.folded", "files.text.folded^0.2"]
SNIPPET_FIELDS = ("body_text", "body_text.folded", "summary", "summary.folded")
FILE_SNIPPET_FIELDS = ("files.text", "files.text.folded")
SNIPPET_CHARS = 180
HIGHLIGHT_MAX_CHARS = 999_999  # under the index's default limit of a million
FACET_SIZE = 20
SITE_FACET_SIZE = 100
_MARK = re.compile(r"</?mark>")
# Elasticsearch refuses from + size beyond index.max_result_window (10,000).
MAX_RESULT_WINDOW = 10_000
# Hits fetched around a page ranked by relevance, to order ties across its edges; the
# first pages (up to this position) fetch from the first hit, so ties are whole.
TIE_WINDOW = 10
TIE_FROM_START = 200

# Facet name (search.types.FACETS) -> keyword field of the mapping.
FACET_FIELDS = {"type": "type", "site": "tenant_id", "document_type": "document_type",
                "issuer": "issuer", "field": "field", "year": "year"}
assert set(FACET_FIELDS) == set(FACETS)


@cache
def index_body() -> dict[str, Any]:
    """Settings and mappings of a new index (the versioned JSON file)."""
    return json.loads(MAPPING_FILE.read_text(encoding="utf-8"))


def index_name(alias: str, stamp: datetime) -> str:
    """A concrete index behind ``alias``: ``portal-items-v1-20261123024800123456``."""
    return f"{alias}-v{MAPPING_VERSION}-{stamp.strftime('%Y%m%d%H%M%S%f')}"


def document_source(doc: SearchDocument) -> dict[str, Any]:
    """The ``_source`` stored for one item or question (``item_id`` is then the
    question's id, ``type`` "question"); text in NFC, as the analysis expects."""
    key = analysis.number_key(doc.number_key or doc.document_number)
    return {
        "item_id": doc.item_id,
        "tenant_id": str(doc.tenant_id),
        "tenant_path": doc.tenant_path,
        # "/1/7/42/" -> ["1", "7", "42"]: the subtree of any of them, by tenant id alone.
        "ancestor_ids": [part for part in doc.tenant_path.split("/") if part],
        # Copies of one document: their shared key, the sites whose search shows
        # another copy of it (``search.collapse``), how many sites publish it.
        "copy_key": doc.copy_key,
        "tails": [str(site) for site in sorted(tails_of(doc))],
        "copies": doc.copies,
        "site_name": doc.site_name,
        "site_host": doc.site_host,
        "url": doc.url,
        "type": doc.type,
        "locale": doc.locale,
        "title": analysis.normalise(doc.title),
        "summary": analysis.normalise(doc.summary),
        "body_text": analysis.normalise(doc.body_text),
        "files": [{"name": name, "text": analysis.normalise(text)}
                  for name, text in doc.files],
        "category": doc.category,
        "document_type": doc.document_type,
        "issuer": analysis.normalise(doc.issuer),
        "field": doc.field,
        "document_number": analysis.normalise(doc.document_number),
        "number_key": key,
        "number_prefixes": analysis.number_prefixes(key),
        "published_at": doc.published_at.isoformat(),
        "year": str(doc.year),
    }


def index_action(doc: SearchDocument, index: str) -> dict[str, Any]:
    """A ``helpers.streaming_bulk`` action that adds or replaces one document, under
    its ``doc_id`` ("42" for an item, "question:42" for a question)."""
    return {"_op_type": "index", "_index": index, "_id": doc.doc_id,
            "_source": document_source(doc)}


def delete_action(key: int | str, index: str) -> dict[str, Any]:
    """Removes one document by its key (``search.types.document_key``)."""
    return {"_op_type": "delete", "_index": index, "_id": str(key)}


def _either(exact: dict[str, Any], folded: dict[str, Any]) -> dict[str, Any]:
    return {"bool": {"should": [exact, folded], "minimum_should_match": 1}}


def _fuzzy(folded: str) -> list[dict[str, Any]]:
    """A one-word query's loose clause: the word one edit away (five to seven letters)
    or two (eight and more), a swap counting as one; none for a shorter word."""
    distance = spelling.fuzzy_distance(folded)
    if not distance:
        return []
    return [{"constant_score": {"boost": FUZZY_BOOST, "filter": {"multi_match": {
        "query": folded, "fields": [name.split("^")[0] for name in FOLDED_FIELDS],
        "fuzziness": distance, "fuzzy_transpositions": True, "prefix_length": 0}}}}]


def text_clauses(parsed: analysis.ParsedQuery) -> list[dict[str, Any]]:
    """One clause per part of the query, all of which must match."""
    clauses: list[dict[str, Any]] = []
    if parsed.words:
        exact = " ".join(parsed.words)
        # cross_fields + and: every word somewhere in the item, not all in one field.
        words = _either(
            {"multi_match": {"query": exact, "type": "cross_fields", "operator": "and",
                             "fields": EXACT_FIELDS, "boost": EXACT_BOOST}},
            {"multi_match": {"query": analysis.fold(exact), "type": "cross_fields",
                             "operator": "and", "fields": FOLDED_FIELDS}},
        )
        if len(parsed.words) == 1 and not (parsed.phrases or parsed.numbers):
            words["bool"]["should"].extend(_fuzzy(analysis.fold(exact)))
        clauses.append(words)
    for phrase in parsed.phrases:
        exact = " ".join(phrase)
        clauses.append(_either(
            {"multi_match": {"query": exact, "type": "phrase", "fields": EXACT_FIELDS,
                             "boost": EXACT_BOOST}},
            {"multi_match": {"query": analysis.fold(exact), "type": "phrase",
                             "fields": FOLDED_FIELDS}},
        ))
    for key in parsed.numbers:
        # The item with that number first, every item so numbered alike (the tie falls
        # to the reader's nearest site); items citing it in their text after.
        clauses.append({"dis_max": {"tie_breaker": 0.0, "queries": [
            {"constant_score": {"filter": {"term": {"number_key": key}},
                                "boost": NUMBER_BOOST}},
            {"constant_score": {"filter": {"term": {"number_prefixes": key}},
                                "boost": NUMBER_PREFIX_BOOST}},
            {"multi_match": {"query": key.replace("/", " ").replace("-", " "),
                             "type": "phrase", "fields": FOLDED_FIELDS}},
        ]}})
    return clauses


def filter_clauses(query: SearchQuery) -> list[dict[str, Any]]:
    """Locale, scope and the citizen's filters: no scoring, cached by the engine."""
    filters: list[dict[str, Any]] = [{"term": {"locale": query.locale}}]
    if query.scope == "site" and query.tenant_id is not None:
        filters.append({"term": {"tenant_id": str(query.tenant_id)}})
    elif query.scope == "subtree" and query.tenant_path:
        filters.append({"prefix": {"tenant_path": query.tenant_path}})
    elif query.scope == "subtree" and query.tenant_id is not None:
        filters.append({"term": {"ancestor_ids": str(query.tenant_id)}})
    if query.copies_of:
        filters.append({"term": {"copy_key": query.copies_of}})
    elif collapses(query):
        # One result per document: the copies another copy stands for are left out.
        shown_by = query.tenant_id if query.scope == "subtree" else ALL_SITES
        filters.append({"bool": {"must_not": {"term": {"tails": str(shown_by)}}}})
    if query.types:
        filters.append({"terms": {"type": list(query.types)}})
    if query.site_ids:
        filters.append({"terms": {"tenant_id": [str(i) for i in query.site_ids]}})
    if query.fields:
        # "Lĩnh vực" of documents and procedures, or the category of other items.
        filters.append({"bool": {"should": [
            {"terms": {"field": list(query.fields)}},
            {"terms": {"category": list(query.fields)}},
        ], "minimum_should_match": 1}})
    if query.document_types:
        filters.append({"terms": {"document_type": list(query.document_types)}})
    if query.issuers:
        filters.append({"terms": {"issuer": list(query.issuers)}})
    if query.date_from or query.date_to:
        bounds: dict[str, str] = {}
        start, end = query.published_between()  # Viet Nam's days, as instants
        if start:
            bounds["gte"] = start.isoformat()
        if end:  # the whole last day: before the next one starts
            bounds["lt"] = end.isoformat()
        filters.append({"range": {"published_at": bounds}})
    return filters


def _page(query: SearchQuery) -> tuple[int, int]:
    """The first and the last-but-one position of the page ``query`` asks for."""
    per_page = max(1, min(query.per_page, 100))
    start = min(max(0, (max(query.page, 1) - 1) * per_page), MAX_RESULT_WINDOW - per_page)
    return start, start + per_page


def _window(query: SearchQuery, by_date: bool) -> tuple[int, int]:
    """``from`` and ``size`` of the hits to fetch: the page, and — ranked by relevance
    — ``TIE_WINDOW`` hits around it, so that a run of equally relevant hits across its
    edges is ordered whole (``read_results``); from the first hit for early pages."""
    start, stop = _page(query)
    if by_date:
        return start, stop - start
    first = 0 if start <= TIE_FROM_START else start - TIE_WINDOW
    return first, min(stop + TIE_WINDOW, MAX_RESULT_WINDOW) - first


def together(parsed: analysis.ParsedQuery) -> dict[str, Any] | None:
    """The first ``RESCORE_DEPTH`` results scored again with the words typed found
    together in their order, that score added (``rescore``): an item holding the
    phrase above one that scatters the words. None for fewer than two words."""
    if not 2 <= len(parsed.words) <= PHRASE_MAX_WORDS:
        return None
    return {"window_size": RESCORE_DEPTH, "query": {
        "rescore_query": {"multi_match": {
            "query": analysis.fold(" ".join(parsed.words)), "type": "phrase",
            "fields": FOLDED_FIELDS}},
        "query_weight": 1.0, "rescore_query_weight": PHRASE_BOOST}}


def pairs(parsed: analysis.ParsedQuery) -> list[dict[str, Any]]:
    """An optional clause lifting the items that hold two neighbouring words typed as
    neighbours ("bang gia dat": bảng giá, giá đất), as ``search.analysis.pairs`` does
    for the embedded index; none for fewer than two words."""
    if len(parsed.words) < 2:
        return []
    return [{"combined_fields": {"query": " ".join(parsed.words), "fields": PAIR_FIELDS,
                                 "boost": PAIR_BOOST}}]


def nearness_clauses(reader_path: str) -> list[dict[str, Any]]:
    """A step of ``NEARNESS_STEP`` per level for an item of the reader's site, its
    parent, … the province (``search.collapse.nearness``, for ties of any size)."""
    return [{"constant_score": {"filter": {"term": {"tenant_id": str(site)}},
                                "boost": NEARNESS_STEP * level}}
            for level, site in enumerate(path_ids(reader_path), 1)]


def search_body(query: SearchQuery) -> dict[str, Any]:
    """The request body of ``_search`` for ``query``."""
    parsed = analysis.parse_query(query.text)
    # The backend answers an empty query without asking; match_all keeps this total.
    must = text_clauses(parsed) or [{"match_all": {}}]
    by_date = query.sort == "date" or parsed.empty
    start, size = _window(query, by_date)
    scored: dict[str, Any] = {"must": must, "filter": filter_clauses(query)}
    should = pairs(parsed)
    if parsed.numbers and query.tenant_path:
        # Every item carrying the number scores alike: the nearest the reader first.
        should += nearness_clauses(query.tenant_path)
    if should:
        scored["should"] = should
    body: dict[str, Any] = {
        "query": {"bool": scored},
        "from": start,
        "size": size,
        "track_total_hits": True,
        "_source": {"excludes": ["body_text"]},
        "sort": ([{"published_at": "desc"}, {"item_id": "desc"}] if by_date
                 else ["_score", {"published_at": "desc"}]),
        "highlight": {
            "pre_tags": ["<mark>"],
            "post_tags": ["</mark>"],
            "encoder": "html",
            "fragment_size": SNIPPET_CHARS,
            "number_of_fragments": 1,
            # An item with long files would otherwise fail the whole search (more than
            # index.highlight.max_analyzed_offset characters): highlight their start.
            "max_analyzed_offset": HIGHLIGHT_MAX_CHARS,
            "fields": {name: {} for name in SNIPPET_FIELDS + FILE_SNIPPET_FIELDS},
        },
    }
    rescore = None if by_date else together(parsed)
    if rescore is not None:
        body["rescore"] = rescore
    if query.want_facets:
        body["aggs"] = {
            name: {"terms": {"field": field,
                             "size": SITE_FACET_SIZE if name == "site" else FACET_SIZE}}
            for name, field in FACET_FIELDS.items()
        }
    return body


def copies_body(query: SearchQuery, reader: int, keys: set[str]) -> dict[str, Any]:
    """The request body finding the reader's site's copies of the documents of
    ``keys`` (copy keys), snippets as ``query`` marks them."""
    body = search_body(dataclasses.replace(query, scope="site", tenant_id=reader, page=1,
                                           per_page=len(keys), want_facets=False))
    body["query"]["bool"]["filter"].append({"terms": {"copy_key": sorted(keys)}})
    return body


def suggest_body(query: SearchQuery, limit: int) -> dict[str, Any]:
    """Titles completing the query: its last word as a prefix (``bool_prefix``)."""
    text = " ".join(analysis.syllables(query.text))
    return {
        "query": {"bool": {
            "must": [{"multi_match": {
                "query": analysis.fold(text), "type": "bool_prefix",
                "fields": ["title.folded"], "operator": "and"}}],
            "should": [{"multi_match": {
                "query": text, "type": "bool_prefix", "fields": ["title"],
                "operator": "and", "boost": EXACT_BOOST}}],
            "filter": filter_clauses(query),
        }},
        "size": max(1, min(limit, 20)),
        "_source": ["title", "url"],
    }


def spelling_body(words: list[str]) -> dict[str, Any]:
    """The request body asking the index's terms near each folded syllable of
    ``words`` that it does not hold (term suggesters, ``suggest_mode: missing``)."""
    settings = {"suggest_mode": "missing", "max_edits": 2, "prefix_length": 0,
                "min_word_length": 1, "string_distance": "damerau_levenshtein",
                "size": SPELLING_OPTIONS}
    return {"size": 0, "suggest": {"text": " ".join(words), **{
        field.split(".")[0]: {"term": {"field": field, **settings}}
        for field in SPELLING_FIELDS}}}


def read_spelling(response: dict[str, Any]) -> dict[str, list[tuple[str, int]]]:
    """Each syllable no spelling field holds -> its candidates (term, documents).

    ``suggest_mode: missing`` gives no option for a syllable a field holds: one field
    without options (the syllable is there, or nothing is near it) keeps it as typed."""
    options: dict[str, list[tuple[str, int]]] = {}
    bare: set[str] = set()
    for entries in response.get("suggest", {}).values():
        for entry in entries:
            word = str(entry["text"])
            found = [(str(o["text"]), int(o.get("freq", 0))) for o in entry["options"]]
            if found:
                options.setdefault(word, []).extend(found)
            else:
                bare.add(word)
    return {word: found for word, found in options.items() if word not in bare}


def _snippet(source: dict[str, Any], highlight: dict[str, list[str]]) -> tuple[str, str]:
    """The hit's snippet, and the name of the file it comes from ("" when not from a
    file): the item's own text first."""
    for name in SNIPPET_FIELDS:
        if highlight.get(name):
            return highlight[name][0], ""  # already HTML-escaped by the "html" encoder
    for name in FILE_SNIPPET_FIELDS:
        if highlight.get(name):
            fragment = highlight[name][0]
            plain = html.unescape(_MARK.sub("", fragment))
            files = [(file.get("name", ""), file.get("text", ""))
                     for file in source.get("files", [])]
            return fragment, file_holding(plain, files)
    text = source.get("summary") or source.get("title") or ""
    return str(escape(text[:SNIPPET_CHARS])), ""


def read_results(response: dict[str, Any], query: SearchQuery | None = None
                 ) -> SearchResults:
    """``SearchResults`` from a ``_search`` response body; given the ``query`` it was
    made for, the page's hits once equally relevant ones are ordered nearest the
    reader first (``search.collapse.break_ties``)."""
    hits = []
    for raw in response["hits"]["hits"]:
        source = raw["_source"]
        snippet, file_name = _snippet(source, raw.get("highlight", {}))
        hits.append(Hit(
            item_id=int(source["item_id"]), title=source["title"], url=source["url"],
            site_name=source["site_name"], site_host=source["site_host"],
            type=source["type"], snippet=snippet,
            published_at=datetime.fromisoformat(source["published_at"]),
            score=float(raw.get("_score") or 0.0), file_name=file_name,
            tenant_id=int(source.get("tenant_id") or 0),
            tenant_path=source.get("tenant_path", ""),
            copy_key=source.get("copy_key", ""), copies=int(source.get("copies") or 1),
        ))
    if query is not None and not (query.sort == "date"
                                  or analysis.parse_query(query.text).empty):
        first, _size = _window(query, by_date=False)
        start, stop = _page(query)
        hits = break_ties(hits, score=lambda hit: hit.score, start=start - first,
                          stop=stop - first,
                          near=lambda hit: nearness(query.tenant_path, hit.tenant_path),
                          published=lambda hit: hit.published_at)
    total = response["hits"]["total"]
    facets = {
        # Items without the field are indexed with "": not a value to filter on.
        name: [(str(b["key"]), int(b["doc_count"])) for b in agg.get("buckets", [])
               if str(b["key"]) != ""]
        for name, agg in response.get("aggregations", {}).items()
    }
    return SearchResults(total=int(total["value"] if isinstance(total, dict) else total),
                         hits=hits, facets=facets)


def read_suggestions(response: dict[str, Any]) -> list[Suggestion]:
    return [Suggestion(title=h["_source"]["title"], url=h["_source"]["url"])
            for h in response["hits"]["hits"]]
