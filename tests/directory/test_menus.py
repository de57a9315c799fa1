"""A site's administrator keeps its menus: main, footer and links, each entry leading to
a page, a web address or a category, with one level of sub-items."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hub.directory.models import Menu, MenuItem
from hub.extensions import db
from tenants.context import tenant_scope
from tests.content.conftest import token, translated
from tests.content.factories import make_category, make_menu_item


def entries(app, site) -> list[tuple[str, str, str, int | None, int | None]]:  # type: ignore[no-untyped-def]
    with app.app_context(), tenant_scope(site.id):
        rows = db.session.execute(select(MenuItem, Menu).join(Menu).order_by(MenuItem.id))
        return [(menu.location, item.label, item.url, item.category_id, item.parent_id)
                for item, menu in rows]


def add(client, **data):  # type: ignore[no-untyped-def]
    return client.post("/quan-tri/menu/muc/moi", data={
        "csrf_token": token(client), "location": "main", "locale": "vi", "url": "",
        "category_id": "0", "parent_id": "0", "position": "0", **data})


def test_items_lead_to_a_page_an_address_or_a_category(app, site_a, site_admin):
    news = make_category(app, site_a, "Tin tức")
    assert add(site_admin, label="Giới thiệu", url="/gioi-thieu").status_code == 302
    assert add(site_admin, label="Tin tức", category_id=str(news)).status_code == 302
    assert add(site_admin, label="Cổng Chính phủ", url="https://chinhphu.vn",
               location="links").status_code == 302
    assert entries(app, site_a) == [
        ("main", "Giới thiệu", "/gioi-thieu", None, None),
        ("main", "Tin tức", "", news, None),
        ("links", "Cổng Chính phủ", "https://chinhphu.vn", None, None),
    ]
    page = site_admin.get("/quan-tri/menu").text
    assert "Giới thiệu" in page and "Cổng Chính phủ" in page


@pytest.mark.parametrize("url", ["javascript:alert(1)", "//evil.example/", "data:text/html,x",
                                 "ftp://files.example/"])
def test_addresses_that_are_not_web_pages_are_refused(app, site_a, site_admin, url):
    response = add(site_admin, label="Lạ", url=url)
    assert response.status_code == 400
    assert translated(app, "The address must be a page of this site (starting with /) or "
                           "begin with http:// or https://.") in response.text
    assert entries(app, site_a) == []


def test_an_item_has_an_address_or_a_category_not_both(app, site_a, site_admin):
    news = make_category(app, site_a, "Tin tức")
    assert add(site_admin, label="Tin", url="/tin", category_id=str(news)).status_code == 400
    assert add(site_admin, label="Tin").status_code == 400
    assert entries(app, site_a) == []


def test_menus_nest_one_level(app, site_a, site_admin):
    top = make_menu_item(app, site_a, "Giới thiệu", "/gioi-thieu")
    child = make_menu_item(app, site_a, "Lịch sử", "/lich-su", parent_id=top)
    assert add(site_admin, label="Văn hoá", url="/van-hoa",
               parent_id=str(top)).status_code == 302
    response = add(site_admin, label="Di tích", url="/di-tich", parent_id=str(child))
    assert response.status_code == 400
    # A parent must be in the same menu.
    assert add(site_admin, label="Chân trang", url="/lien-he", location="footer",
               parent_id=str(top)).status_code == 400
    # An item with sub-items cannot itself become a sub-item.
    other = make_menu_item(app, site_a, "Tin tức", "/tin-tuc")
    response = site_admin.post(f"/quan-tri/menu/muc/{top}", data={
        "csrf_token": token(site_admin), "location": "main", "locale": "vi",
        "label": "Giới thiệu", "url": "/gioi-thieu", "category_id": "0",
        "parent_id": str(other), "position": "0"})
    assert response.status_code == 400
    assert [label for _, label, _, _, parent in entries(app, site_a) if parent == top] == [
        "Lịch sử", "Văn hoá"]


def test_an_item_is_edited_and_deleted_with_its_sub_items(app, site_a, site_admin):
    top = make_menu_item(app, site_a, "Giới thiệu", "/gioi-thieu")
    make_menu_item(app, site_a, "Lịch sử", "/lich-su", parent_id=top)
    page = site_admin.get(f"/quan-tri/menu/muc/{top}").text
    assert 'value="Giới thiệu"' in page
    response = site_admin.post(f"/quan-tri/menu/muc/{top}", data={
        "csrf_token": token(site_admin), "location": "footer", "locale": "vi",
        "label": "Về chúng tôi", "url": "/gioi-thieu", "category_id": "0",
        "parent_id": "0", "position": "1"})
    assert response.status_code == 302
    # The sub-item moved to the footer with its parent.
    assert [(loc, label) for loc, label, *_ in entries(app, site_a)] == [
        ("footer", "Về chúng tôi"), ("footer", "Lịch sử")]
    response = site_admin.post(f"/quan-tri/menu/muc/{top}/xoa",
                               data={"csrf_token": token(site_admin)})
    assert response.status_code == 302
    assert entries(app, site_a) == []


def test_only_the_sites_administrator_manages_menus(app, site_a, editor):
    item = make_menu_item(app, site_a)
    assert editor.get("/quan-tri/menu").status_code == 403
    assert add(editor, label="Mới", url="/moi").status_code == 403
    assert editor.post(f"/quan-tri/menu/muc/{item}/xoa",
                       data={"csrf_token": token(editor)}).status_code == 403
    assert len(entries(app, site_a)) == 1
