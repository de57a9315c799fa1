"""The translation tests' world: a department with an English host, the Department of
Foreign Affairs as translation office with two translators and an approver, a third
site, and published items made through the workflow's own services."""

from __future__ import annotations

from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import select

from hub.content.models import ContentItem
from hub.extensions import db
from hub.translation.models import TranslationRequest
from tenants.context import tenant_scope
from tenants.models import Tenant
from tests.admin.helpers import acting, make_item
from tests.factories import create_site, create_user, csrf_from, host_client, login

SITE_HOST = "sokhcn.langson.localhost"
SITE_EN_HOST = "english.sokhcn.langson.localhost"
OFFICE_HOST = "songoaivu.langson.localhost"
OTHER_HOST = "xathongnhat.langson.localhost"


@dataclass
class World:
    province: Tenant
    site: Tenant
    office: Tenant
    other: Tenant


def build_world(app: Flask, province: Tenant) -> World:
    site = create_site(app, "sokhcn.langson", "Sở Khoa học và Công nghệ", "department",
                       parent=province, hosts=(SITE_HOST,), english_host=SITE_EN_HOST)
    office = create_site(app, "songoaivu.langson", "Sở Ngoại vụ", "department",
                         parent=province, hosts=(OFFICE_HOST,))
    other = create_site(app, "xathongnhat.langson", "Xã Thống Nhất", "commune",
                        parent=province, hosts=(OTHER_HOST,))
    for role in ("site_admin", "approver", "editor", "contributor"):
        create_user(app, f"{role}@sokhcn.gov.vn", {site: role},
                    display_name=f"{role.title()} Sở KH&CN")
    create_user(app, "bien-dich-1@songoaivu.gov.vn", {office: "translator"},
                display_name="Biên dịch viên Một")
    create_user(app, "bien-dich-2@songoaivu.gov.vn", {office: "translator"},
                display_name="Biên dịch viên Hai")
    create_user(app, "approver@songoaivu.gov.vn", {office: "approver"},
                display_name="Lãnh đạo Sở Ngoại vụ")
    create_user(app, "approver@xathongnhat.gov.vn", {other: "approver"})
    create_user(app, "admin@langson.gov.vn", hub_role="hub_admin")
    return World(province, site, office, other)


def published_article(app: Flask, site: Tenant, **data: Any) -> int:
    values = {"title": "Hội thảo chuyển đổi số tỉnh Lạng Sơn",
              "summary": "Sở tổ chức hội thảo về chuyển đổi số.",
              "body": "<p>Sáng nay, Sở Khoa học và Công nghệ tổ chức hội thảo.</p>", **data}
    return make_item(app, site, "editor@sokhcn.gov.vn", steps=("submit", "approve"),
                     approver_email="approver@sokhcn.gov.vn", **values)


def client_for(app: Flask, host: str, email: str):  # type: ignore[no-untyped-def]
    client = host_client(app, host)
    assert login(client, email).status_code == 302, email
    return client


def post(client, path: str, data: dict[str, Any] | None = None, **kwargs: Any):  # type: ignore[no-untyped-def]
    token = csrf_from(client.get("/quan-tri/").text)
    return client.post(path, data={**(data or {}), "csrf_token": token}, **kwargs)


def read_request(app: Flask, site: Tenant, request_id: int) -> TranslationRequest:
    """The committed request, read as its site (a fresh session), detached."""
    with app.app_context(), tenant_scope(site.id):
        db.session.remove()
        req = db.session.get(TranslationRequest, request_id)
        assert req is not None
        _ = req.events, req.source, req.translation
        db.session.expunge_all()
        return req


def read_content(app: Flask, site: Tenant, item_id: int) -> ContentItem:
    with app.app_context(), tenant_scope(site.id):
        db.session.remove()
        item = db.session.get(ContentItem, item_id)
        assert item is not None
        db.session.expunge_all()
        return item


def translation_of(app: Flask, site: Tenant, item_id: int) -> ContentItem | None:
    with app.app_context(), tenant_scope(site.id):
        db.session.remove()
        item = db.session.scalar(select(ContentItem).where(
            ContentItem.translation_of_id == item_id))
        if item is not None:
            db.session.expunge_all()
        return item


def request_id_of(app: Flask, site: Tenant, item_id: int) -> int:
    with app.app_context(), tenant_scope(site.id):
        return db.session.scalar(select(TranslationRequest.id).where(
            TranslationRequest.source_item_id == item_id))


def mails(app: Flask) -> list[EmailMessage]:
    folder = Path(app.config["MAIL_OUTBOX_DIR"])
    if not folder.exists():
        return []
    return [message_from_bytes(path.read_bytes(), policy=policy.default)  # type: ignore[misc]
            for path in sorted(folder.glob("*.eml"))]


def ask(app: Flask, world: World, item_id: int, **data: Any):  # type: ignore[no-untyped-def]
    client = client_for(app, SITE_HOST, "approver@sokhcn.gov.vn")
    return post(client, f"/quan-tri/noi-dung/{item_id}/dich",
                {"target_locale": "en", "office": str(world.office.id), "due_on": "",
                 "note": "Bản dịch cho trang tiếng Anh", **data})


FIELDS_EN = {"field-title": "Digital transformation workshop in Lang Son",
             "field-summary": "The department held a workshop on digital transformation.",
             "field-body": "<p>This morning the Department of Science and Technology held "
                           "a workshop.</p>",
             "field-author_byline": "Editor of the Department of Science and Technology",
             "field-source": "Department of Science and Technology"}


def foreign_request(app: Flask, site: Tenant) -> int:
    """A translation request of ``site`` to an office that is not the asking host's
    (for the test that another site's ids give 404 on every route)."""
    from hub.translation.operations import request_translation
    from tenants.context import unscoped
    with app.app_context(), unscoped():
        parent = db.session.get(Tenant, site.parent_id)
        db.session.expunge(parent)
    office = create_site(app, f"office-{site.id}", "Phòng dịch thuật", "department",
                         parent=parent, hosts=(f"office-{site.id}.localhost",))
    create_user(app, f"translator-{site.id}@example.gov.vn", {office: "translator"})
    approver = f"approver-{site.id}@example.gov.vn"
    create_user(app, approver, {site: ["approver", "editor"]})
    item_id = make_item(app, site, approver, steps=("submit", "approve"),
                        title="Bài cần dịch của trang khác")
    with acting(app, site, approver) as user:
        item = db.session.get(ContentItem, item_id)
        return request_translation(item, user, office=office, target_locale="en",
                                   due_on=None).id
