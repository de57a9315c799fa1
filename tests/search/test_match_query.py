"""The embedded backend counts its facets over an unscored query of the folded text
alone (``build_match_query``): it must match exactly the documents the ranked query
matches, whatever the citizen types."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import tantivy

from search import analysis
from search.backends.embedded.query import build_filters, build_match_query, build_text_query
from search.types import SearchQuery
from tests.search.conftest import Corpus

JUDGED = Path(__file__).resolve().parents[2] / "bench" / "judged_queries.json"
TYPED = ["đất đai", "dat dai", "Đường", "thủ tục hành chính", '"kinh tế cửa khẩu"',
         '"kinh te cua khau" đồng', "40/2024/QĐ-UBND", "40/2024", "1.009994",
         "quyết định 40/2024/QĐ-UBND", "chinnh", "thu tuc hanh chinnh", "xã", "hội nghị",
         "khẩu cửa tế kinh", "tuyen truyen phap luat"]


def _judged() -> list[str]:
    data = json.loads(JUDGED.read_text(encoding="utf-8"))
    entries = data["queries"] if isinstance(data, dict) else data
    return [entry["query"] for entry in entries if isinstance(entry, dict) and "query" in entry]


def test_the_facets_count_exactly_the_documents_found(corpus: Corpus) -> None:
    if corpus.backend.name != "embedded":
        pytest.skip("the embedded backend's own query shapes")
    store = corpus.backend.store  # type: ignore[attr-defined]
    schema, searcher = store.open().schema, store.searcher()
    checked = 0
    for text in TYPED + _judged():
        parsed = analysis.parse_query(text)
        if parsed.empty:
            continue
        for scope, tenant in (("all", None), ("subtree", corpus.sites["dept"].id),
                              ("site", corpus.sites["commune"].id)):
            query = SearchQuery(text=text, scope=scope, tenant_id=tenant)  # type: ignore[arg-type]
            filters, narrow = build_filters(schema, searcher, query)

            def found(text_query: tantivy.Query, filters: list = filters) -> set[int]:  # type: ignore[type-arg]
                full = tantivy.Query.boolean_query([(tantivy.Occur.Must, text_query)]
                                                   + filters)
                hits = searcher.search(full, 10_000).hits
                return {searcher.doc(address)["id"][0] for _score, address in hits}

            ranked = found(build_text_query(schema, parsed, narrow))
            assert found(build_match_query(schema, parsed)) == ranked, (text, scope)
            checked += bool(ranked)
    assert checked > 20
