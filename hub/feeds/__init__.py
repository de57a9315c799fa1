"""RSS 2.0 feeds, sitemap.xml (with hreflang alternates) and robots.txt of every site."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from hub.feeds.blueprint import bp
    app.register_blueprint(bp)
