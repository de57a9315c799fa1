"""Helpers of the workflow tests: staff in every role on one site, acting inside that
site as a request would, and items built through the real services."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from hub.accounts.models import User
from hub.audit.models import AuditEntry
from hub.content.models import ContentItem
from hub.content.operations import create_item
from hub.extensions import db
from hub.workflow.states import ContentStatus
from search.models import SearchOutbox
from tenants.context import tenant_scope, unscoped
from tenants.models import Tenant
from tests.factories import create_user

# Who takes part: the site roles of 002 Article 17.2 and 003 Article 13.2.d, plus the
# province office. "contributor" and "other_contributor" are two collaborators.
SITE_ROLES = ("contributor", "other_contributor", "editor", "approver", "site_admin",
              "translator")
HUB_ROLES = ("hub_admin", "hub_auditor")

ARTICLE = {
    "title": "Hội nghị triển khai nhiệm vụ khoa học và công nghệ năm 2027",
    "summary": "Sáng 20/11, Sở Khoa học và Công nghệ tổ chức hội nghị.",
    "body": "<p>Hội nghị đánh giá kết quả năm 2026.</p><p>Đề ra nhiệm vụ năm 2027.</p>",
    "kind": "news",
}

LEGAL_DOCUMENT = {
    "title": "Quyết định ban hành Quy chế quản lý, vận hành Cổng thông tin điện tử",
    "number": "40/2024/QĐ-UBND",
    "document_type": "quyet_dinh",
    "issuer": "Ủy ban nhân dân tỉnh Lạng Sơn",
    "signer": "Hồ Tiến Thiệu",
    "issued_on": "2024-10-15",
    "effective_on": "2024-10-25",
}


@dataclass
class Staff:
    ids: dict[str, int]

    def __getitem__(self, role: str) -> User:
        """The user, loaded in the current session (call inside ``acting``)."""
        user = db.session.get(User, self.ids[role])
        assert user is not None
        return user


@pytest.fixture
def site(two_sites: tuple[Tenant, Tenant]) -> Tenant:
    return two_sites[0]


@pytest.fixture
def other_site(two_sites: tuple[Tenant, Tenant]) -> Tenant:
    return two_sites[1]


@pytest.fixture
def staff(app: Flask, site: Tenant) -> Staff:
    ids = {}
    for role in SITE_ROLES:
        user = create_user(app, f"{role}@sokhcn.gov.vn",
                           {site: role.removeprefix("other_")},
                           display_name=f"Nguyễn Văn {role.title()}")
        ids[role] = user.id
    for role in HUB_ROLES:
        ids[role] = create_user(app, f"{role}@langson.gov.vn", hub_role=role).id
    return Staff(ids)


@contextmanager
def acting(app: Flask, site: Tenant) -> Iterator[None]:
    """Inside ``site``, as a request on its host is (without the HTTP part)."""
    with app.app_context(), tenant_scope(site.id):
        yield


def new_item(author: User, content_type: str = "article",
             status: ContentStatus | None = None, **data: Any) -> ContentItem:
    """An item made by ``author`` through ``create_item``, put in ``status`` directly
    (test setup: only the step under test goes through the workflow)."""
    defaults = ARTICLE if content_type == "article" else LEGAL_DOCUMENT \
        if content_type == "legal_document" else {}
    item = create_item(content_type, {**defaults, **data}, author)
    if status is not None:
        item.status = status
        db.session.flush()
    return item


def committed_outbox(app: Flask) -> list[tuple[int, str, str]]:
    """(item id, operation, reason) of the committed outbox rows, in order."""
    with app.app_context(), unscoped():
        db.session.remove()
        return [(row.item_id, row.operation, row.reason) for row in db.session.scalars(
            select(SearchOutbox).order_by(SearchOutbox.id))]


def committed_audit(app: Flask, prefix: str = "content.") -> list[AuditEntry]:
    with app.app_context(), unscoped():
        db.session.remove()
        entries = list(db.session.scalars(select(AuditEntry)
                                          .where(AuditEntry.action.startswith(prefix))
                                          .order_by(AuditEntry.id)))
        for entry in entries:
            db.session.expunge(entry)
        return entries


def reload(item_id: int) -> ContentItem:
    """The item as the database has it now (a fresh read, not the identity map)."""
    db.session.expire_all()
    item = db.session.get(ContentItem, item_id)
    assert item is not None
    return item
