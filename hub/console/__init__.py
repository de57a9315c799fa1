"""The province office's console (``/quan-tri/tinh``): every site's compliance on one
screen — deadlines, quotas, questions, consultations, English, structure, accounts —
read across sites inside ``unscoped()`` as aggregates, on the province host only.

``hub.console.figures`` is the interface the reminders and periodic reports read.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The console's screens; its figures registered."""
    import hub.console.providers  # noqa: F401 - registers the built-in figures
    from hub.console.blueprint import bp
    app.register_blueprint(bp)
    # Reminders (the weekly job, "remind now", the column "last reminder") and the
    # periodic reports.
    from hub.console import jobs
    from hub.console.reports_blueprint import bp as reports_bp
    app.register_blueprint(reports_bp)
    jobs.init_app(app)
