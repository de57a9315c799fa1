"""The relevance figure of the benchmark: MRR and nDCG@10 on the judged query set.

``bench/judged_queries.json`` lists queries with the items (by title, from
``bench/relevance_corpus.py``) that must come first: ``queries`` over the behaviour
suite's corpus (``ITEMS``), and ``across_sites`` over ``ACROSS_SITES`` too — a decision
reposted on many sites, one procedure title on several sites, a decision found by its
file alone, misspelt words — each searched from a reader's site (``from``) in a scope
(``scope``), a relevant item given by title (any of its copies) or by title and site or
sites (the copy on one of them: the issuer's, or the reader's own, which a search over
many sites shows in its place).
Here those items become ``SearchDocument``s directly (no database), their copies marked
as the indexer marks them (``search.collapse.marked``), and are scored twice: alone (as
the behaviour suite sees them) and mixed into the benchmark's large synthetic index,
where a million look-alike government items compete with them.
"""

from __future__ import annotations

import json
import math
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.relevance_corpus import ACROSS_SITES, ITEMS
from bench.search_corpus import Site
from search.analysis import number_key
from search.backends.base import SearchBackend
from search.backends.embedded import EmbeddedBackend
from search.collapse import copy_key_of, marked
from search.types import Hit, SearchDocument, SearchQuery

ROOT = Path(__file__).resolve().parent.parent
JUDGED = Path(__file__).with_name("judged_queries.json")
FIRST_ID = 2_000_000_000  # far above any synthetic item id
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Judged:
    """One judged query: what is typed, from which site, in which scope, and its
    relevant items, each the URLs of the copies that stand for it."""
    text: str
    case: str
    locale: str
    reader: Site | None
    scope: str
    relevant: tuple[frozenset[str], ...]

    def gains(self, urls: list[str]) -> list[bool]:
        """For each hit, whether it is a relevant item not already found above it."""
        found: set[int] = set()
        out = []
        for url in urls:
            item = next((n for n, copies in enumerate(self.relevant)
                         if n not in found and url in copies), None)
            if item is not None:
                found.add(item)
            out.append(item is not None)
        return out


def placed_sites(sites: list[Site]) -> dict[str, Site]:
    """The sites the judged items name: the province, a department, a district and one
    of its communes."""
    district = next(s for s in sites if s.kind == "district")
    return {"province": sites[0], "dept": next(s for s in sites if s.kind == "department"),
            "district": district,
            "commune": next(s for s in sites if s.kind == "commune"
                            and s.path.startswith(district.path))}


