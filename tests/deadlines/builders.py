"""Building content straight with the models, as the regulation's cases need it.

The deadline and report tests set status, dates and deadlines themselves, so they do
not depend on the workflow's services. Datetimes are written in Vietnam's time
(``vn(2026, 3, 6, 15, 30)``) and stored in UTC like the application stores them.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from typing import Any

from flask import Flask
from sqlalchemy import select

from hub.content.models import (
    Article,
    ArticleKind,
    ContentItem,
    LegalDocument,
    LegalDocumentType,
    Page,
    Procedure,
)
from hub.core.clock import site_timezone
from hub.deadlines.models import DeadlineRule, PublicationQuota
from hub.extensions import db
from hub.workflow.states import ContentStatus
from tenants.context import tenant_scope, unscoped
from tenants.models import Tenant

# The regulation's table as the migration seeds it (003 Article 9, 002 Article 10, 8.3).
REGULATION_RULES = (
    ("legal_document", 3, "working_days"),
    ("propaganda", 7, "working_days"),
    ("other", 10, "working_days"),
    ("event_news", 8, "working_hours"),
    ("procedure_change", 2, "working_days"),
)
REGULATION_QUOTAS = (("department", 2), ("commune", 3))

_serial = itertools.count(1)


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A moment in Vietnam's time (Asia/Ho_Chi_Minh)."""
    return datetime(year, month, day, hour, minute, tzinfo=site_timezone())


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def seed_regulation(app: Flask) -> None:
    """Make sure the migration's rule and quota rows exist (PostgreSQL test databases
    are emptied between tests, seeded rows included)."""
    with app.app_context(), unscoped():
        if db.session.scalar(select(DeadlineRule.id).limit(1)) is None:
            for key, amount, unit in REGULATION_RULES:
                db.session.add(DeadlineRule(key=key, amount=amount, unit=unit))
        if db.session.scalar(select(PublicationQuota.id).limit(1)) is None:
            for kind, per_month in REGULATION_QUOTAS:
                db.session.add(PublicationQuota(tenant_kind=kind, per_month=per_month))
        db.session.commit()


def _defaults(cls: type[ContentItem]) -> dict[str, Any]:
    n = next(_serial)
    base: dict[str, Any] = {"title": f"Tin bài số {n}", "slug": f"tin-bai-{n}"}
    if cls is LegalDocument:
        base.update(number=f"{n}/2026/QĐ-UBND", natural_key=f"{n}/2026/qd-ubnd",
                    document_type=LegalDocumentType.DECISION,
                    issuer="Ủy ban nhân dân tỉnh Lạng Sơn", issued_on=date(2026, 3, 2))
    elif cls is Procedure:
        base.update(code=f"1.{n:06d}", natural_key=f"1.{n:06d}")
    elif cls is Article:
        base.update(kind=ArticleKind.NEWS)
    return base


def build(cls: type[ContentItem] = Article, **fields: Any) -> ContentItem:
    """A new, unsaved item with sensible required fields."""
    return cls(**{**_defaults(cls), **fields})


def add_item(app: Flask, tenant: Tenant, cls: type[ContentItem] = Article,
             **fields: Any) -> int:
    """Save an item on ``tenant``'s site (committed) and return its id."""
    with app.app_context(), tenant_scope(tenant.id):
        item = build(cls, **fields)
        db.session.add(item)
        db.session.commit()
        return item.id


def published(moment: datetime, due: datetime | None = None, **fields: Any) -> dict[str, Any]:
    """Fields of an item published at ``moment`` (Vietnam time) and due at ``due``."""
    return {"status": ContentStatus.PUBLISHED, "published_at": utc(moment),
            "due_at": utc(due) if due else None, **fields}


__all__ = ["Article", "ArticleKind", "ContentStatus", "LegalDocument", "Page",
           "Procedure", "REGULATION_RULES", "add_item", "build", "published",
           "seed_regulation", "utc", "vn"]
