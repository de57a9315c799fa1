"""The public site of every tenant (its home page for now; the full portal builds here)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The public pages, and the layout every page of a site shares."""
    from hub.public import banner, layout
    from hub.public.blueprint import bp
    layout.init_app(app)
    banner.register_public_use()
    app.register_blueprint(bp)
