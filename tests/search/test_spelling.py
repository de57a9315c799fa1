"""Typing mistakes: "did you mean" built from the index's own syllables, and a single
misspelt word of five letters or more still finding its items, below exact matches."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from search.backends.base import SearchBackend
from search.backends.elasticsearch import ElasticsearchBackend
from search.spelling import edit_distance, fuzzy_distance, likeliest
from search.types import SearchDocument, SearchQuery
from tests.factories import host_client
from tests.search.conftest import Corpus
from tests.search.es.fake_cluster import FakeCluster, Request, search_response

PROVINCE = "langson.localhost"
TITLES = {
    1: "Hướng dẫn đăng ký khai sinh cho trẻ em",
    2: "Đăng ký khai sinh có yếu tố nước ngoài",
    3: "Ông Nguyễn Văn Bình nhận bằng khen",
    4: "Bà Lê Thị Nguyệt nhận giấy khen",
    5: "Lịch tiếp dân của Chủ tịch",
    6: "Tập huấn khuyến nông cho hộ nghèo",
}


def _document(item_id: int, title: str) -> SearchDocument:
    return SearchDocument(
        item_id=item_id, tenant_id=1, tenant_path="/1/", site_name="Tỉnh",
        site_host=PROVINCE, url=f"http://{PROVINCE}/tin-tuc/{item_id}", type="article",
        locale="vi", title=title, summary="", body_text="",
        published_at=datetime(2026, 1, item_id, tzinfo=UTC))


def _indexed(backend: SearchBackend) -> SearchBackend:
    backend.index(_document(item_id, title) for item_id, title in TITLES.items())
    backend.refresh()
    return backend


def _titles(backend: SearchBackend, text: str) -> list[str]:
    return [hit.title for hit in backend.search(SearchQuery(text=text)).hits]


def test_edit_distances_count_a_swap_as_one() -> None:
    assert edit_distance("sihn", "sinh", 2) == 1
    assert edit_distance("chinnh", "chinh", 2) == 1
    assert edit_distance("khai", "sinh", 2) == 3
    assert [fuzzy_distance(w) for w in ("sinh", "chinh", "nguyen", "thongtinn")] == \
        [0, 1, 1, 2]


def test_syllables_are_corrected_to_the_index_words_with_their_diacritics(  # type: ignore[no-untyped-def]
        search_backend) -> None:
    backend = _indexed(search_backend)
    results = backend.search(SearchQuery(text="khai sihn"))
    assert results.total == 0
    assert results.suggestion == "khai sinh"
    assert backend.search(SearchQuery(text=results.suggestion)).total == 2
    # Words typed without diacritics take the items' accents; typed ones stay.
    assert backend.search(SearchQuery(text="dang ky khai sihn")).suggestion == \
        "đăng ký khai sinh"
    assert backend.search(SearchQuery(text="đang ký khai sihn")).suggestion == \
        "đang ký khai sinh"


def test_no_suggestion_when_the_query_finds_something_or_nothing_near(  # type: ignore[no-untyped-def]
        search_backend) -> None:
    backend = _indexed(search_backend)
    assert backend.search(SearchQuery(text="khai sinh")).suggestion == ""
    assert backend.search(SearchQuery(text="zzqxw")).suggestion == ""
    # Corrected, the words exist but never together: no suggestion that finds nothing.
    assert backend.search(SearchQuery(text="khai sihn nguyeenx")).suggestion == ""


def test_one_misspelt_long_word_finds_its_items_below_exact_matches(  # type: ignore[no-untyped-def]
        search_backend) -> None:
    backend = _indexed(search_backend)
    assert _titles(backend, "nguyen") == [TITLES[3], TITLES[4]]  # Nguyễn, then Nguyệt
    assert _titles(backend, "nguyeen") == [TITLES[3]]            # one edit from Nguyễn
    assert _titles(backend, "nguyêt") == [TITLES[4], TITLES[3]]


def test_a_misspelt_word_finds_first_what_its_diacritics_say_was_meant(  # type: ignore[no-untyped-def]
        search_backend) -> None:
    if search_backend.name != "embedded":
        pytest.skip("Elasticsearch scores a loose word's near terms by their own statistics")
    backend = _indexed(search_backend)
    # "khyến" is one edit from "khen" and from "khuyến" (folded); its "ế" says which.
    assert _titles(backend, "khyến")[0] == TITLES[6]
    assert set(_titles(backend, "khyến")) == {TITLES[3], TITLES[4], TITLES[6]}


def test_the_likeliest_correction_weighs_the_typed_diacritics() -> None:
    forms = {"khen": {"khen": 900}, "khuyen": {"khuyến": 5}, "thuoc": {"thuộc": 800},
             "thuong": {"thường": 700, "thương": 90, "thưởng": 10}}
    vocabulary = [("khen", 900), ("thuoc", 800), ("thuong", 800), ("khuyen", 5)]
    assert likeliest("khyến", vocabulary, forms.__getitem__) == "khuyến"
    # The rarest way of writing "thuong", the one its marks say.
    assert likeliest("thưởg", vocabulary, forms.__getitem__) == "thưởng"
    # Typed without diacritics: the nearest folded term, the same length first.
    assert likeliest("thuog", vocabulary, forms.__getitem__) == "thuộc"
    assert likeliest("zzqxw", vocabulary, forms.__getitem__) is None


def test_words_shorter_than_five_letters_are_not_fuzzy(search_backend) -> None:  # type: ignore[no-untyped-def]
    backend = _indexed(search_backend)
    assert _titles(backend, "sihn") == []
    assert backend.search(SearchQuery(text="sihn")).suggestion == "sinh"


def test_the_page_and_the_api_offer_the_corrected_query(app, corpus: Corpus) -> None:  # type: ignore[no-untyped-def]
    client = host_client(app, PROVINCE)
    body = client.get("/api/v1/search?q=thu+tuc+hanh+chinnh+moii").get_json()
    assert body["total"] == 0
    assert body["suggestion"] == "thủ tục hành chính mới"
    found = client.get("/api/v1/search?q=thủ+tục+hành+chính+mới").get_json()
    assert found["total"] > 0 and found["suggestion"] is None
    page = client.get("/tim-kiem?q=thu+tuc+hanh+chinnh+moii&scope=all&type=article")
    assert page.status_code == 200
    assert 'class="did-you-mean"' in page.text
    assert "type=article" in page.text.split('class="did-you-mean"')[1].split("</p>")[0]
    assert "thủ tục hành chính mới</a>" in page.text


def test_elasticsearch_corrects_from_its_term_suggesters() -> None:
    """The backend's conversation, against answers shaped as Elasticsearch's: the
    search finds nothing, the term suggesters offer "sinh", the corrected query finds
    an item, so it is suggested (folded: the folded fields hold no accents)."""
    found = {"item_id": 1, "title": TITLES[1], "url": "http://x/1", "site_name": "Tỉnh",
             "site_host": PROVINCE, "type": "article", "summary": "",
             "published_at": "2026-01-01T00:00:00+00:00"}

    def answer(request: Request) -> tuple[int, object]:
        body = request.json()
        if "suggest" in body:
            entries = [{"text": "khai", "offset": 0, "length": 4, "options": []},
                       {"text": "sihn", "offset": 5, "length": 4, "options": [
                           {"text": "sinh", "score": 0.75, "freq": 2}]}]
            return 200, {**search_response(), "suggest": {"title": entries,
                                                         "body_text": entries}}
        return 200, search_response(*([found] if "sinh" in request.body.decode() else []))

    cluster = FakeCluster(answer)
    try:
        backend = ElasticsearchBackend(cluster.url, "portal-items", request_timeout=5)
        results = backend.search(SearchQuery(text="khai sihn"))
        assert (results.total, results.suggestion) == (0, "khai sinh")
        assert len(cluster.paths()) == 3
    finally:
        cluster.stop()