def _reposters(sites: list[Site], taken: set[int], count: int) -> list[Site]:
    """``count`` more sites spread over the province (every n-th), none of ``taken``."""
    free = [s for s in sites if s.tenant_id not in taken]
    step = max(1, len(free) // max(count, 1))
    return free[::step][:count]


def _document(n: int, site: Site, kind: str, data: dict[str, Any],
              files: tuple[tuple[str, str], ...] = ()) -> SearchDocument:
    number = data.get("number") or data.get("code") or ""
    issued = data.get("issued_on")
    locale = data.get("locale", "vi")
    return SearchDocument(
        item_id=FIRST_ID + n, tenant_id=site.tenant_id, tenant_path=site.path,
        site_name=site.name, site_host=site.host,
        url=f"http://{site.host}/judged/{n}", type=kind, locale=locale,
        title=data["title"], summary=data.get("summary", ""),
        body_text=_TAGS.sub(" ", data.get("body", "") + " " + data.get("steps", "")),
        published_at=(datetime.fromisoformat(issued).replace(tzinfo=UTC) if issued
                      else datetime(2026, 1, 1, tzinfo=UTC)),
        document_type=data.get("document_type", ""), issuer=data.get("issuer", ""),
        field=data.get("field", ""), document_number=number,
        number_key=number_key(number) if number else "", files=files,
        copy_key=copy_key_of(kind, locale, number, data.get("issuer", "")))


def judged_documents(sites: list[Site]) -> list[SearchDocument]:
    """Every published judged item, a document per site it is on, copies marked."""
    places = placed_sites(sites)
    docs: list[SearchDocument] = []
    for key, kind, data, published in ITEMS:
        if published:
            docs.append(_document(len(docs), places[key], kind, data))
    for keys, kind, data, files in ACROSS_SITES:
        on = [places[key] for key in keys]
        placed = {s.tenant_id for s in places.values()}
        on += _reposters(sites, placed | {s.tenant_id for s in on}, data.get("reposts", 0))
        for site in on:
            docs.append(_document(len(docs), site, kind, data, files))
    return marked(docs)


def judged_queries(docs: list[SearchDocument], places: dict[str, Site]) -> list[Judged]:
    """The entries of ``judged_queries.json``, their relevant items as URLs."""
    raw = json.loads(JUDGED.read_text(encoding="utf-8"))
    out = []
    # The behaviour suite's queries are typed on the province portal, as its tests do.
    for entry in [*({"from": "province", **entry} for entry in raw["queries"]),
                  *raw.get("across_sites", [])]:
        relevant = []
        for wanted in entry["relevant"]:
            title, keys = (wanted, []) if isinstance(wanted, str) \
                else (wanted["title"], wanted["site"])
            on = {places[key].tenant_id for key in ([keys] if isinstance(keys, str) else keys)}
            relevant.append(frozenset(doc.url for doc in docs if doc.title == title
                                      and (not on or doc.tenant_id in on)))
        out.append(Judged(text=entry["query"], case=entry.get("case", "behaviour suite"),
                          locale=entry.get("locale", "vi"),
                          reader=places[entry["from"]] if "from" in entry else None,
                          scope=entry.get("scope", "all"), relevant=tuple(relevant)))
    return out


def ranked(backend: SearchBackend, judged: Judged) -> list[Hit]:
    reader = judged.reader
    return backend.search(SearchQuery(
        text=judged.text, locale=judged.locale, scope=judged.scope,  # type: ignore[arg-type]
        tenant_id=reader.tenant_id if reader else None,
        tenant_path=reader.path if reader else None, want_facets=False)).hits[:10]


@dataclass
class Figures:
    """MRR and nDCG@10 of some judged queries, and the ones not answered first."""
    reciprocal: float = 0.0
    ndcg: float = 0.0
    count: int = 0

    def add(self, judged: Judged, hits: list[Hit]) -> int | None:
        gains = judged.gains([hit.url for hit in hits])
        rank = next((i for i, gain in enumerate(gains, 1) if gain), None)
        dcg = sum(1 / math.log2(i + 1) for i, gain in enumerate(gains, 1) if gain)
        ideal = sum(1 / math.log2(i + 1)
                    for i in range(1, min(len(judged.relevant), 10) + 1))
        self.reciprocal += 1 / rank if rank else 0.0
        self.ndcg += dcg / ideal if ideal else 0.0
        self.count += 1
        return rank

    @property
    def mrr(self) -> float:
        return self.reciprocal / self.count if self.count else 0.0

    @property
    def mean_ndcg(self) -> float:
        return self.ndcg / self.count if self.count else 0.0


def score(backend: SearchBackend, queries: Iterable[Judged]
          ) -> tuple[dict[str, Figures], list[str], list[int]]:
    """Figures per case (and "all"), a line for each query not answered first, and how
    many copies of the first result each copied document's query shows in its top 10
    (one, once copies collapse)."""
    cases: dict[str, Figures] = {"all": Figures()}
    misses = []
    shown_copies = []
    for judged in queries:
        hits = ranked(backend, judged)
        cases["all"].add(judged, hits)
        rank = cases.setdefault(judged.case, Figures()).add(judged, hits)
        repeats = sum(1 for hit in hits if hit.title == hits[0].title)
        if judged.case == "copied document":
            shown_copies.append(repeats)
        if rank != 1:
            top = "; ".join(f"{hit.title[:50]} @{hit.site_name}" for hit in hits[:3])
            misses.append(
                f"- `{judged.text}` ({judged.case}, from "
                f"{judged.reader.name if judged.reader else 'no site'}, {judged.scope}): "
                f"rank {rank or '> 10'}; top 3: {top or 'nothing'}"
                + (f" ({repeats} copies of the first in the top 10)" if repeats > 1 else ""))
    return cases, misses, shown_copies


def judged_relevance(big: EmbeddedBackend, sites: list[Site]) -> list[str]:
    """Markdown lines: the figures alone and among the synthetic items."""
    if not JUDGED.exists():
        return [f"Not computed: {JUDGED.relative_to(ROOT)} does not exist yet."]
    docs = judged_documents(sites)
    queries = judged_queries(docs, placed_sites(sites))
    with tempfile.TemporaryDirectory(prefix="portal-judged-") as directory:
        alone = EmbeddedBackend(directory)
        alone.rebuild(docs)
        alone.refresh()
        alone_cases, alone_misses, alone_copies = score(alone, queries)
        alone.close()
    big.index(docs)
    big.refresh()
    mixed_cases, mixed_misses, mixed_copies = score(big, queries)
    lines = [
        f"{len(queries)} judged queries (`{JUDGED.relative_to(ROOT)}`) over "
        f"{len(docs)} judged documents (copies included), top 10; scope all sites unless "
        "the query says otherwise. \"behaviour suite\": the behaviour suite's queries (`queries`); "
        "the others (`across_sites`) are searched from a reader's site.",
        "",
        "| queries | n | MRR alone | nDCG@10 alone | MRR mixed | nDCG@10 mixed |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for case, alone_figures in alone_cases.items():
        mixed_figures = mixed_cases[case]
        lines.append(
            f"| {case} | {alone_figures.count} | {alone_figures.mrr:.3f} "
            f"| {alone_figures.mean_ndcg:.3f} | {mixed_figures.mrr:.3f} "
            f"| {mixed_figures.mean_ndcg:.3f} |")
    lines += ["", "Copies of the first result in the top 10, for each query of a copied "
              f"document: alone {alone_copies}, mixed {mixed_copies} (1 when copies "
              "collapse).",
              "", "Not first, the judged items alone:", "", *(alone_misses or ["- none"]),
              "", "Not first, mixed into the synthetic index:", "",
              *(mixed_misses or ["- none"])]
    return lines
