"""Signals of the working-day calendar, for the capabilities that keep deadlines."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

calendar_changed = _signals.signal("deadlines.calendar-changed", doc="""
Sent after a day of the calendar was set or removed (flushed, not committed). sender:
the ``date``. A receiver recomputes the deadlines that day can move and returns how
many changed.
""")
