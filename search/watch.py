"""What operators watch of search: readiness of the backend, depth of the outbox."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select

from hub.core.health import Outcome, register_check
from hub.core.metrics import Rows, register_reading
from hub.extensions import db
from search.models import SearchOutbox
from search.service import get_backend


def check_backend() -> Outcome:
    """A cheap call on the configured backend (the number of documents)."""
    try:
        documents = get_backend().count()
    except Exception as exc:  # noqa: BLE001 - any backend failure is "unreachable"
        return Outcome("error", f"unreachable: {type(exc).__name__}")
    return Outcome("ok", f"{documents} documents")


def outbox_depth() -> Rows:
    """Changes not yet indexed, by source (item, question)."""
    rows = db.session.execute(
        select(SearchOutbox.source, func.count())
        .where(SearchOutbox.processed_at.is_(None)).group_by(SearchOutbox.source))
    counts = dict.fromkeys(("item", "question"), 0)
    counts.update({source: number for source, number in rows})
    return [((source,), float(number)) for source, number in counts.items()]


def init_app(app: Flask) -> None:
    register_check(app, "search", check_backend)
    register_reading(app, "portal_search_outbox_depth",
                     "Search outbox rows not yet indexed, by source (item, question).",
                     ("source",), outbox_depth)
