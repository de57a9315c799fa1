"""What the staff screens read: a page of the site's reports by state, newest first
(every query goes through the site's scope: another site's reports are not there)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from hub.extensions import db
from hub.problems.models import CLOSED_STATES, ProblemReport, ProblemState

PAGE_SIZE = 30
TABS = ("open", "closed")


@dataclass
class Queue:
    reports: list[ProblemReport]
    total: int
    page: int
    pages: int
    counts: dict[str, int]


def counts() -> dict[str, int]:
    rows = dict(db.session.execute(select(ProblemReport.state, func.count())
                                   .group_by(ProblemReport.state)).all())
    open_count = int(rows.get(ProblemState.OPEN, 0))
    return {"open": open_count, "closed": sum(int(n) for n in rows.values()) - open_count}


def queue(tab: str, page: int) -> Queue:
    states = {ProblemState.OPEN} if tab == "open" else set(CLOSED_STATES)
    where = ProblemReport.state.in_(states)
    total = int(db.session.scalar(select(func.count()).select_from(ProblemReport)
                                  .where(where)) or 0)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    reports = list(db.session.scalars(
        select(ProblemReport).where(where)
        .order_by(ProblemReport.received_at.desc(), ProblemReport.id.desc())
        .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)))
    return Queue(reports, total, page, pages, counts())


def open_count() -> int:
    """The site's open reports (the admin menu shows the number)."""
    return int(db.session.scalar(select(func.count()).select_from(ProblemReport).where(
        ProblemReport.state == ProblemState.OPEN)) or 0)
