"""Publication deadlines: the working-day calendar, the rules of the regulation, quotas."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Watch the working-day overrides, so the calendar is re-read when they change;
    the office's screen of swapped days."""
    from hub.deadlines import calendar
    from hub.deadlines.blueprint import bp
    app.register_blueprint(bp)
    app.extensions.setdefault("portal_calendar", calendar.CalendarCache())
    calendar.listen()
