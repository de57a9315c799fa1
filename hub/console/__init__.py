"""The province office's console (``/quan-tri/tinh``).

``hub.console.figures`` is the interface the reminders and periodic reports read.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from hub.console import jobs
    from hub.console.reports_blueprint import bp as reports_bp
    app.register_blueprint(reports_bp)
    jobs.init_app(app)
