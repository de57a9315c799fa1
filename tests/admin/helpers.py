"""Helpers of the staff-area tests: staff of every role, items made through the
workflow's own services, and reading back what was committed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from hub.accounts.models import User
from hub.content import operations
from hub.content.models import ContentItem, ContentType
from hub.extensions import db
from hub.workflow.states import ContentStatus
from tenants.context import tenant_scope
from tenants.models import Tenant
from tests.factories import create_user, csrf_from, host_client, login

A_HOST = "sokhcn.langson.localhost"
B_HOST = "xathongnhat.langson.localhost"
ROLES = ("site_admin", "approver", "editor", "contributor", "translator")


def email_of(role: str, site: Tenant) -> str:
    return f"{role}@{site.slug}.gov.vn"


def make_staff(app: Flask, site: Tenant, roles: tuple[str, ...] = ROLES) -> dict[str, User]:
    """One account per role on ``site``, named after the role ("Biên tập viên" style)."""
    return {role: create_user(app, email_of(role, site), {site: role},
                              display_name=f"{role.replace('_', ' ').title()} Nguyễn")
            for role in roles}


def staff_client(app: Flask, site: Tenant, role: str, host: str = A_HOST):  # type: ignore[no-untyped-def]
    client = host_client(app, host)
    assert login(client, email_of(role, site)).status_code == 302
    return client


def post(client, path: str, data: dict[str, Any] | None = None, **kwargs: Any):  # type: ignore[no-untyped-def]
    """POST with the session's CSRF token (read from the dashboard's logout form)."""
    token = csrf_from(client.get("/quan-tri/").text)
    return client.post(path, data={**(data or {}), "csrf_token": token}, **kwargs)


@contextmanager
def acting(app: Flask, site: Tenant, email: str) -> Iterator[User]:
    """Act on ``site`` as the account ``email`` through the services, then commit."""
    with app.app_context(), tenant_scope(site.id):
        user = db.session.scalar(select(User).where(User.email == email))
        assert user is not None
        yield user
        db.session.commit()


def make_item(app: Flask, site: Tenant, author_email: str, *,
              content_type: ContentType = ContentType.ARTICLE, steps: tuple[str, ...] = (),
              approver_email: str | None = None, **data: Any) -> int:
    """An item created by ``author_email`` and moved through ``steps`` (submit by the
    author, the others by ``approver_email``); returns its id."""
    values = {"title": "Tin hoạt động của Sở", "body": "<p>Nội dung</p>", **data}
    with acting(app, site, author_email) as author:
        item = operations.create_item(content_type, values, author)
        item_id = item.id
    for step in steps:
        email = author_email if step == "submit" else (approver_email or author_email)
        with acting(app, site, email) as user:
            item = db.session.get(ContentItem, item_id)
            operations.transition(item, step, user,
                                  comment="Lý do" if step in ("return", "take_down") else "")
    return item_id


def read_item(app: Flask, site: Tenant, item_id: int) -> dict[str, Any]:
    """The committed state of an item (a fresh session: what the next request sees)."""
    with app.app_context(), tenant_scope(site.id):
        db.session.remove()
        item = db.session.get(ContentItem, item_id)
        assert item is not None
        return {"status": item.status, "title": item.title, "body": item.body,
                "revision": item.revision, "summary": item.summary,
                "approved_by_id": item.approved_by_id,
                "attachments": [(link.attachment.filename, link.role)
                                for link in item.attachments]}


def count_items(app: Flask, site: Tenant, **where: Any) -> int:
    with app.app_context(), tenant_scope(site.id):
        db.session.remove()
        query = select(func.count(ContentItem.id))
        for name, value in where.items():
            query = query.where(getattr(ContentItem, name) == value)
        return db.session.scalar(query) or 0


def status_of(app: Flask, site: Tenant, item_id: int) -> ContentStatus:
    return read_item(app, site, item_id)["status"]


def foreign_item(app: Flask, site: Tenant) -> int:
    """A draft on ``site`` (another site in the foreign-id test), with two revisions and
    an attached file, so every staff route with an id has something real to aim at."""
    email = f"author-{site.id}@example.gov.vn"
    create_user(app, email, roles={site: "editor"})
    item_id = make_item(app, site, email, title="Bài của trang khác")
    with acting(app, site, email) as user:
        item = db.session.get(ContentItem, item_id)
        operations.save_item(item, {"summary": "Sửa"}, user, expected_revision=1)
    return item_id


def section(html: str, heading_id: str) -> str:
    """The HTML of the page section labelled by the heading ``heading_id``."""
    start = html.index(f'aria-labelledby="{heading_id}"')
    return html[start:html.index("</section>", start)]
