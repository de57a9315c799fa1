"""The request pipeline, and what happens after a commit.

**The pipeline.** Every request passes the same steps in the order declared here, and
nowhere else: capabilities ``attach`` their step to a named stage in their
``init_app``, and this module runs the stages. Flask-WTF's CSRF check runs before all
of them (its own hook, installed first).

- ``BEFORE``, each may answer the request itself: ``request_id`` (the request's id and
  start time, for what operators watch), ``site`` (the host's site, or
  404/301/410/503), ``page_cache`` (a stored page is served from here), ``address``
  (malformed addresses refused), ``jobs`` (the in-process background thread is
  started), ``second_factor`` (staff who must have a second factor and have none yet
  are kept to its enrolment).
- ``AFTER``, each given the response: ``commit`` (one place commits, or rolls back an
  error response), ``count_view`` (visitor statistics), ``store_page`` (the page cache
  keeps what was committed), ``security_headers`` (on every response, a cached page's
  too; never stored with the page), ``observe`` (the request id returned, the request
  counted and timed, its access log line: last, so it sees the final status).
- ``AT_END``, even after an exception: ``roll_back`` (an exception's writes),
  ``drain_search`` (the embedded index takes what the request committed),
  ``leave_site`` (the tenant is reset, the session removed).

**One place commits.** Views and services only flush. A response with an error status
rolls the whole request back, so a rejected form leaves nothing half-written; a view
that must keep its writes despite answering with an error (an audited failed login)
calls ``keep_writes()``.

**After the commit.** ``after_commit(session, key, action)`` notes work that must only
happen once the data is saved (send a mail, drop cached pages, tell other workers of a
new host): the action runs after the session's outermost transaction commits, once per
key, and is forgotten if that transaction rolls back. A savepoint rolled back inside a
transaction that then commits drops nothing (its notes may name a little more than was
saved, never less). An action that fails is logged: the data is saved already.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import Flask, Response, g
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, SessionTransaction

from hub.extensions import db

log = logging.getLogger(__name__)

BEFORE = ("request_id", "site", "page_cache", "address", "jobs", "second_factor")
AFTER = ("commit", "count_view", "store_page", "security_headers", "observe")
AT_END = ("roll_back", "drain_search", "leave_site")
STAGES = BEFORE + AFTER + AT_END
EXTENSION = "portal_pipeline"

Notes = TypeVar("Notes")


# --- the pipeline --------------------------------------------------------------------

def attach(app: Flask, stage: str, step: Callable[..., Any]) -> None:
    """Run ``step`` at ``stage`` of every request (one step per stage)."""
    if stage not in STAGES:
        raise ValueError(f"no stage {stage!r} in the request pipeline: {STAGES}")
    steps = app.extensions.setdefault(EXTENSION, {})
    if stage in steps:
        raise ValueError(f"the stage {stage!r} already has a step")
    steps[stage] = step


def _install(app: Flask) -> None:
    """The three hooks that run the declared stages (the steps are looked up on the
    first request, so capabilities may attach in any order)."""
    resolved: dict[tuple[str, ...], tuple[Callable[..., Any], ...]] = {}

    def steps(stages: tuple[str, ...]) -> tuple[Callable[..., Any], ...]:
        if stages not in resolved:
            attached = app.extensions.get(EXTENSION, {})
            resolved[stages] = tuple(attached[stage] for stage in stages
                                     if stage in attached)
        return resolved[stages]

    @app.before_request
    def before() -> Any:
        for step in steps(BEFORE):
            answer = step()
            if answer is not None:
                return answer
        return None

    @app.after_request
    def after(response: Response) -> Response:
        for step in steps(AFTER):
            response = step(response)
        return response

    @app.teardown_request
    def at_end(exc: BaseException | None) -> None:
        for step in steps(AT_END):
            step(exc)


# --- one place commits ---------------------------------------------------------------

def keep_writes() -> None:
    """Commit this request's writes even though the response is an error."""
    g.keep_writes = True


