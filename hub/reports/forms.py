"""The filters of the report pages: a month, or a period from one day to another
(``hub.core.periods``).

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
from hub.core.periods import FIRST_YEAR, LAST_YEAR, PeriodFilter, read_period, year_in_range
from hub.reports.deadlines import month_end, month_start

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


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
    if month is None or not year_in_range(month):
        return MonthFilter(current, raw, {"month": _(
            "Choose a month, written as YYYY-MM (for example 2026-03), between %(first)s "
            "and %(last)s.", first=FIRST_YEAR, last=LAST_YEAR)})
    return MonthFilter(month, raw)


__all__ = ["MonthFilter", "PeriodFilter", "read_month", "read_period"]
