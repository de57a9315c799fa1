"""The relevance figure of the benchmark: MRR and nDCG@10 on the judged query set.

``bench/judged_queries.json`` lists queries with the items (by title, from
``bench/relevance_corpus.py``) that must come first. Here those items become
``SearchDocument``s directly (no database) and are scored twice: alone (as the
behaviour suite sees them) and mixed into the benchmark's large synthetic index, where a
million look-alike government items compete with them.
"""

from __future__ import annotations

import json
import math
import re
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.relevance_corpus import ITEMS
from bench.search_corpus import Site
from search.analysis import number_key
from search.backends.base import SearchBackend
from search.backends.embedded import EmbeddedBackend
from search.types import SearchDocument, SearchQuery

ROOT = Path(__file__).resolve().parent.parent
JUDGED = Path(__file__).with_name("judged_queries.json")
FIRST_ID = 2_000_000_000  # far above any synthetic item id
_TAGS = re.compile(r"<[^>]+>")


def _entries(raw: Any) -> list[dict[str, Any]]:
    entries = raw.get("queries", raw) if isinstance(raw, dict) else raw
    out = []
    for entry in entries:
        text = entry.get("query") or entry.get("q") or entry.get("text")
        relevant = (entry.get("relevant") or entry.get("expected") or entry.get("first")
                    or entry.get("titles") or [])
        if isinstance(relevant, str):
            relevant = [relevant]
        if text and relevant:
            out.append({**entry, "query": text, "relevant": list(relevant)})
    return out


def judged_documents(sites: dict[str, Site]) -> dict[str, SearchDocument]:
    """title -> document, for every published item of the behaviour suite's corpus."""
    docs: dict[str, SearchDocument] = {}
    for n, (key, kind, data, published) in enumerate(ITEMS):
        if not published:
            continue
        site = sites[key]
        number = data.get("number") or data.get("code") or ""
        issued = data.get("issued_on")
        docs[data["title"]] = SearchDocument(
            item_id=FIRST_ID + n, tenant_id=site.tenant_id, tenant_path=site.path,
            site_name=site.name, site_host=site.host,
            url=f"http://{site.host}/judged/{n}", type=kind,
            locale=data.get("locale", "vi"), title=data["title"],
            summary=data.get("summary", ""),
            body_text=_TAGS.sub(" ", data.get("body", "") + " " + data.get("steps", "")),
            published_at=(datetime.fromisoformat(issued).replace(tzinfo=UTC) if issued
                          else datetime(2026, 1, 1, tzinfo=UTC)),
            document_type=data.get("document_type", ""), issuer=data.get("issuer", ""),
            field=data.get("field", ""), document_number=number,
            number_key=number_key(number) if number else "")
    return docs


def score(backend: SearchBackend, entries: list[dict[str, Any]],
          titles: dict[str, str]) -> tuple[float, float, int]:
    """(MRR, nDCG@10, queries) over ``entries``; binary gains."""
    rr_sum = ndcg_sum = 0.0
    for entry in entries:
        wanted = {titles.get(t, t) for t in entry["relevant"]}
        results = backend.search(SearchQuery(text=entry["query"],
                                             locale=entry.get("locale", "vi"),
                                             want_facets=False))
        found = [hit.title for hit in results.hits[:10]]
        rank = next((i for i, t in enumerate(found, 1) if t in wanted), None)
        rr_sum += 1 / rank if rank else 0.0
        dcg = sum(1 / math.log2(i + 1) for i, t in enumerate(found, 1) if t in wanted)
        ideal = sum(1 / math.log2(i + 1) for i in range(1, min(len(wanted), 10) + 1))
        ndcg_sum += dcg / ideal if ideal else 0.0
    count = len(entries)
    return (rr_sum / count, ndcg_sum / count, count) if count else (0.0, 0.0, 0)


def judged_relevance(big: EmbeddedBackend, sites: list[Site]) -> list[str]:
    """Markdown lines: the figures alone and among the synthetic items."""
    if not JUDGED.exists():
        return [f"Not computed: {JUDGED.relative_to(ROOT)} does not exist yet."]
    entries = _entries(json.loads(JUDGED.read_text(encoding="utf-8")))
    dept = next(s for s in sites if s.kind == "department")
    commune = next(s for s in sites if s.kind == "commune")
    docs = judged_documents({"province": sites[0], "dept": dept, "commune": commune})
    titles = {t: t for t in docs}
    with tempfile.TemporaryDirectory(prefix="portal-judged-") as directory:
        alone = EmbeddedBackend(directory)
        alone.rebuild(docs.values())
        alone.refresh()
        mrr_a, ndcg_a, count = score(alone, entries, titles)
        alone.close()
    big.index(docs.values())
    big.refresh()
    mrr_b, ndcg_b, _ = score(big, entries, titles)
    return [
        f"{count} judged queries (`{JUDGED.relative_to(ROOT)}`), scope all sites, top 10.",
        "",
        "| corpus | MRR | nDCG@10 |",
        "|---|---:|---:|",
        f"| the judged items alone ({len(docs)}) | {mrr_a:.3f} | {ndcg_a:.3f} |",
        f"| mixed into the synthetic index | {mrr_b:.3f} | {ndcg_b:.3f} |",
    ]
