"""One error page for every status, in the site's language; JSON for API clients.

A database that cannot be reached (stopped, restarting, cutting connections, its pool
exhausted) is not a bug of ours: every request that meets it answers 503 with
``Retry-After`` — the error page, or JSON under ``/api/`` — wherever the error surfaced
(the host's site, the user's session, the view, the commit after it), and the request's
writes are rolled back whole. It is logged as one line, not a traceback per request.
The engine's ``pool_pre_ping`` (``config``) and SQLAlchemy's invalidation of a pool
whose connection was cut let the same process serve again once the database is back.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime

from flask import Flask, current_app, g, jsonify, render_template, request, session
from flask_babel import lazy_gettext as _l
from flask_login import AnonymousUserMixin
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.http import http_date

from hub.core.database import is_database_outage
from hub.extensions import db
from tenants.context import current_site

log = logging.getLogger(__name__)

# Seconds a client is asked to wait when the database is unavailable: a restart or a
# failover takes about this long.
DATABASE_RETRY_AFTER = 30
# At most one log line per this many seconds while the database stays unavailable.
OUTAGE_LOG_INTERVAL = 10.0

TITLES = {
    400: _l("Bad request"),
    403: _l("Access denied"),
    404: _l("Page not found"),
    405: _l("Method not allowed"),
    410: _l("This site has closed"),
    413: _l("The upload is too large"),
    429: _l("Too many requests"),
    500: _l("Something went wrong"),
    503: _l("The site is temporarily unavailable"),
    507: _l("The file store is full"),
}

MESSAGES = {
    400: _l("The request could not be understood. Please check what you entered."),
    403: _l("You do not have permission to do this."),
    404: _l("The page you are looking for does not exist or has been moved."),
    405: _l("This address does not accept that kind of request."),
    410: _l("This site is no longer published. Please contact the province office."),
    413: _l("The file you sent is larger than allowed."),
    429: _l("You have sent too many requests. Please wait a moment and try again."),
    500: _l("An unexpected error occurred. It has been recorded; please try again later."),
    503: _l("This site is temporarily suspended. Please contact the province office."),
    507: _l("The file could not be stored: the store has no room left. Nothing was saved; "
            "please tell the site's administrator."),
}
DATABASE_MESSAGE = _l("The site cannot reach its data at the moment. Nothing you sent "
                      "has been saved. Please try again in a few minutes.")


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > \
        request.accept_mimetypes["text/html"]


def database_unavailable() -> bool:
    """Whether this request met an unavailable database (the layout then reads
    nothing more from it)."""
    return bool(g.get("database_unavailable"))


class _OutageLog:
    """One warning line when the database becomes unavailable, then at most one per
    ``OUTAGE_LOG_INTERVAL`` with the number of requests refused meanwhile."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last = 0.0
        self._refused = 0

    def note(self, exc: BaseException) -> None:
        orig = getattr(exc, "orig", None) or exc
        first_line = (str(orig).strip().splitlines() or [type(orig).__name__])[0]
        with self._lock:
            self._refused += 1
            now = time.monotonic()
            if now - self._last < OUTAGE_LOG_INTERVAL:
                return
            refused, self._refused, self._last = self._refused, 0, now
        log.warning("database unavailable (%d request(s) answered 503 since the last "
                    "line; now %s %s): %s: %s", refused, request.method, request.path,
                    type(orig).__name__, first_line)


_outages = _OutageLog()


def database_unavailable_response(exc: BaseException):  # type: ignore[no-untyped-def]
    """503 with ``Retry-After``: the page or JSON, rendered without the database."""
    _outages.note(exc)
    g.database_unavailable = True
    try:
        db.session.rollback()
    except DBAPIError:  # the connection is gone, and with it the transaction
        db.session().invalidate()
    # The page's layout must not ask the database who is logged in, and no message of
    # the view ("your changes have been saved") may outlive its rolled-back writes.
    g._login_user = AnonymousUserMixin()
    session.pop("_flashes", None)
    body, status = error_response(503, str(DATABASE_MESSAGE))
    response = current_app.make_response((body, status))
    response.headers["Retry-After"] = str(DATABASE_RETRY_AFTER)
    response.headers["Cache-Control"] = "no-store"
    return response


def error_response(code: int, reason: str | None = None):  # type: ignore[no-untyped-def]
    title = str(TITLES.get(code, TITLES[500]))
    message = reason or str(MESSAGES.get(code, MESSAGES[500]))
    if wants_json():
        return jsonify(error={"status": code, "title": title, "reason": message}), code
    site = current_site()
    contact = site.contact if site is not None and code in (410, 503) else None
    # A suspended site says when it is expected back (Decree 224/2026).
    suspension = site.suspension_in_force() if site is not None and code == 503 else None
    return render_template("errors/error.html", code=code, title=title, message=message,
                           contact=contact, suspension=suspension), code


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):  # type: ignore[no-untyped-def]
        return error_response(400, str(_l("The form has expired or was not sent from "
                                          "this site. Please reload the page and try "
                                          "again.")))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):  # type: ignore[no-untyped-def]
        if exc.code is None or exc.code < 400:
            return exc
        # An error after the view (the commit) reaches here as a 500 wrapping it.
        original = getattr(exc, "original_exception", None)
        if is_database_outage(original):
            return database_unavailable_response(original)  # type: ignore[arg-type]
        # A reason given by our own code (abort(400, description=_("..."))) is shown;
        # werkzeug's English default descriptions are replaced by ours.
        reason = exc.description if getattr(exc, "portal_reason", False) else None
        body, status = error_response(exc.code, reason)
        response = app.make_response((body, status))
        retry_after = getattr(exc, "retry_after", None)
        if retry_after is not None:
            response.headers["Retry-After"] = (
                str(int(retry_after)) if isinstance(retry_after, int)
                else http_date(retry_after) if isinstance(retry_after, datetime)
                else str(retry_after))
        return response

    @app.errorhandler(Exception)
    def unexpected_error(exc: Exception):  # type: ignore[no-untyped-def]
        if is_database_outage(exc):
            return database_unavailable_response(exc)
        db.session.rollback()
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(InternalServerError.code)
