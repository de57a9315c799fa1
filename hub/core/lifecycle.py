"""One place commits: at the end of a successful request, or rolls back.

Views and services only flush. A response with an error status rolls the whole request
back, so a rejected form leaves nothing half-written; a view that must keep its writes
despite answering with an error (an audited failed login) calls ``keep_writes()``.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, g
from sqlalchemy import event
from sqlalchemy.orm import Session

from hub.extensions import db


def keep_writes() -> None:
    """Commit this request's writes even though the response is an error."""
    g.keep_writes = True


def _note_write(session: Session, flush_context: Any) -> None:
    session.info["wrote"] = True


def _forget_write(session: Session, *args: Any) -> None:
    session.info.pop("wrote", None)


def _note_statement_write(state: Any) -> None:
    # A bulk UPDATE/DELETE/INSERT sent with session.execute() flushes nothing: note it
    # too, or a request whose only write is one would skip its commit.
    if state.is_update or state.is_delete or state.is_insert:
        state.session.info["wrote"] = True


# Registered once per process: session events are global to the Session class.
event.listen(Session, "after_flush", _note_write)
event.listen(Session, "do_orm_execute", _note_statement_write)
event.listen(Session, "after_commit", _forget_write)
event.listen(Session, "after_rollback", _forget_write)


def _has_writes() -> bool:
    if not db.session.registry.has():
        return False  # the request never touched the database
    session = db.session()
    return bool(session.info.get("wrote") or session.new or session.dirty or session.deleted)


def init_app(app: Flask) -> None:
    @app.after_request
    def commit_or_roll_back(response: Response) -> Response:
        # A request that only read pays no COMMIT round trip; the session is closed
        # (and its read transaction ended) at teardown.
        if not _has_writes():
            return response
        if response.status_code < 400 or g.get("keep_writes"):
            db.session.commit()
        else:
            db.session.rollback()
        return response

    @app.teardown_request
    def roll_back_on_error(exc: BaseException | None) -> None:
        if exc is not None:
            db.session.rollback()
