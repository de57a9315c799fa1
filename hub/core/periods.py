"""The period filters of report pages: from one day to another, both included.

The portal's calendar is here too: the one range of days a visitor may name anywhere (a
search's ``from``/``to``, the schedule's ``?tuan=``), checked by ``on_calendar``.

GET forms (they change nothing, so they carry no CSRF token) whose values end up in
shareable addresses (``?from=2026-01-01&to=2026-03-31``; the questions' figures say
``?tu=…&den=…``). Each value is checked strictly; a bad one gives its field a message
the page shows beside it, with status 400. Without values: the current month.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _

from hub.core.clock import local_today

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Any day a visitor may name: wide enough for every document a portal publishes, narrow
# enough that a week on either side stays inside ``datetime`` (years 1–9999) and the
# embedded search index, which stores 1677–2262 only, is never asked about another day.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2199
# Reports ask for less: from the portal era to well inside the calendar.
FIRST_YEAR, LAST_YEAR = 1990, 2100


def on_calendar(day: date) -> bool:
    """Whether ``day`` lies in the portal's calendar (see ``EARLIEST_YEAR``)."""
    return EARLIEST_YEAR <= day.year <= LATEST_YEAR


def year_in_range(day: date) -> bool:
    return FIRST_YEAR <= day.year <= LAST_YEAR


def month_of(day: date) -> tuple[date, date]:
    """The first and the last day of ``day``'s month."""
    first = day.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


@dataclass
class PeriodFilter:
    first: date
    last: date
    raw_from: str = ""
    raw_to: str = ""
    errors: dict[str, str] = field(default_factory=dict)
    names: tuple[str, str] = ("from", "to")

    def args(self) -> dict[str, str]:
        """The period as the query arguments that ask for it again."""
        return {self.names[0]: self.first.isoformat(), self.names[1]: self.last.isoformat()}


def read_day(raw: str) -> date | None:
    if not _DAY.match(raw):
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:  # 2026-02-30
        return None
    return day if year_in_range(day) else None


def read_period(args: Mapping[str, str],
                names: tuple[str, str] = ("from", "to")) -> PeriodFilter:
    """The period of ``args[names[0]]`` to ``args[names[1]]``; this month by default."""
    raw_from = (args.get(names[0]) or "").strip()
    raw_to = (args.get(names[1]) or "").strip()
    period = PeriodFilter(*month_of(local_today()), raw_from, raw_to, names=names)
    bad_day = _("Enter a date written as YYYY-MM-DD (for example 2026-03-31), between "
                "%(first)s and %(last)s.", first=FIRST_YEAR, last=LAST_YEAR)
    for name, raw in zip(names, (raw_from, raw_to), strict=True):
        if not raw:
            continue
        day = read_day(raw)
        if day is None:
            period.errors[name] = bad_day
        elif name == names[0]:
            period.first = day
        else:
            period.last = day
    if not period.errors and period.first > period.last:
        period.errors[names[1]] = _("The end of the period cannot be before its start.")
    return period
