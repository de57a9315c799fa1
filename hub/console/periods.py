"""The periods the province office reads its figures over: a month, a quarter, a
half-year or a year, as Vietnam lives them (calendar days in the portal's time zone).

A ``Period`` is a value (first and last day, both included, and how to name it); the
console's picker, its chart and the periodic reports all name periods the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _

from hub.core.periods import year_in_range
from hub.reports.deadlines import month_end, month_start, next_month

KINDS = ("month", "quarter", "half", "year")
# How many months each kind spans.
SPAN = {"month": 1, "quarter": 3, "half": 6, "year": 12}


@dataclass(frozen=True)
class Period:
    kind: str        # one of KINDS
    first: date
    last: date
    label: str

    @property
    def months(self) -> list[date]:
        """The first day of every month of the period, oldest first."""
        months, month = [], self.first
        while month <= self.last:
            months.append(month)
            month = next_month(month)
        return months

    def args(self) -> dict[str, str]:
        """The query arguments that ask for this period again (``?ky=…&ngay=…``)."""
        return {"ky": self.kind, "ngay": self.first.isoformat()}

    def previous(self) -> Period:
        return period_of(self.kind, self.first - timedelta(days=1))


def _label(kind: str, first: date) -> str:
    if kind == "month":
        return _("Month %(month)02d/%(year)d", month=first.month, year=first.year)
    if kind == "quarter":
        return _("Quarter %(number)d/%(year)d", number=(first.month - 1) // 3 + 1,
                 year=first.year)
    if kind == "half":
        if first.month == 1:
            return _("First half of %(year)d", year=first.year)
        return _("Second half of %(year)d", year=first.year)
    return _("Year %(year)d", year=first.year)


def period_of(kind: str, on: date) -> Period:
    """The period of ``kind`` that holds the day ``on``."""
    if kind not in SPAN:
        raise ValueError(f"unknown period kind: {kind}")
    span = SPAN[kind]
    first = date(on.year, (on.month - 1) // span * span + 1, 1)
    last = month_end(date(first.year, first.month + span - 1, 1))
    return Period(kind, first, last, _label(kind, first))


def periods_before(kind: str, on: date, count: int) -> list[Period]:
    """``count`` periods of ``kind`` ending with the one holding ``on``, oldest first."""
    periods = [period_of(kind, on)]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return periods[::-1]


def months_before(on: date, count: int) -> list[Period]:
    """The last ``count`` months up to ``on``'s, oldest first (the console's chart)."""
    return periods_before("month", month_start(on), count)


def read_period(args: Mapping[str, str], today: date) -> tuple[Period, dict[str, str]]:
    """The period asked for by ``?ky=`` (kind) and ``?ngay=`` (a day inside it); this
    month by default. Returns the period and the errors to show beside the fields."""
    errors: dict[str, str] = {}
    kind = (args.get("ky") or "month").strip()
    if kind not in SPAN:
        errors["ky"] = _("Choose a month, a quarter, a half-year or a year.")
        kind = "month"
    raw = (args.get("ngay") or "").strip()
    on = today
    if raw:
        try:
            on = date.fromisoformat(raw)
            if not year_in_range(on):
                raise ValueError(raw)
        except ValueError:
            errors["ngay"] = _("Enter a date written as YYYY-MM-DD (for example "
                               "2026-03-31).")
            on = today
    return period_of(kind, on), errors
