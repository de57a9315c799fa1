"""Reports of one site's staff area (/quan-tri/bao-cao): how deadlines and monthly quotas
are kept, and the published work per author that royalties (nhuận bút) are paid on."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The reports' staff screens."""
    from hub.reports.blueprint import bp
    app.register_blueprint(bp)
