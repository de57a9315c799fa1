"""The indexer: drains the search outbox into the backend.

Idempotent by construction: for each row it re-reads the item (or the question, for a
row whose ``source`` is "question") and indexes it if it is public now, or removes it
otherwise, whatever the row said; so replaying a row, or two
workers draining the same rows, gives the same index. A batch that fails (engine down,
429, partial bulk failure) is kept: its rows get ``attempts`` + 1, ``last_error`` and
an ``available_at`` backed off exponentially, and publishing goes on meanwhile.

It runs as a ``flask worker`` job (``search_outbox``) and, in embedded mode, right
after a request that wrote outbox rows commits (``init_app``), so one process is enough.
Processed rows are deleted a week later by the ``search_outbox_purge`` job.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import Flask, g, has_request_context
from sqlalchemy import delete, event, or_, select
from sqlalchemy.orm import Session

from hub.content.models import ContentItem
from hub.core.clock import utcnow
from hub.core.lifecycle import after_commit, attach
from hub.extensions import db
from hub.questions.models import Question
from search.backends.base import SearchBackend
from search.documents import (
    documents_for,
    items_with_their_columns,
    question_documents_for,
    with_their_copies,
)
from search.models import SearchOutbox
from search.service import get_backend
from search.types import SearchDocument, document_key
from tenants.context import unscoped

log = logging.getLogger(__name__)

BATCH = 200
BASE_DELAY = timedelta(seconds=15)
MAX_DELAY = timedelta(hours=1)
KEEP_PROCESSED = timedelta(days=7)  # indexed rows kept this long, then purged


def backoff(attempts: int) -> timedelta:
    """15 s, 30 s, 1 min, 2 min … at most an hour."""
    exponent = min(max(attempts - 1, 0), 20)  # 2**20 * 15 s is far past the cap
    return min(BASE_DELAY * (2 ** exponent), MAX_DELAY)


def pending_rows(limit: int = BATCH) -> list[SearchOutbox]:
    now = utcnow()
    statement = (select(SearchOutbox)
                 .where(SearchOutbox.processed_at.is_(None),
                        or_(SearchOutbox.available_at.is_(None),
                            SearchOutbox.available_at <= now))
                 .order_by(SearchOutbox.id).limit(limit))
    if db.engine.dialect.name == "postgresql":
        # Several workers share the queue: each takes rows the others have not.
        statement = statement.with_for_update(skip_locked=True)
    return list(db.session.scalars(statement))


def drain_batch(backend: SearchBackend | None = None, limit: int = BATCH) -> int:
    """Process one batch of due outbox rows; how many rows. Only flushes."""
    backend = backend or get_backend()
    with unscoped():
        rows = pending_rows(limit)
        if not rows:
            return 0
        documents, gone = _documents_of(rows)
        now = utcnow()
        try:
            if documents:
                backend.index(documents)
            if gone:
                backend.delete(gone)
        except Exception as exc:  # noqa: BLE001 - any engine failure: retry later
            log.warning("search indexing failed, will retry: %s", exc)
            for row in rows:
                row.attempts = (row.attempts or 0) + 1
                row.available_at = now + backoff(row.attempts)
                row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        else:
            for row in rows:
                row.processed_at = now
                row.last_error = None
        db.session.flush()
        return len(rows)


def _documents_of(rows: list[SearchOutbox]) -> tuple[list[SearchDocument], list[str]]:
    """What the rows' items and questions are now: the documents to index, and the
    keys of those to remove (no longer public, or gone)."""
    ids: dict[str, set[int]] = {"item": set(), "question": set()}
    for row in rows:
        ids.setdefault(row.source or "item", set()).add(row.item_id)
    found: dict[str, dict[int, SearchDocument | None]] = {"item": {}, "question": {}}
    if ids["item"]:
        # A copy changed changes which of its copies heads where: they are indexed again.
        ids["item"] = with_their_copies(ids["item"])
        found["item"] = documents_for(db.session.scalars(
            items_with_their_columns().where(ContentItem.id.in_(ids["item"]))))
    if ids["question"]:
        found["question"] = question_documents_for(db.session.scalars(
            select(Question).where(Question.id.in_(ids["question"]))))
    documents: list[SearchDocument] = []
    gone: list[str] = []
    for source, source_ids in ids.items():
        for source_id in sorted(source_ids):
            doc = found.get(source, {}).get(source_id)
            if doc is None:
                gone.append(document_key(source, source_id))
            else:
                documents.append(doc)
    return documents, gone


def drain(backend: SearchBackend | None = None, max_batches: int = 50) -> int:
    """Drain batches until none is due (or ``max_batches``), committing each."""
    total = 0
    for _ in range(max_batches):
        done = drain_batch(backend)
        db.session.commit()
        total += done
        if done < BATCH:
            break
    return total


def _job() -> int:
    # The worker commits after the job: one batch per pass keeps passes short.
    return drain_batch()


def purge_processed(now: datetime | None = None, limit: int = 10_000) -> int:
    """Delete outbox rows indexed more than ``KEEP_PROCESSED`` ago (kept that long to
    see what was indexed when); how many. Rows still pending or failing stay."""
    cutoff = (now or utcnow()) - KEEP_PROCESSED
    with unscoped():
        ids = list(db.session.scalars(
            select(SearchOutbox.id).where(SearchOutbox.processed_at.is_not(None),
                                          SearchOutbox.processed_at < cutoff)
            .order_by(SearchOutbox.id).limit(limit)))
        if ids:
            db.session.execute(delete(SearchOutbox).where(SearchOutbox.id.in_(ids)))
    return len(ids)


# --- draining right after commit (embedded mode) --------------------------------

def _after_flush(session: Session, flush_context: object) -> None:
    if has_request_context() and any(isinstance(obj, SearchOutbox) for obj in session.new):
        after_commit(session, "search_outbox", _drain_at_end)


def _drain_at_end(notes: None) -> None:
    if has_request_context():
        g.search_drain_pending = True


def init_app(app: Flask) -> None:
    from hub.core.jobs import register_job
    register_job("search_outbox", _job)
    register_job("search_outbox_purge", purge_processed)
    session_class = db.session.session_factory.class_  # type: ignore[attr-defined]
    if not event.contains(session_class, "after_flush", _after_flush):
        event.listen(session_class, "after_flush", _after_flush)

    def drain_after_request(exc: BaseException | None) -> None:
        if exc is not None or not g.pop("search_drain_pending", False):
            return
        if not app.config.get("SEARCH_DRAIN_AFTER_COMMIT", True):
            return
        if (app.config.get("SEARCH_BACKEND") or "embedded") != "embedded":
            return  # a worker drains into Elasticsearch
        try:
            drain()
        except Exception:  # noqa: BLE001 - the change is saved; the worker retries
            db.session.rollback()
            log.exception("draining the search outbox after the request failed")

    attach(app, "drain_search", drain_after_request)
