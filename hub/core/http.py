"""Aborting a request with a reason the user can read."""

from __future__ import annotations

from typing import NoReturn

from werkzeug.exceptions import HTTPException, default_exceptions


def fail(code: int, reason: str) -> NoReturn:
    """Stop with ``code`` and show ``reason`` (already translated) on the error page."""
    exc = default_exceptions[code](description=reason)
    exc.portal_reason = True  # type: ignore[attr-defined]
    raise exc


__all__ = ["fail", "HTTPException"]
