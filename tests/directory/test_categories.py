"""A site's administrator keeps its category tree (chuyên mục); nobody else may, and a
category that still holds something cannot be deleted."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hub.audit.models import AuditEntry
from hub.directory.models import Category
from hub.extensions import db
from hub.workflow.models import ApproverScope
from tenants.context import tenant_scope, unscoped
from tests.content.conftest import staff_client, token, translated
from tests.content.factories import make_category, make_item, make_menu_item
from tests.factories import create_user, host_client


def categories_of(app, site) -> list[tuple[str, str, int | None]]:  # type: ignore[no-untyped-def]
    with app.app_context(), tenant_scope(site.id):
        return [(c.name, c.slug, c.parent_id) for c in
                db.session.scalars(select(Category).order_by(Category.id))]


def post(client, path: str, **data):  # type: ignore[no-untyped-def]
    return client.post(path, data={"csrf_token": token(client), "locale": "vi",
                                   "parent_id": "0", "position": "0", **data})


def test_a_category_gets_its_address_from_its_name(app, site_a, site_admin):
    response = post(site_admin, "/quan-tri/chuyen-muc/moi", name="  Tin tức - Sự kiện ")
    assert response.status_code == 302
    assert categories_of(app, site_a) == [("Tin tức - Sự kiện", "tin-tuc-su-kien", None)]
    page = site_admin.get("/quan-tri/chuyen-muc").get_data(as_text=True)
    assert "Tin tức - Sự kiện" in page and "tin-tuc-su-kien" in page
    with app.app_context(), unscoped():
        entry = db.session.scalar(select(AuditEntry).where(
            AuditEntry.action == "category.created"))
        assert entry.tenant_id == site_a.id and entry.detail["slug"] == "tin-tuc-su-kien"


def test_a_second_category_of_the_same_name_gets_a_numbered_address(app, site_a,
                                                                     site_admin):
    post(site_admin, "/quan-tri/chuyen-muc/moi", name="Đường Đình Lập")
    post(site_admin, "/quan-tri/chuyen-muc/moi", name="Đường Đình Lập")
    assert [slug for _, slug, _ in categories_of(app, site_a)] == [
        "duong-dinh-lap", "duong-dinh-lap-2"]


def test_an_address_typed_by_hand_that_is_taken_is_refused(app, site_a, site_admin):
    make_category(app, site_a, "Văn bản", "van-ban")
    response = post(site_admin, "/quan-tri/chuyen-muc/moi", name="Văn bản mới",
                    slug="Văn bản")
    assert response.status_code == 409
    assert translated(app, "Another category already uses the address “%(slug)s”. "
                           "Please choose another.", slug="van-ban") in response.text
    assert len(categories_of(app, site_a)) == 1


def test_sub_categories_and_no_loops(app, site_a, site_admin):
    parent = make_category(app, site_a, "Tin tức")
    child = make_category(app, site_a, "Tin trong tỉnh", parent_id=parent)
    assert "— " in site_admin.get("/quan-tri/chuyen-muc").text
    response = post(site_admin, f"/quan-tri/chuyen-muc/{parent}", name="Tin tức",
                    slug="tin-tuc", parent_id=str(child))
    assert response.status_code == 400
    assert translated(app, "A category cannot be placed under itself or under one of its "
                           "own sub-categories.") in response.text
    assert categories_of(app, site_a)[0] == ("Tin tức", "tin-tuc", None)


def test_a_parent_from_another_site_is_refused(app, two_sites, site_admin):
    site_a, site_b = two_sites
    foreign = make_category(app, site_b, "Tin xã")
    response = post(site_admin, "/quan-tri/chuyen-muc/moi", name="Tin sở",
                    parent_id=str(foreign))
    assert response.status_code == 400
    assert categories_of(app, site_a) == []


def test_a_category_is_renamed(app, site_a, site_admin):
    category = make_category(app, site_a, "Tin tuc")
    assert 'value="Tin tuc"' in site_admin.get(f"/quan-tri/chuyen-muc/{category}").text
    response = post(site_admin, f"/quan-tri/chuyen-muc/{category}", name="Tin tức", slug="")
    assert response.status_code == 302
    assert categories_of(app, site_a) == [("Tin tức", "tin-tuc", None)]


@pytest.mark.parametrize("holds", ["child", "item", "menu", "approver"])
def test_a_category_that_holds_something_cannot_be_deleted(app, site_a, site_admin, holds):
    category = make_category(app, site_a, "Tin tức")
    if holds == "child":
        make_category(app, site_a, "Tin trong tỉnh", parent_id=category)
    elif holds == "item":
        make_item(app, site_a, category_id=category)
    elif holds == "menu":
        make_menu_item(app, site_a, url="", label="Tin")
        with app.app_context(), tenant_scope(site_a.id):
            from hub.directory.models import MenuItem
            db.session.scalars(select(MenuItem)).one().category_id = category
            db.session.commit()
    else:
        approver = create_user(app, "duyet@sokhcn.gov.vn", {site_a: "approver"})
        with app.app_context(), tenant_scope(site_a.id):
            db.session.add(ApproverScope(user_id=approver.id, category_id=category))
            db.session.commit()
    response = post(site_admin, f"/quan-tri/chuyen-muc/{category}/xoa")
    assert response.status_code == 409
    assert 'role="alert"' in response.text
    assert any(name == "Tin tức" for name, _, _ in categories_of(app, site_a))


def test_an_empty_category_is_deleted(app, site_a, site_admin):
    category = make_category(app, site_a, "Tin cũ")
    assert post(site_admin, f"/quan-tri/chuyen-muc/{category}/xoa").status_code == 302
    assert categories_of(app, site_a) == []


def test_only_the_sites_administrator_manages_categories(app, site_a, editor):
    category = make_category(app, site_a, "Tin tức")
    assert editor.get("/quan-tri/chuyen-muc").status_code == 403
    assert post(editor, "/quan-tri/chuyen-muc/moi", name="Mới").status_code == 403
    assert post(editor, f"/quan-tri/chuyen-muc/{category}/xoa").status_code == 403
    assert categories_of(app, site_a) == [("Tin tức", "tin-tuc", None)]
    anonymous = host_client(app, "sokhcn.langson.localhost")
    response = anonymous.get("/quan-tri/chuyen-muc")
    assert response.status_code == 302 and "/dang-nhap" in response.headers["Location"]
    approver = staff_client(app, site_a, "approver")
    assert approver.get("/quan-tri/chuyen-muc").status_code == 403


def test_the_form_needs_a_name(app, site_a, site_admin):
    response = post(site_admin, "/quan-tri/chuyen-muc/moi", name="   ")
    assert response.status_code == 400
    assert translated(app, "Please fill in this field.") in response.text
    assert categories_of(app, site_a) == []
