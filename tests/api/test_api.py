"""What the API shows and refuses: only this host's public items in its language,
filters and pagination, and a clear JSON error for every kind of bad input."""

from __future__ import annotations

from hub.content import operations
from hub.content.models import ContentItem, ContentType
from hub.extensions import db
from tests.admin.helpers import acting
from tests.api.content import A_HOST, B_HOST, EN_HOST, VI_HOST
from tests.factories import host_client


def ids(response) -> list[int]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.text
    return [row["id"] for row in response.get_json()["data"]]


def test_lists_show_only_this_sites_public_items(app, world):
    a = host_client(app, A_HOST)
    assert ids(a.get("/api/v1/articles")) == [world.public[ContentType.ARTICLE]]
    for hidden in (world.draft, world.taken_down, world.foreign, world.vi_article):
        response = a.get(f"/api/v1/articles/{hidden}")
        assert response.status_code == 404
        assert response.get_json()["error"]["status"] == 404
    assert ids(host_client(app, B_HOST).get("/api/v1/articles")) == [world.foreign]


def test_article_json_and_pagination(app, world):
    item_id = world.public[ContentType.ARTICLE]
    response = host_client(app, A_HOST).get(f"/api/v1/articles/{item_id}")
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    data = response.get_json()["data"]
    assert data["title"] == "Hội nghị tổng kết <khoa học> & công nghệ"
    assert "Hội nghị" in response.text  # UTF-8, not \u escapes
    assert data["url"] == f"http://{A_HOST}/tin-tuc/{data['slug']}"
    assert data["category"]["slug"] == "tin-hoat-dong"
    assert data["published_at"].endswith("+07:00")
    assert data["body"] == "<p>Nội dung</p>"
    assert "status" not in data and "created_by" not in data

    # Pagination: totals and absolute links that keep the filters.
    body = host_client(app, A_HOST).get("/api/v1/articles?per_page=1&kind=news").get_json()
    assert body["meta"] == {"page": 1, "per_page": 1, "total": 1, "pages": 1}
    assert body["links"]["next"] is None and body["links"]["prev"] is None
    assert body["links"]["self"] == (f"http://{A_HOST}/api/v1/articles?kind=news&page=1"
                                     "&per_page=1")


def test_the_english_host_shows_only_english_items(app, world):
    en = host_client(app, EN_HOST)
    assert ids(en.get("/api/v1/articles")) == [world.en_article]
    assert en.get(f"/api/v1/articles/{world.vi_article}").status_code == 404
    assert en.get(f"/api/v1/articles/{world.en_draft}").status_code == 404
    vi = host_client(app, VI_HOST)
    assert ids(vi.get("/api/v1/articles")) == [world.vi_article]
    translations = vi.get(f"/api/v1/articles/{world.vi_article}").get_json()["data"][
        "translations"]
    assert translations == [{"locale": "en", "title": "Lang Son welcomes guests",
                             "url": f"http://{EN_HOST}/tin-tuc/lang-son-welcomes-guests"}]
    sections = {section["code"]: section
                for section in vi.get("/api/v1/structure").get_json()["data"]["sections"]}
    assert sections["english"] == {
        "code": "english", "title": sections["english"]["title"],
        "legal_basis": "Decree 42/2022 Art. 5.3", "url": f"http://{EN_HOST}/",
        "present": True, "non_empty": True, "count": 1,
        "last_updated": sections["english"]["last_updated"]}
    assert sections["english"]["last_updated"].endswith("+07:00")


def test_a_take_down_disappears_at_once(app, world):
    item_id = world.public[ContentType.ARTICLE]
    client = host_client(app, A_HOST)
    assert client.get(f"/api/v1/articles/{item_id}").status_code == 200
    with acting(app, world.a, f"approver@{world.a.slug}.gov.vn") as approver:
        operations.transition(db.session.get(ContentItem, item_id), "take_down", approver,
                              comment="Vi phạm")
    assert client.get(f"/api/v1/articles/{item_id}").status_code == 404
    assert ids(client.get("/api/v1/articles")) == []


def test_filters(app, world):
    client = host_client(app, A_HOST)
    doc = world.public[ContentType.LEGAL_DOCUMENT]
    for query in ("type=quyet_dinh", "year=2024", "validity=in_force",
                  "issuer=Ủy ban nhân dân tỉnh Lạng Sơn", "field=Thông tin",
                  "from=2024-10-15&to=2024-10-15"):
        assert ids(client.get(f"/api/v1/legal-documents?{query}")) == [doc], query
    for query in ("type=luat", "year=2023", "validity=expired", "from=2024-10-16",
                  "issuer=Khác"):
        assert ids(client.get(f"/api/v1/legal-documents?{query}")) == [], query
    article = world.public[ContentType.ARTICLE]
    assert ids(client.get("/api/v1/articles?category=tin-hoat-dong&kind=news")) == [article]
    assert ids(client.get("/api/v1/articles?to=2000-01-01")) == []
    assert ids(client.get("/api/v1/schedule?from=2026-11-23&to=2026-11-29")) == [
        world.public[ContentType.SCHEDULE_ENTRY]]
    assert ids(client.get("/api/v1/procedures?level=Toàn trình")) == [
        world.public[ContentType.PROCEDURE]]


BAD_INPUT = [
    "/api/v1/articles?page=-1", "/api/v1/articles?page=abc",
    "/api/v1/articles?page=99999999", "/api/v1/articles?per_page=1000",
    "/api/v1/articles?per_page=0", "/api/v1/articles?kind=gossip",
    "/api/v1/legal-documents?type=unknown", "/api/v1/legal-documents?validity=maybe",
    "/api/v1/legal-documents?from=2024-13-01", "/api/v1/legal-documents?to=15/10/2024",
    "/api/v1/legal-documents?year=20x4", "/api/v1/legal-documents?from=2025-01-01"
    "&to=2024-01-01", "/api/v1/articles?category=khong-co", "/api/v1/articles?sort=title",
    "/api/v1/articles?page=1&page=2", "/api/v1/articles?featured=perhaps",
    "/api/v1/articles?q=" + "x" * 3000, "/api/v1/articles/1?expand=all",
    "/api/v1/people?leader=sometimes", "/api/v1/site?x=1",
]


def test_bad_input_is_a_json_400_with_a_reason(app, province):
    client = host_client(app, VI_HOST)
    for url in BAD_INPUT:  # one test, not one per URL: the database setup dominates
        response = client.get(url)
        assert response.status_code == 400, (url, response.status_code)
        error = response.get_json()["error"]
        assert error["status"] == 400 and error["reason"], url


def test_unknown_ids_and_pages_are_json_404s(app, province):
    client = host_client(app, VI_HOST)
    for url in ("/api/v1/articles/999999", "/api/v1/people/5", "/api/v1/categories/7",
                "/api/v1/articles?page=2", "/api/v1/nothing-here"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.get_json()["error"]["status"] == 404
    reason = client.get("/api/v1/articles/999999").get_json()["error"]["reason"]
    assert reason
