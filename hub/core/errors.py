"""One error page for every status, in the site's language; JSON for API clients."""

from __future__ import annotations

from datetime import datetime

from flask import Flask, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.http import http_date

from hub.extensions import db
from tenants.context import current_site

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
}


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > \
        request.accept_mimetypes["text/html"]


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
        db.session.rollback()
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(InternalServerError.code)
