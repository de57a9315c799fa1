"""Writing outbox rows: called by ``search.receivers`` in the same transaction as the
change."""

from __future__ import annotations

from hub.extensions import db
from search.models import SearchOutbox
from search.types import SOURCES


def enqueue(item, operation: str, reason: str = "", source: str = "item") -> SearchOutbox:  # type: ignore[no-untyped-def]
    """Ask the indexer to (re)index or remove ``item`` (a content item, or a question
    with ``source="question"``); only adds to the session."""
    if operation not in ("upsert", "delete"):
        raise ValueError(f"unknown outbox operation {operation!r}")
    if source not in SOURCES:
        raise ValueError(f"unknown search source {source!r}")
    row = SearchOutbox(item_id=item.id, operation=operation, reason=reason,
                       source=source, tenant_id=item.tenant_id)
    db.session.add(row)
    return row
