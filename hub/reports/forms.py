"""The filters of the report pages: a month, or a period from one day to another.

They are GET forms (they change nothing, so they carry no CSRF token) whose values end
up in shareable addresses (``?month=2026-03``, ``?from=2026-01-01&to=2026-03-31``). Each
value is checked strictly; a bad one gives the field a message the page shows beside
it, with status 400.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _

from hub.core.clock import local_today as today
from hub.reports.deadlines import month_end, month_start

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
# Reports start with the portal era and end well before date arithmetic overflows.
FIRST_YEAR, LAST_YEAR = 1990, 2100


def _year_in_range(day: date) -> bool:
    return FIRST_YEAR <= day.year <= LAST_YEAR


@dataclass
class MonthFilter:
    month: date                       # first day of the month shown
    raw: str = ""
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def last(self) -> date:
        return month_end(self.month)


def read_month(args: Mapping[str, str]) -> MonthFilter:
    """``?month=YYYY-MM``; the current month when absent."""
    raw = (args.get("month") or "").strip()
    current = month_start(today())
    if not raw:
        return MonthFilter(current)
    match = _MONTH.match(raw)
    month = None
    if match and 1 <= int(match.group(2)) <= 12:
        month = date(int(match.group(1)), int(match.group(2)), 1)
    if month is None or not _year_in_range(month):
        return MonthFilter(current, raw, {"month": _(
            "Choose a month, written as YYYY-MM (for example 2026-03), between %(first)s "
            "and %(last)s.", first=FIRST_YEAR, last=LAST_YEAR)})
    return MonthFilter(month, raw)


@dataclass
class PeriodFilter:
    first: date
    last: date
    raw_from: str = ""
    raw_to: str = ""
    errors: dict[str, str] = field(default_factory=dict)


def _read_day(raw: str) -> date | None:
    if not _DAY.match(raw):
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:  # 2026-02-30
        return None
    return day if _year_in_range(day) else None


def read_period(args: Mapping[str, str]) -> PeriodFilter:
    """``?from=YYYY-MM-DD&to=YYYY-MM-DD``, both days included; the current month by
    default."""
    raw_from = (args.get("from") or "").strip()
    raw_to = (args.get("to") or "").strip()
    current = month_start(today())
    period = PeriodFilter(current, month_end(current), raw_from, raw_to)
    bad_day = _("Enter a date written as YYYY-MM-DD (for example 2026-03-31), between "
                "%(first)s and %(last)s.", first=FIRST_YEAR, last=LAST_YEAR)
    for name, raw in (("from", raw_from), ("to", raw_to)):
        if not raw:
            continue
        day = _read_day(raw)
        if day is None:
            period.errors[name] = bad_day
        elif name == "from":
            period.first = day
        else:
            period.last = day
    if not period.errors and period.first > period.last:
        period.errors["to"] = _("The end of the period cannot be before its start.")
    return period
