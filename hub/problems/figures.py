"""The figures of a site's problem reports per period: received, still open, closed
(corrected, or not a problem) and taken down.

One function, ``figures(tenant_id, first, last)``, for the site's reports page and the
province office's console (which calls it for each site inside ``unscoped()``): it
filters on ``tenant_id`` explicitly, so it answers the same in a site's scope and
unscoped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, timedelta

from sqlalchemy import func, select

from hub.core import clock
from hub.extensions import db
from hub.problems.models import ProblemReport, ProblemState


@dataclass
class ProblemFigures:
    tenant_id: int
    first: date
    last: date
    open: int = 0
    fixed: int = 0
    not_a_problem: int = 0
    taken_down: int = 0

    @property
    def closed(self) -> int:
        """Closed with a note (corrected or not a problem)."""
        return self.fixed + self.not_a_problem

    @property
    def received(self) -> int:
        return self.open + self.closed + self.taken_down


def figures(tenant_id: int, first: date, last: date) -> ProblemFigures:
    """Reports the site received in [first, last] (Vietnamese days), by state now."""
    start = clock.start_of_day(first).astimezone(UTC)
    end = clock.start_of_day(last + timedelta(days=1)).astimezone(UTC)
    result = ProblemFigures(tenant_id, first, last)
    rows = db.session.execute(
        select(ProblemReport.state, func.count())
        .where(ProblemReport.tenant_id == tenant_id, ProblemReport.received_at >= start,
               ProblemReport.received_at < end)
        .group_by(ProblemReport.state))
    for state, count in rows:
        setattr(result, ProblemState(state).value, int(count))
    return result

