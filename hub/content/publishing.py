"""Scheduled publishing: the job that publishes every item whose time has come."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from hub.content.models import ContentItem
from hub.content.operations import publish_scheduled
from hub.core.clock import aware, utcnow
from hub.extensions import db
from hub.workflow.states import ContentStatus
from tenants.context import tenant_scope, unscoped


def publish_due(now: datetime | None = None) -> int:
    """Publish every scheduled item, on every site, whose time has come; how many."""
    now = (aware(now) or utcnow()).astimezone(UTC)
    # Finding due items reads across sites; publishing each acts inside its own site,
    # so its audit entry, event and outbox row belong to that site.
    with unscoped():
        due = db.session.execute(
            select(ContentItem.id, ContentItem.tenant_id)
            .where(ContentItem.status == ContentStatus.SCHEDULED,
                   ContentItem.scheduled_at <= now)
            .order_by(ContentItem.scheduled_at, ContentItem.id)).all()
    published = 0
    for item_id, tenant_id in due:
        with tenant_scope(tenant_id):
            item = db.session.get(ContentItem, item_id)
            if item is not None and publish_scheduled(item, now) is not None:
                published += 1
    return published
