"""The page cache: hits without running the view, invalidation per tenant after each
content change, nothing cached for staff, ETag/304 and Cache-Control."""

from __future__ import annotations

from collections import Counter

from flask import Flask

from hub.content import operations
from hub.content.models import ContentItem
from hub.extensions import db
from tenants.models import Tenant
from tests.admin.helpers import acting, email_of, staff_client
from tests.cache.conftest import A_HOST, B_HOST, publish
from tests.factories import create_site, host_client


def test_second_request_is_served_from_the_cache(app: Flask, two_sites, staff,
                                                 renders: Counter) -> None:
    publish(app, two_sites[0], "Hội nghị khoa học năm 2027")
    client = host_client(app, A_HOST)
    first = client.get("/_test/tin")
    second = client.get("/_test/tin")
    assert first.status_code == second.status_code == 200
    assert "Hội nghị khoa học năm 2027" in second.text
    assert second.data == first.data
    assert renders[A_HOST] == 1
    # Another query string, another host: other pages.
    client.get("/_test/tin?page=2")
    host_client(app, B_HOST).get("/_test/tin")
    assert renders[A_HOST] == 2 and renders[B_HOST] == 1


def test_public_headers_etag_and_304(app: Flask, two_sites, renders: Counter) -> None:
    client = host_client(app, A_HOST)
    first = client.get("/_test/tin")
    assert first.headers["Cache-Control"] == "public, max-age=60"
    assert "Cookie" in first.headers["Vary"]
    assert "Set-Cookie" not in first.headers  # no session for an anonymous visitor
    etag = first.headers["ETag"]
    again = client.get("/_test/tin", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag
    assert client.get("/_test/tin", headers={"If-None-Match": '"other"'}).status_code == 200
    assert renders[A_HOST] == 1


def test_a_rendered_page_answers_conditional_requests_too(app: Flask, two_sites,
                                                          renders: Counter) -> None:
    # Not from the cache (each query string is a page of its own): the rendering path
    # answers If-None-Match and If-Modified-Since the same way, and a plain request
    # gets the page with its ETag.
    client = host_client(app, A_HOST)
    first = client.get("/_test/tin?lan=1")
    etag = first.headers["ETag"]
    matched = client.get("/_test/tin?lan=2", headers={"If-None-Match": etag})
    assert renders[A_HOST] == 2
    assert matched.status_code == 304 and matched.data == b""
    assert matched.headers["ETag"] == etag
    other = client.get("/_test/tin?lan=3", headers={"If-None-Match": '"other"'})
    assert other.status_code == 200 and other.data == first.data
    plain = client.get("/_test/tin?lan=4")
    assert plain.status_code == 200 and plain.headers["ETag"] == etag
    assert plain.headers["Vary"] == "Cookie"


def test_publish_edit_and_takedown_invalidate_at_once(app: Flask, two_sites, staff,
                                                      renders: Counter) -> None:
    site = two_sites[0]
    client = host_client(app, A_HOST)
    assert "Tin mới" not in client.get("/_test/tin").text
    item_id = publish(app, site, "Tin mới về chuyển đổi số")
    assert "Tin mới về chuyển đổi số" in client.get("/_test/tin").text
    assert "Tin mới về chuyển đổi số" in client.get(f"/_test/tin/{item_id}").text

    with acting(app, site, email_of("editor", site)) as editor:
        item = db.session.get(ContentItem, item_id)
        operations.save_item(item, {"title": "Tin đã sửa về chuyển đổi số"}, editor,
                             expected_revision=item.revision)
    assert "Tin đã sửa về chuyển đổi số" in client.get("/_test/tin").text
    assert "Tin đã sửa" in client.get(f"/_test/tin/{item_id}").text

    with acting(app, site, email_of("approver", site)) as approver:
        operations.transition(db.session.get(ContentItem, item_id), "take_down",
                              approver, comment="Nội dung vi phạm")
    assert "chuyển đổi số" not in client.get("/_test/tin").text
    assert client.get(f"/_test/tin/{item_id}").status_code == 404


def test_another_tenants_publish_keeps_this_tenants_pages(app: Flask, two_sites, staff,
                                                          renders: Counter) -> None:
    client = host_client(app, A_HOST)
    client.get("/_test/tin")
    publish(app, two_sites[1], "Tin của xã Thống Nhất")
    client.get("/_test/tin")
    assert renders[A_HOST] == 1
    assert "Tin của xã Thống Nhất" in host_client(app, B_HOST).get("/_test/tin").text


def test_a_new_site_invalidates_the_province_home_listing(app: Flask, province: Tenant,
                                                          renders: Counter) -> None:
    client = host_client(app, "langson.localhost")
    client.get("/_test/tin")
    client.get("/_test/tin")
    assert renders["langson.localhost"] == 1
    create_site(app, "xamoi.langson", "Xã Mới", parent=province,
                hosts=("xamoi.langson.localhost",))
    client.get("/_test/tin")
    assert renders["langson.localhost"] == 2


def test_staff_never_get_nor_fill_the_cache(app: Flask, two_sites, staff,
                                            renders: Counter) -> None:
    site = two_sites[0]
    editor = staff_client(app, site, "editor")
    for _ in range(2):
        response = editor.get("/_test/tin")
        assert response.headers["Cache-Control"] == "private, no-store"
        assert "ETag" not in response.headers
    assert renders[A_HOST] == 2
    host_client(app, A_HOST).get("/_test/tin")  # the staff's visits stored nothing
    assert renders[A_HOST] == 3
    assert editor.get("/quan-tri/").headers["Cache-Control"] == "private, no-store"


def test_cache_can_be_turned_off(app: Flask, two_sites, renders: Counter) -> None:
    # The setting is read when the app is built; build a second app on the same data.
    from hub import create_app
    other = create_app({**app.config, "PAGE_CACHE": False})
    counts: Counter = Counter()
    other.add_url_rule("/_test/x", "public.test_x",
                       lambda: counts.update(["x"]) or "<p>x</p>")
    client = host_client(other, A_HOST)
    assert client.get("/_test/x").headers["Cache-Control"] == "public, max-age=60"
    client.get("/_test/x")
    assert counts["x"] == 2


def test_tenant_memo_lasts_until_the_site_changes(app: Flask, two_sites, staff) -> None:
    from hub.cache.memo import tenant_memo
    built: list[str] = []

    def menu() -> tuple[str, ...]:
        built.append("menu")
        return ("Trang chủ", "Tin tức")

    def read(host: str) -> tuple[str, ...]:
        with app.test_request_context("/", headers={"Host": host}):
            app.preprocess_request()
            return tenant_memo("menu", menu)

    assert read(A_HOST) == read(A_HOST) == ("Trang chủ", "Tin tức")
    assert built == ["menu"]
    read(B_HOST)
    assert len(built) == 2  # another site, another entry
    publish(app, two_sites[0], "Tin làm mới trình đơn")
    read(A_HOST)
    assert len(built) == 3
