"""The search page and the JSON API over HTTP: results, scopes by host, bad input
(never a 500, never an engine message) and an engine that is down."""

from __future__ import annotations

import pytest

from search.backends.base import SearchUnavailable
from search.service import set_backend
from tests.factories import host_client
from tests.search.conftest import Corpus

PROVINCE = "langson.localhost"
DEPT = "sokhcn.langson.localhost"
COMMUNE = "xathongnhat.langson.localhost"
ENGLISH = "english.langson.localhost"


def test_the_page_finds_items_of_every_site_from_the_province(app, corpus: Corpus) -> None:  # type: ignore[no-untyped-def]
    page = host_client(app, PROVINCE).get("/tim-kiem?q=dat+dai")
    assert page.status_code == 200
    html = page.text
    assert "Thủ tục đăng ký đất đai lần đầu" in html
    assert "Tuyên truyền pháp luật về đất đai cho nhân dân" in html
    # Each hit names its site and links to that site's host.
    assert "Xã Thống Nhất" in html
    assert 'href="http://xathongnhat.langson.localhost/tin-tuc/' in html
    assert "<mark>đất</mark>" in html
    assert 'value="all" checked' in html  # all sites by default on the province


def test_the_page_on_a_site_searches_that_site_by_default(app, corpus: Corpus) -> None:  # type: ignore[no-untyped-def]
    client = host_client(app, COMMUNE)
    html = client.get("/tim-kiem?q=đất").text
    assert 'value="site" checked' in html
    assert "Tuyên truyền pháp luật về đất đai cho nhân dân" in html
    assert "Thủ tục đăng ký đất đai lần đầu" not in html
    html = client.get("/tim-kiem?q=đất&scope=all").text
    assert "Thủ tục đăng ký đất đai lần đầu" in html
    # A site's sub-sites: the department's subtree holds the commune.
    html = host_client(app, DEPT).get("/tim-kiem?q=hội+nghị&scope=subtree").text
    assert "Tuyên truyền pháp luật về đất đai cho nhân dân" in html
    assert "Hội nghị xúc tiến đầu tư" not in html


def test_the_api_answers_the_documented_shape(app, corpus: Corpus) -> None:  # type: ignore[no-untyped-def]
    response = host_client(app, PROVINCE).get("/api/v1/search?q=40/2024/QD-UBND")
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"total", "results", "facets", "suggestion"}
    first = body["results"][0]
    assert set(first) == {"title", "url", "site", "type", "snippet", "file", "published_at",
                          "copies", "copies_of"}
    assert (first["copies"], first["copies_of"]) == (1, None)
    assert first["file"] is None
    assert first["title"].startswith("Quyết định ban hành Quy chế")
    assert first["url"].startswith("http://langson.localhost/van-ban/")
    assert first["site"] == "Tỉnh Lạng Sơn" and first["type"] == "legal_document"
    assert {"type", "site"} <= set(body["facets"])
    filtered = host_client(app, PROVINCE).get(
        "/api/v1/search?q=đất&type=procedure&per_page=5").get_json()
    assert [r["title"] for r in filtered["results"]] == ["Thủ tục đăng ký đất đai lần đầu"]
    suggest = host_client(app, PROVINCE).get("/api/v1/search/suggest?q=cap+giay+p")
    assert suggest.get_json()["suggestions"][0]["title"] == \
        "Cấp giấy phép xây dựng nhà ở riêng lẻ"


def test_english_host_searches_english_items_only(app, corpus: Corpus) -> None:  # type: ignore[no-untyped-def]
    client = host_client(app, ENGLISH)
    body = client.get("/api/v1/search?q=investment").get_json()
    assert [r["title"] for r in body["results"]] == [
        "Lạng Sơn attracts investment to the Dong Dang border economic zone"]
    assert client.get("/api/v1/search?q=đầu+tư").get_json()["total"] == 0