def _note_write(session: Session, flush_context: Any) -> None:
    after_commit(session, "wrote", _nothing)


def _note_statement_write(state: Any) -> None:
    # A bulk UPDATE/DELETE/INSERT sent with session.execute() flushes nothing: note it
    # too, or a request whose only write is one would skip its commit.
    if state.is_update or state.is_delete or state.is_insert:
        after_commit(state.session, "wrote", _nothing)


def _nothing(notes: Any) -> None:
    return None


def _has_writes() -> bool:
    if not db.session.registry.has():
        return False  # the request never touched the database
    session = db.session()
    return bool("wrote" in session.info.get(_PENDING, ())
                or session.new or session.dirty or session.deleted)


def commit_or_roll_back(response: Response) -> Response:
    # A request that only read pays no COMMIT round trip; the session is closed (and
    # its read transaction ended) at the end of the request.
    if not _has_writes():
        return response
    if response.status_code < 400 or g.get("keep_writes"):
        db.session.commit()
    else:
        db.session.rollback()
    return response


def roll_back_on_error(exc: BaseException | None) -> None:
    if exc is not None:
        db.session.rollback()


def end_session() -> None:
    """Close the request's session, even when its connection died with the database:
    the end of a request must not fail after its answer was made (the 503 of
    ``hub.core.errors``). The dead connection is discarded, never reused."""
    try:
        db.session.remove()
    except DBAPIError:
        db.session().invalidate()
        db.session.registry.clear()


# --- after the commit ----------------------------------------------------------------

_PENDING = "portal_after_commit"


@dataclass
class _Pending:
    action: Callable[[Any], None]
    notes: Any
    on_rollback: Callable[[Any], None] | None = None


def after_commit(session: Session, key: str, action: Callable[[Notes], None],
                 notes: Notes = None, *,  # type: ignore[assignment]
                 on_rollback: Callable[[Notes], None] | None = None) -> Notes:
    """Run ``action(notes)`` once after ``session``'s outermost transaction commits.

    The first call with ``key`` in a transaction keeps ``action`` and ``notes`` (a
    fresh collection, or None); every call returns the kept notes, so callers add to
    them. If the transaction rolls back, the notes are dropped (after
    ``on_rollback(notes)``, when given) and the action never runs.
    """
    pending: dict[str, _Pending] = session.info.setdefault(_PENDING, {})
    entry = pending.get(key)
    if entry is None:
        entry = pending[key] = _Pending(action, notes, on_rollback)
    return entry.notes  # type: ignore[no-any-return]


def _run_after_commit(session: Session) -> None:
    if session.get_nested_transaction() is not None:
        return  # a savepoint was released: the outer transaction may still roll back
    pending: dict[str, _Pending] = session.info.pop(_PENDING, None) or {}
    for key, entry in pending.items():
        try:
            entry.action(entry.notes)
        except Exception:  # noqa: BLE001 - the data is saved; the action is best effort
            log.exception("after-commit action %r failed", key)


def _drop_on_rollback(session: Session, previous: SessionTransaction) -> None:
    if previous.parent is not None:
        return  # a savepoint: the outer transaction goes on, and so do its notes
    pending: dict[str, _Pending] = session.info.pop(_PENDING, None) or {}
    for key, entry in pending.items():
        if entry.on_rollback is None:
            continue
        try:
            entry.on_rollback(entry.notes)
        except Exception:  # noqa: BLE001 - rolling back must not fail for a listener
            log.exception("after-rollback action %r failed", key)


def listen() -> None:
    """Register the session events of this module once per process (session events
    are global to the Session class)."""
    for name, listener in (("after_flush", _note_write),
                           ("do_orm_execute", _note_statement_write),
                           ("after_commit", _run_after_commit),
                           ("after_soft_rollback", _drop_on_rollback)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


def init_app(app: Flask) -> None:
    listen()
    _install(app)
    attach(app, "commit", commit_or_roll_back)
    attach(app, "roll_back", roll_back_on_error)
