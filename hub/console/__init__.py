"""The province office's console (``/quan-tri/tinh``): every site's compliance on one
screen — deadlines, quotas, questions, consultations, English, structure, accounts —
read across sites inside ``unscoped()`` as aggregates, on the province host only.

``hub.console.figures`` is the interface the reminders and periodic reports read.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from hub.console.blueprint import bp
    app.register_blueprint(bp)
