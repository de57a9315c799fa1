"""What a citizen's query becomes in tantivy: term and phrase queries built from the
same analysis as the index (never tantivy's query parser, so input can never be a
syntax error), the filters that choose which items it may find, and the facet counts.

An exact match scores on both fields while a folded-only match scores on one: exact
diacritics rank first. The folded text whole (``text_fold``) decides what a word
matches when a filter leaves few items, so a site's search steps through that site's
items only (``_weighed``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

import tantivy

from i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES
from search import analysis, spelling
from search.backends.embedded.schema import TEXT_FIELDS
from search.collapse import ALL_SITES, collapses, path_ids
from search.types import FACETS, SearchQuery

EXACT_BONUS = 1.5      # exact-diacritic fields weigh more than folded ones
# A filter that leaves at most this share of the index makes a query "narrow".
NARROW_SHARE = 0.1
NUMBER_SCORE = 1000.0  # a document number typed puts that document first, above any text
# A word one or two edits away from the one typed: below every exact or folded match.
FUZZY_BOOST = 0.01
# A misspelt word's likeliest correction (``correction``): above its other near words.
CORRECTION_BOOST = 0.1
# The words typed found together, in their order: among the first ``RESCORE_DEPTH``
# results, an item holding the phrase a citizen typed ranks above one that scatters the
# same words (``together_query``).
PHRASE_BOOST = 8.0
PHRASE_MAX_WORDS = 8
RESCORE_DEPTH = 100
# Two neighbouring words typed, found as neighbours anywhere in the item (``pairs_fold``):
# over every match, so the items holding the words meant reach the first results.
PAIR_BOOST = 2.0
# The reader's own site, its parent, … the province: a score far below any difference
# of relevance (``collapse.TIE_TOLERANCE``), deciding between the equal scores of the
# items carrying a document number, however many.
NEARNESS_STEP = 0.0001
FACET_FIELD = {"type": "type", "site": "tenant_id", "document_type": "document_type",
               "issuer": "issuer", "field": "field", "year": "year"}
FACET_SIZE = 20


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


def _single_word_query(schema: tantivy.Schema, word: str, narrow: bool,
                       correction: str = "") -> tantivy.Query:
    """One word alone: exact or folded, or — for a word of five letters or more — one
    (two from eight letters) edits away, scored so low that it ranks below them all;
    among those, the items of its likeliest ``correction`` (a word the index holds)
    first, ranked as that word would be."""
    exact = _word_query(schema, word, narrow)
    folded = analysis.fold(word)
    distance = spelling.fuzzy_distance(folded)
    if not distance:
        return exact
    fuzzy = tantivy.Query.fuzzy_term_query(schema, "text_fold", folded, distance=distance,
                                           transposition_cost_one=True)
    clauses = [(tantivy.Occur.Should, exact),
               (tantivy.Occur.Should, tantivy.Query.boost_query(fuzzy, FUZZY_BOOST))]
    if correction:
        clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(
            _word_query(schema, correction, narrow), CORRECTION_BOOST)))
    return tantivy.Query.boolean_query(clauses)


def build_text_query(schema: tantivy.Schema, parsed: analysis.ParsedQuery, narrow: bool,
                     correction: str = "") -> tantivy.Query:
    """Every word and phrase must match (AND, as citizens expect of a portal), each two
    neighbouring words found as neighbours score more (``pairs_query``); a document
    number matches its number exactly (boosted far above text), or, when no item
    carries it, its syllables as a phrase. ``correction``: a misspelt single word's
    likeliest correction."""
    clauses: list[tuple[Any, tantivy.Query]] = []
    if len(parsed.words) == 1 and not (parsed.phrases or parsed.numbers):
        return _single_word_query(schema, parsed.words[0], narrow, correction)
    for word in parsed.words:
        clauses.append((tantivy.Occur.Must, _word_query(schema, word, narrow)))
    for phrase in parsed.phrases:
        clauses.append((tantivy.Occur.Must, _phrase_query(schema, phrase, narrow)))
    if len(parsed.words) > 1:
        # Optional: the pairs choose no item, they lift the items holding them.
        clauses.append((tantivy.Occur.Should, pairs_query(schema, parsed.words)))
    for key in parsed.numbers:
        # Carrying the number is a fact, not a matter of degree: every item numbered so
        # scores the same (and the tie falls to the reader's nearest site), above any
        # item that only cites it in its text.
        number = tantivy.Query.const_score_query(
            tantivy.Query.term_query(schema, "number_parts", key), NUMBER_SCORE)
        tokens = tuple(analysis.syllables(key))
        text = _phrase_query(schema, tokens, narrow) if len(tokens) > 1 else \
            _word_query(schema, tokens[0], narrow) if tokens else tantivy.Query.empty_query()
        clauses.append((tantivy.Occur.Must,
                        tantivy.Query.disjunction_max_query([number, text], tie_breaker=0.0)))
    return tantivy.Query.boolean_query(clauses)


def pairs_query(schema: tantivy.Schema, words: tuple[str, ...]) -> tantivy.Query:
    """Each two neighbouring words typed, as one folded term of ``pairs_fold``
    (``analysis.pairs``), boosted: "bang gia dat" lifts the items holding bảng giá and
    giá đất above those holding bằng, gia đình and đất đai. Cheap over every match: a
    pair is rare where its syllables are common."""
    return tantivy.Query.boost_query(tantivy.Query.boolean_query(
        [(tantivy.Occur.Should, tantivy.Query.term_query(schema, "pairs_fold", pair))
         for pair in analysis.pairs(analysis.folded(list(words)))]), PAIR_BOOST)


def together_query(schema: tantivy.Schema, parsed: analysis.ParsedQuery
                   ) -> tantivy.Query | None:
    """The words typed, together in their order, in the folded text (boosted): what the
    first results are scored again with, added to their score — an item holding the
    phrase above one that scatters the words. None for fewer than two words.

    Asked of the first ``RESCORE_DEPTH`` results only, as Elasticsearch's ``rescore``
    is: the positions of every word in every matching item, read for half a million
    items, tripled a search's time."""
    if not 2 <= len(parsed.words) <= PHRASE_MAX_WORDS:
        return None
    return tantivy.Query.boost_query(tantivy.Query.phrase_query(
        schema, "text_fold", [analysis.fold(word) for word in parsed.words]), PHRASE_BOOST)


