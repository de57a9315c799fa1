"""Relevance on a judged query set: the mean reciprocal rank (MRR) of the first right
answer over ``bench/judged_queries.json``, with a floor. The benchmark reports the figure."""

from __future__ import annotations

import json
from pathlib import Path

from search.types import SearchQuery
from tests.search.conftest import Corpus

JUDGED = Path(__file__).parents[2] / "bench" / "judged_queries.json"
MRR_FLOOR = 0.8


def mean_reciprocal_rank(corpus: Corpus, judged: list[dict]) -> tuple[float, list[str]]:
    total, misses = 0.0, []
    for case in judged:
        hits = corpus.backend.search(SearchQuery(text=case["query"], per_page=10)).hits
        titles = [hit.title for hit in hits]
        rank = next((i for i, t in enumerate(titles, 1) if t in case["relevant"]), None)
        total += 1 / rank if rank else 0.0
        if rank != 1:
            misses.append(f"{case['query']!r}: rank {rank} ({titles[:3]})")
    return total / len(judged), misses


def test_mean_reciprocal_rank_of_the_judged_queries(corpus: Corpus) -> None:
    judged = json.loads(JUDGED.read_text(encoding="utf-8"))["queries"]
    assert len(judged) >= 20
    mrr, misses = mean_reciprocal_rank(corpus, judged)
    print(f"\nMRR over {len(judged)} judged queries ({corpus.backend.name}): {mrr:.3f}")
    assert mrr >= MRR_FLOOR, misses
