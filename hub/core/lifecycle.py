"""One place commits: at the end of a successful request, or rolls back.

Views and services only flush. A response with an error status rolls the whole request
back, so a rejected form leaves nothing half-written; a view that must keep its writes
despite answering with an error (an audited failed login) calls ``keep_writes()``.
"""

from __future__ import annotations

from flask import Flask, Response, g

from hub.extensions import db


def keep_writes() -> None:
    """Commit this request's writes even though the response is an error."""
    g.keep_writes = True


def init_app(app: Flask) -> None:
    @app.after_request
    def commit_or_roll_back(response: Response) -> Response:
        if response.status_code < 400 or g.get("keep_writes"):
            db.session.commit()
        else:
            db.session.rollback()
        return response

    @app.teardown_request
    def roll_back_on_error(exc: BaseException | None) -> None:
        if exc is not None:
            db.session.rollback()
