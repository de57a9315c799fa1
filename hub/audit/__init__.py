"""The append-only audit log: who did what, on which site, from where, and when."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from hub.audit import models
    models.listen()