def nearness_clauses(schema: tantivy.Schema, reader_path: str | None
                     ) -> list[tuple[tantivy.Occur, tantivy.Query]]:
    """Optional clauses adding a step of ``NEARNESS_STEP`` per level to an item of the
    reader's site, its parent, … up to the province: equal scores ordered nearest the
    reader first, however many tie (a document number every copy of it carries)."""
    sites = path_ids(reader_path or "")
    return [(tantivy.Occur.Should, tantivy.Query.const_score_query(
        tantivy.Query.term_query(schema, "tenant_id", site), NEARNESS_STEP * level))
        for level, site in enumerate(sites, 1)]


def build_match_query(schema: tantivy.Schema, parsed: analysis.ParsedQuery) -> tantivy.Query:
    """The documents ``build_text_query`` matches, unscored: one folded list per word
    or phrase (``text_fold`` decides what matches), what the facets are counted over —
    stepping through one posting list per word rather than the union of every field's
    exact and folded lists that scoring needs."""
    term = tantivy.Query.term_query

    def words(tokens: tuple[str, ...] | list[str]) -> tantivy.Query:
        folded = [analysis.fold(token) for token in tokens]
        if not folded:
            return tantivy.Query.empty_query()
        if len(folded) == 1:
            return term(schema, "text_fold", folded[0])
        return tantivy.Query.phrase_query(schema, "text_fold", folded)

    if len(parsed.words) == 1 and not (parsed.phrases or parsed.numbers):
        folded = analysis.fold(parsed.words[0])
        distance = spelling.fuzzy_distance(folded)
        exact = term(schema, "text_fold", folded)
        if not distance:
            return exact
        return tantivy.Query.boolean_query([
            (tantivy.Occur.Should, exact),
            (tantivy.Occur.Should, tantivy.Query.fuzzy_term_query(
                schema, "text_fold", folded, distance=distance,
                transposition_cost_one=True))])
    must: list[tuple[Any, tantivy.Query]] = [
        (tantivy.Occur.Must, term(schema, "text_fold", analysis.fold(word)))
        for word in parsed.words]
    must += [(tantivy.Occur.Must, words(phrase)) for phrase in parsed.phrases]
    for key in parsed.numbers:
        must.append((tantivy.Occur.Must, tantivy.Query.boolean_query([
            (tantivy.Occur.Should, term(schema, "number_parts", key)),
            (tantivy.Occur.Should, words(analysis.syllables(key)))])))
    return tantivy.Query.boolean_query(must)


def _any_of(schema: tantivy.Schema, field: str, values: Iterable[Any]) -> tantivy.Query:
    return tantivy.Query.boolean_query(
        [(tantivy.Occur.Should, tantivy.Query.term_query(schema, field, v)) for v in values])


def build_filters(schema: tantivy.Schema, searcher: tantivy.Searcher, query: SearchQuery
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
    if query.copies_of:
        require("copy_key", [query.copies_of])
    elif collapses(query):
        # One result per document: the copies another copy stands for are left out.
        clauses.append((tantivy.Occur.MustNot, term(
            schema, "tails", query.tenant_id if query.scope == "subtree" else ALL_SITES)))
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


def count_facets(searcher: tantivy.Searcher, query: tantivy.Query
                 ) -> dict[str, list[tuple[str, int]]]:
    spec = {name: {"terms": {"field": FACET_FIELD[name], "size": FACET_SIZE}}
            for name in FACETS}
    answer = searcher.aggregate(query, spec)
    facets: dict[str, list[tuple[str, int]]] = {}
    for name in FACETS:
        buckets = answer.get(name, {}).get("buckets", [])
        facets[name] = [(str(b["key"]), int(b["doc_count"])) for b in buckets
                        if str(b["key"]) != ""]
    return facets
