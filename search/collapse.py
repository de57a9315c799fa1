"""Copies of one document on many sites, found as one result; and the order of equally
relevant results, nearest the reader first.

**Copies.** Communes and departments repost the province's decisions, and every site
publishes the same national procedures: a province of 700 sites could answer one
number with 700 identical hits. Items that are copies of one another share a
``copy_key`` (``copy_key_of``: the same normalised number and issuer of a legal
document, the same code of a procedure, in one language). Of each group one copy is
the *head* of every part of the province it appears in: the copy on the site nearest
the root (the issuer posts first, its units repost), then the first published, then
the lowest id. ``mark_copies`` writes on each document the sites whose subtree it
heads (``heads``: tenant ids, ``ALL_SITES`` for the whole province) and the group's
size (``copies``). A search over all sites keeps the documents heading ``ALL_SITES``,
one over a site and its sub-sites those heading that site: a filter on one indexed
field, so totals, pages and facets count one result per document in both backends,
exactly. A document that is no copy heads every site above it. The backends index the
complement (``tails_of``), short lists a search leaves out.

Elasticsearch's ``collapse`` was weighed for that backend: it keeps the best hit per
group, but its totals, pages and aggregations still count every copy.

**Ties.** Among results equally relevant (scores within ``TIE_TOLERANCE`` of each
other) the reader's own site comes first, then its parent, then the sites above it up
to the province, then the rest (``nearness``); at one nearness the higher score, and
of equal scores the newest, as Elasticsearch sorts them: a reordering inside the tie,
never a boost that lifts a less relevant result (``break_ties``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TypeVar

from search import analysis

if TYPE_CHECKING:
    from search.types import Hit, SearchDocument, SearchQuery

ALL_SITES = 0  # the ``heads`` value of the copy that heads the whole province
TIE_TOLERANCE = 0.01  # scores this close (relatively) are equally relevant
# The abbreviations of issuing bodies that sites type for their full names (folded): a
# decision of "UBND tỉnh Lạng Sơn" is one of "Ủy ban nhân dân tỉnh Lạng Sơn".
ISSUER_ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "tand": "toa an nhan dan",
    "vksnd": "vien kiem sat nhan dan",
}


def copy_key_of(type_: str, locale: str, number: str, issuer: str = "") -> str:
    """The key shared by copies of one document, "" for an item that has none: a legal
    document's language, number and issuer (``issuer_key``:
    "vi:d:40/2024/qd-ubnd:uy ban nhan dan tinh lang son"),
    a procedure's language and code ("vi:p:1.001193")."""
    key = analysis.number_key(number) if number else ""
    if not key:
        return ""
    if type_ == "procedure":
        return f"{locale}:p:{key}"
    if type_ == "legal_document":
        return f"{locale}:d:{key}:{issuer_key(issuer)}"[:300]
    return ""


def issuer_key(issuer: str) -> str:
    """An issuer as copies compare it: folded, one space between words, abbreviations
    of the bodies written out ("UBND tỉnh Lạng Sơn", "Uỷ ban nhân dân tỉnh Lạng Sơn"
    and "Ủy ban Nhân dân tỉnh Lạng Sơn" -> "uy ban nhan dan tinh lang son")."""
    words = analysis.fold(analysis.normalise(issuer)).replace(".", "").split()
    return " ".join(ISSUER_ABBREVIATIONS.get(word, word) for word in words)


def path_ids(tenant_path: str) -> list[int]:
    """The tenant ids of a path, root first ("/1/7/42/" -> [1, 7, 42])."""
    return [int(part) for part in tenant_path.strip("/").split("/") if part.isdigit()]


def _precedence(tenant_path: str, published_at: datetime, item_id: int
                ) -> tuple[int, datetime, int]:
    return len(path_ids(tenant_path)), _utc(published_at), item_id


def heads_of(copies: Sequence[tuple[int, str, datetime]]) -> dict[int, tuple[int, ...]]:
    """For copies of one document given as (item id, tenant path, published at): the
    sites whose subtree each heads, ``ALL_SITES`` first for the one heading them all."""
    ranked = sorted(copies, key=lambda copy: _precedence(copy[1], copy[2], copy[0]))
    taken: set[int] = set()
    heads: dict[int, tuple[int, ...]] = {}
    for position, (item_id, path, _when) in enumerate(ranked):
        mine = [ALL_SITES] if position == 0 else []
        for site in path_ids(path):
            if site not in taken:
                taken.add(site)
                mine.append(site)
        heads[item_id] = tuple(mine)
    return heads


D = TypeVar("D")


