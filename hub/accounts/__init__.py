"""Staff accounts: login on each site's host, roles, lockout, password reset."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from hub.accounts import models  # noqa: F401 - register the tables
    from hub.audit import models as audit_models  # noqa: F401