@pytest.mark.parametrize(("path", "status"), [
    ("/tim-kiem", 200),
    ("/tim-kiem?q=", 200),
    ("/tim-kiem?q=" + "đất " * 2500, 400),  # the address itself is refused as too long
    ("/tim-kiem?q=" + "dat " * 80, 200),    # cut to 200 characters, with a message
    ('/tim-kiem?q="', 200),
    ("/tim-kiem?q=*", 200),
    ("/tim-kiem?q=NEAR(đất,+đai)", 200),
    ("/tim-kiem?q=(đất", 200),
    ("/tim-kiem?q=title:đất", 200),
    ("/tim-kiem?q=-đất+AND+OR", 200),
    ("/tim-kiem?q=đất&type=nonsense", 400),
    ("/tim-kiem?q=đất&document_type=luat_gia", 400),
    ("/tim-kiem?q=đất&scope=universe", 400),
    ("/tim-kiem?q=đất&site=abc", 400),
    ("/tim-kiem?q=đất&site=99999", 400),
    ("/tim-kiem?q=đất&sort=random", 400),
    ("/tim-kiem?q=đất&page=-1", 400),
    ("/tim-kiem?q=đất&page=0", 400),
    ("/tim-kiem?q=đất&page=abc", 400),
    ("/tim-kiem?q=đất&page=99999999999999999999", 400),
    ("/tim-kiem?q=đất&from=2026-13-45", 400),
    ("/tim-kiem?q=đất&from=2026-02-01&to=2026-01-01", 400),
    ("/tim-kiem?q=đất&page=1000", 200),
    ("/api/v1/search", 200),
    ("/api/v1/search?q=" + "a" * 10_000, 400),
    ("/api/v1/search?q=\"*NEAR(:-", 200),
    ("/api/v1/search?q=đất&page=-1", 400),
    ("/api/v1/search?q=đất&per_page=1000", 400),
    ("/api/v1/search?q=đất&type=x", 400),
    ("/api/v1/search/suggest?q=", 200),
    ("/api/v1/search/suggest?q=(*", 200),
])
def test_bad_input_is_never_a_500(app, province, search_backend, path: str, status: int) -> None:  # type: ignore[no-untyped-def]
    response = host_client(app, PROVINCE).get(path)
    assert response.status_code == status, response.text[response.text.find("<main"):][:1500]
    text = response.text
    for leak in ("Traceback", "SyntaxError", "tantivy", "QueryParserError", "ValueError"):
        assert leak not in text
    if status == 400 and path.startswith("/api/"):
        assert response.get_json()["error"]["status"] == 400


def test_a_long_query_is_cut_with_a_message(app, province, search_backend) -> None:  # type: ignore[no-untyped-def]
    html = host_client(app, PROVINCE).get("/tim-kiem?q=" + "dat+" * 80).text
    assert 'class="notice" role="status"' in html and "200" in html


class Down:
    name = "down"

    def search(self, query):  # type: ignore[no-untyped-def]
        raise SearchUnavailable("connection refused to 10.0.0.9:9200")

    def suggest(self, query, limit=8):  # type: ignore[no-untyped-def]
        raise SearchUnavailable("connection refused to 10.0.0.9:9200")


def test_an_engine_that_is_down_gives_a_clear_message(app, province) -> None:  # type: ignore[no-untyped-def]
    set_backend(app, Down())  # type: ignore[arg-type]
    page = host_client(app, PROVINCE).get("/tim-kiem?q=đất")
    assert page.status_code == 503
    assert 'role="alert"' in page.text and "10.0.0.9" not in page.text
    api = host_client(app, PROVINCE).get("/api/v1/search?q=đất")
    assert api.status_code == 503 and "10.0.0.9" not in api.text
    assert host_client(app, PROVINCE).get("/api/v1/search/suggest?q=đ").status_code == 503
    # An empty query does not need the engine.
    assert host_client(app, PROVINCE).get("/tim-kiem").status_code == 200


def test_the_openapi_document_lists_search(app, province) -> None:  # type: ignore[no-untyped-def]
    response = host_client(app, PROVINCE).get("/api/v1/openapi.json")
    if response.status_code == 404:
        pytest.skip("the OpenAPI document is served elsewhere")
    paths = response.get_json()["paths"]
    assert "/api/v1/search" in paths and "/api/v1/search/suggest" in paths
