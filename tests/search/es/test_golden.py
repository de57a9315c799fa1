"""The Elasticsearch mapping and query builders against reviewed golden JSON.

Without a cluster, this is how the request bodies are checked: each golden file in
``golden/`` was read by hand as Elasticsearch 8/9 DSL (field names of the mapping,
clause shapes, boosts). A change to a builder fails here until the golden file is
regenerated and reviewed again::

    .venv/bin/python -m tests.search.es.test_golden   # rewrites golden/*.json
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from hub.core.text import fold_vietnamese
from search import es_mapping
from search.types import SearchDocument, SearchQuery

GOLDEN = Path(__file__).parent / "golden"

DOCUMENT = SearchDocument(
    item_id=501, tenant_id=7, tenant_path="/1/7/", site_name="Sở Tài nguyên và Môi trường",
    site_host="sotnmt.langson.localhost", url="http://sotnmt.langson.localhost/van-ban/501",
    type="legal_document", locale="vi",
    title="Quyết định ban hành quy định về bồi thường khi Nhà nước thu hồi đất đai",
    summary="Quy định chi tiết bồi thường, hỗ trợ, tái định cư trên địa bàn tỉnh.",
    body_text="Căn cứ Luật Đất đai năm 2024; theo đề nghị của Sở Tài nguyên và Môi trường.",
    published_at=datetime(2024, 8, 15, 9, 30, tzinfo=UTC), category="Đất đai",
    document_type="quyet_dinh", issuer="UBND tỉnh Lạng Sơn", field="Đất đai",
    document_number="40/2024/QĐ-UBND", number_key="40/2024/qd-ubnd",
    files=(("40-2024-QD-UBND.pdf", "Điều 1. Phạm vi điều chỉnh: bồi thường về đất."),))

CASES: dict[str, Any] = {
    "document_source": lambda: es_mapping.index_action(DOCUMENT, "portal-items"),
    "search_folded_words_all_sites": lambda: es_mapping.search_body(
        SearchQuery(text="thu tuc hanh chinh")),
    "search_phrase_site_filters_by_date": lambda: es_mapping.search_body(SearchQuery(
        text='"đất đai" Đường', scope="site", tenant_id=7, types=("article", "legal_document"),
        fields=("Đất đai",), document_types=("quyet_dinh",), issuers=("UBND tỉnh Lạng Sơn",),
        date_from=date(2024, 1, 1), date_to=date(2024, 12, 31), sort="date", page=3)),
    "search_number_subtree": lambda: es_mapping.search_body(SearchQuery(
        text="40/2024/QĐ-UBND", scope="subtree", tenant_id=7, tenant_path="/1/7/",
        want_facets=False)),
    "search_syntax_characters_english": lambda: es_mapping.search_body(SearchQuery(
        text='NEAR ( : - * "', locale="en", site_ids=(3, 9), page=-1)),
    "search_fuzzy_single_word": lambda: es_mapping.search_body(
        SearchQuery(text="chinnh", want_facets=False)),
    "search_short_word_not_fuzzy": lambda: es_mapping.search_body(
        SearchQuery(text="sihn", want_facets=False)),
    "search_copies_of_one_document": lambda: es_mapping.search_body(SearchQuery(
        text="40/2024/QĐ-UBND", tenant_id=42, tenant_path="/1/7/42/",
        copies_of="vi:d:40/2024/qd-ubnd:ubnd tinh lang son", want_facets=False)),
    "search_readers_own_copies": lambda: es_mapping.copies_body(SearchQuery(
        text="40/2024/QĐ-UBND", tenant_id=42, tenant_path="/1/7/42/"), 42,
        {"vi:d:40/2024/qd-ubnd:ubnd tinh lang son", "vi:p:1.001193"}),
    "spelling_terms": lambda: es_mapping.spelling_body(["khai", "sihn"]),
    "suggest_prefix": lambda: es_mapping.suggest_body(
        SearchQuery(text="thủ tục hà", scope="site", tenant_id=7), 8),
}


def _load(name: str) -> Any:
    return json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(CASES))
def test_request_bodies_match_the_reviewed_golden_json(name):
    # Through JSON and back: what is compared is what goes over the wire.
    assert json.loads(json.dumps(CASES[name]())) == _load(name)


def test_the_mapping_is_one_shared_index_with_exact_and_folded_fields():
    body = es_mapping.index_body()
    assert body["settings"]["index"]["number_of_shards"] == 1
    analysis = body["settings"]["analysis"]
    assert analysis["analyzer"]["vi_folded"]["filter"] == ["lowercase", "asciifolding"]
    assert analysis["analyzer"]["vi_exact"]["filter"] == ["lowercase"]
    props = body["mappings"]["properties"]
    for text in ("title", "summary", "body_text"):
        assert props[text]["analyzer"] == "vi_exact"
        assert props[text]["fields"]["folded"]["analyzer"] == "vi_folded"
    for keyword in ("tenant_id", "tenant_path", "ancestor_ids", "type", "locale",
                    "document_type", "issuer", "field", "number_key", "year"):
        assert props[keyword]["type"] == "keyword"
    assert props["published_at"]["type"] == "date"
    # Every field a query, a filter or a facet names exists in the mapping (strict).
    source = es_mapping.document_source(DOCUMENT)
    assert set(source) == set(props)


def test_concrete_index_names_are_versioned_behind_the_alias():
    name = es_mapping.index_name("portal-items", datetime(2026, 11, 23, 2, 48, 5, 123, tzinfo=UTC))
    assert name == "portal-items-v4-20261123024805000123"


def test_queries_fold_with_the_one_folding_function():
    body = es_mapping.search_body(SearchQuery(text="Đường đất đai"))
    folded = body["query"]["bool"]["must"][0]["bool"]["should"][1]["multi_match"]["query"]
    assert folded == fold_vietnamese("đường đất đai") == "duong dat dai"


def test_the_subtree_scope_works_from_the_tenant_id_alone():
    body = es_mapping.search_body(SearchQuery(text="xã", scope="subtree", tenant_id=7))
    assert {"term": {"ancestor_ids": "7"}} in body["query"]["bool"]["filter"]
    assert es_mapping.document_source(DOCUMENT)["ancestor_ids"] == ["1", "7"]


def test_paging_never_asks_beyond_the_result_window():
    body = es_mapping.search_body(SearchQuery(text="xã", page=10_000_000, per_page=10))
    assert body["from"] + body["size"] <= es_mapping.MAX_RESULT_WINDOW


def test_snippets_are_escaped_html_with_marks_only():
    response = {"hits": {"total": {"value": 1, "relation": "eq"}, "hits": [{
        "_id": "1", "_score": 2.5,
        "_source": {"item_id": 1, "title": "t", "url": "u", "site_name": "s",
                    "site_host": "h", "type": "article", "summary": "<script>",
                    "published_at": "2024-08-15T09:30:00+00:00"},
        "highlight": {"body_text.folded": ["&lt;b&gt; <mark>Đường</mark>"]}}]},
        "aggregations": {"type": {"buckets": [{"key": "article", "doc_count": 1}]},
                         "site": {"buckets": [{"key": "7", "doc_count": 1}]},
                         "issuer": {"buckets": [{"key": "", "doc_count": 1}]}}}
    results = es_mapping.read_results(response)
    assert results.total == 1
    assert results.hits[0].snippet == "&lt;b&gt; <mark>Đường</mark>"
    assert results.facets == {"type": [("article", 1)], "site": [("7", 1)], "issuer": []}
    del response["hits"]["hits"][0]["highlight"]
    assert es_mapping.read_results(response).hits[0].snippet == "&lt;script&gt;"


def test_a_hit_highlighted_only_in_a_file_names_that_file() -> None:
    source = {"item_id": 9, "title": "Quyết định", "url": "u", "site_name": "s",
              "site_host": "h", "type": "legal_document", "summary": "Tóm tắt",
              "published_at": "2024-08-15T09:30:00+00:00",
              "files": [{"name": "phu-luc-1.pdf", "text": "Danh mục các xã"},
                        {"name": "phu-luc-2.pdf", "text": "Bảng giá đất & nhà"}]}
    response = {"hits": {"total": {"value": 1}, "hits": [{
        "_score": 0.5, "_source": source,
        "highlight": {"files.text.folded": ["Bảng giá <mark>đất</mark> &amp; nhà"]}}]}}
    hit = es_mapping.read_results(response).hits[0]
    assert hit.snippet == "Bảng giá <mark>đất</mark> &amp; nhà"
    assert hit.file_name == "phu-luc-2.pdf"
    # The item's own text first: then no file is named.
    response["hits"]["hits"][0]["highlight"]["summary"] = ["<mark>Tóm</mark> tắt"]
    hit = es_mapping.read_results(response).hits[0]
    assert (hit.snippet, hit.file_name) == ("<mark>Tóm</mark> tắt", "")



def test_a_copy_leaves_out_of_a_search_the_parts_of_the_province_another_heads():
    from dataclasses import replace

    copy = replace(DOCUMENT, copy_key="vi:d:40/2024/qd-ubnd:ubnd tinh lang son",
                   heads=(7,), copies=3)
    source = es_mapping.document_source(copy)
    assert (source["tails"], source["copies"]) == (["0", "1"], 3)
    everywhere = es_mapping.search_body(SearchQuery(text="đất"))["query"]["bool"]["filter"]
    assert {"bool": {"must_not": {"term": {"tails": "0"}}}} in everywhere
    below = es_mapping.search_body(SearchQuery(text="đất", scope="subtree", tenant_id=7))
    assert {"bool": {"must_not": {"term": {"tails": "7"}}}} in below["query"]["bool"]["filter"]
    for uncollapsed in (SearchQuery(text="đất", scope="site", tenant_id=7),
                        SearchQuery(text="đất", site_ids=(7,))):
        assert "tails" not in json.dumps(es_mapping.search_body(uncollapsed))


def test_equally_relevant_hits_are_ordered_nearest_the_reader() -> None:
    def raw(item_id: int, path: str, score: float) -> dict[str, Any]:
        return {"_score": score, "_source": {
            "item_id": item_id, "title": "Thủ tục đăng ký khai sinh", "url": "u",
            "site_name": "s", "site_host": "h", "type": "procedure",
            "tenant_id": path.strip("/").split("/")[-1], "tenant_path": path,
            "published_at": "2024-08-15T09:30:00+00:00"}}

    response = {"hits": {"total": {"value": 5}, "hits": [
        raw(1, "/1/9/", 7.0), raw(2, "/1/", 5.0), raw(3, "/1/9/", 5.0),
        raw(4, "/1/7/42/", 5.0), raw(5, "/1/7/", 5.0)]}}
    query = SearchQuery(text="khai sinh", tenant_id=42, tenant_path="/1/7/42/", per_page=2)
    assert [hit.item_id for hit in es_mapping.read_results(response, query).hits] == [1, 4]
    second = SearchQuery(text="khai sinh", tenant_id=42, tenant_path="/1/7/42/", per_page=2,
                         page=2)
    assert [hit.item_id for hit in es_mapping.read_results(response, second).hits] == [5, 2]


def test_a_syllable_is_misspelt_only_when_no_spelling_field_holds_it():
    # The shape of a term suggester's answer (Elasticsearch 8/9).
    def entries(word: str, *options: tuple[str, int]) -> dict[str, Any]:
        return {"text": word, "offset": 0, "length": len(word), "options": [
            {"text": text, "score": 0.75, "freq": freq} for text, freq in options]}

    response = {"suggest": {
        "title": [entries("khai"), entries("sihn", ("sinh", 3), ("sin", 1))],
        "body_text": [entries("khai", ("khi", 9)), entries("sihn", ("sinh", 7))]}}
    assert es_mapping.read_spelling(response) == {
        "sihn": [("sinh", 3), ("sin", 1), ("sinh", 7)]}


if __name__ == "__main__":  # regenerate, then review every diff by hand
    GOLDEN.mkdir(exist_ok=True)
    for case, build in CASES.items():
        (GOLDEN / f"{case}.json").write_text(
            json.dumps(build(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print("wrote", GOLDEN / f"{case}.json")
