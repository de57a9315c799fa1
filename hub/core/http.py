"""What every request handler uses: the client's address, and aborting with a reason
the user can read."""

from __future__ import annotations

from typing import NoReturn

from flask import has_request_context, request
from werkzeug.exceptions import HTTPException, default_exceptions

# The largest id a request may name: every primary key is an INTEGER, 32 bits on
# PostgreSQL (SQLite's hold 64). A larger number names no row, and binding it would make
# the driver or the server fail: ids in URLs and parameters are bounded by it.
LARGEST_ID = 2**31 - 1


def client_ip() -> str | None:
    """The visitor's address (behind nginx, gunicorn's ``forwarded_allow_ips`` and
    ProxyFix set ``remote_addr``); None outside a request."""
    if not has_request_context():
        return None
    return request.remote_addr


def fail(code: int, reason: str) -> NoReturn:
    """Stop with ``code`` and show ``reason`` (already translated) on the error page."""
    exc = default_exceptions[code](description=reason)
    exc.portal_reason = True  # type: ignore[attr-defined]
    raise exc


__all__ = ["LARGEST_ID", "client_ip", "fail", "HTTPException"]