def mark_copies(documents: Iterable[D], key: Callable[[D], str],
                identity: Callable[[D], tuple[int, str, datetime]],
                mark: Callable[[D, tuple[int, ...], int], D]) -> list[D]:
    """``documents`` with their ``heads`` and ``copies`` set by ``mark``: each group of
    one ``key`` must be given whole (every public copy), a document with no key heads
    every site of its path. ``identity`` gives (item id, tenant path, published at)."""
    documents = list(documents)
    groups: dict[str, list[D]] = {}
    for doc in documents:
        if key(doc):
            groups.setdefault(key(doc), []).append(doc)
    heads: dict[tuple[str, int], tuple[int, ...]] = {}
    for group_key, members in groups.items():
        for item_id, sites in heads_of([identity(doc) for doc in members]).items():
            heads[(group_key, item_id)] = sites
    out = []
    for doc in documents:
        item_id, path, _when = identity(doc)
        if key(doc):
            out.append(mark(doc, heads[(key(doc), item_id)], len(groups[key(doc)])))
        else:
            out.append(mark(doc, (ALL_SITES, *path_ids(path)), 1))
    return out


def marked(documents: Iterable[SearchDocument]) -> list[SearchDocument]:
    """``mark_copies`` for search documents."""
    return mark_copies(
        documents, key=lambda doc: doc.copy_key,
        identity=lambda doc: (doc.item_id, doc.tenant_path, doc.published_at),
        mark=lambda doc, heads, copies: replace(doc, heads=heads, copies=copies))


def collapses(query: SearchQuery) -> bool:
    """Whether ``query`` answers one result per document: over all sites or a subtree,
    unless it lists a document's copies or chooses sites (whose own copies it shows)."""
    return (query.scope == "all" or (query.scope == "subtree" and query.tenant_id is not None)) \
        and not query.copies_of and not query.site_ids


def tails_of(doc: SearchDocument) -> set[int]:
    """The sites (``ALL_SITES`` among them) above or at ``doc``'s own whose search
    shows another copy instead: what the backends index, so that a search leaves out
    a short list of copies rather than requiring nearly every document. A document
    never marked (``heads`` empty) is no copy."""
    if not doc.heads:
        return set()
    return ({ALL_SITES, *path_ids(doc.tenant_path)}) - set(doc.heads)


def readers_copies(hits: list[Hit], reader: int,
                   own: Callable[[set[str]], Iterable[Hit]]) -> list[Hit]:
    """``hits`` with each document the reader's own site also publishes shown as that
    site's copy, at the same rank: its address on the reader's site. ``own`` gives the
    reader's site's copies of the documents of some copy keys."""
    keys = {hit.copy_key for hit in hits
            if hit.copies > 1 and hit.copy_key and hit.tenant_id != reader}
    if not keys:
        return hits
    mine = {copy.copy_key: copy for copy in own(keys)}
    return [replace(mine[hit.copy_key], score=hit.score)
            if hit.copy_key in mine and hit.tenant_id != reader else hit for hit in hits]


# --- ties ---------------------------------------------------------------------------

def nearness(reader_path: str | None, tenant_path: str) -> int:
    """How near a result's site is to the reader's: 0 their own site, 1 its parent, 2
    the parent's parent … up to the province, then every other site after them."""
    reader = path_ids(reader_path or "")
    site = path_ids(tenant_path)
    if not reader or not site:
        return 1_000_000
    if site[-1] in reader:
        return len(reader) - 1 - reader.index(site[-1])
    return len(reader)


T = TypeVar("T")


def break_ties(ranked: Sequence[T], score: Callable[[T], float],
               near: Callable[[T], int], start: int, stop: int,
               published: Callable[[T], datetime] | None = None) -> list[T]:
    """``ranked[start:stop]`` once each run of equally relevant results (``ranked`` is
    best first) that reaches into that window is ordered by ``near``, then by score,
    then, of equal scores, the newest first (``published``). ``near`` and
    ``published`` are asked only of those runs' results."""
    out: list[T] = []
    run: list[T] = []
    position = 0

    def order(result: T) -> tuple[int, float, float]:
        when = -_utc(published(result)).timestamp() if published is not None else 0.0
        return near(result), -score(result), when

    def flush() -> None:
        first = position - len(run)
        if first < stop and position > start:
            ordered = sorted(run, key=order) if len(run) > 1 else run
            out.extend(ordered[max(start - first, 0):stop - first])

    for result in ranked:
        if run and score(result) < score(run[0]) * (1 - TIE_TOLERANCE) - 1e-12:
            flush()
            run = []
            if position >= stop:
                return out
        run.append(result)
        position += 1
    flush()
    return out


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)
