"""The share of compliant sites month by month (the console's chart): each of the last
twelve months judged as the table judges it, among the sites in service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from hub.cache.memo import hub_memo
from hub.console.figures import site_rows
from hub.console.periods import Period, months_before
from hub.core.clock import utcnow

MONTHS = 12
IN_SERVICE = ("active", "announced_suspension")


@dataclass(frozen=True)
class MonthShare:
    period: Period
    sites: int
    compliant: int

    @property
    def share(self) -> float:
        return self.compliant / self.sites if self.sites else 0.0

    @property
    def percent(self) -> int:
        return round(self.share * 100)


def compliance_by_month(today: date, now: datetime, months: int = MONTHS
                        ) -> list[MonthShare]:
    """Oldest month first. A fixed number of statements per month."""
    result = []
    for period in months_before(today, months):
        rows = [row for row in site_rows(period, now=now) if row.state in IN_SERVICE]
        result.append(MonthShare(period, len(rows), sum(1 for r in rows if r.compliant)))
    return result


def compliance_by_month_now(today: date, months: int = MONTHS) -> list[MonthShare]:
    """``compliance_by_month`` judged this minute, kept in the hub's memo like the
    table's rows (``figures.rows_now``)."""
    minute = utcnow().replace(second=0, microsecond=0)
    return hub_memo("console.chart", lambda: compliance_by_month(today, minute, months),
                    today, months, minute)
