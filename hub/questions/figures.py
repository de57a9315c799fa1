"""The figures of the questions a site handles, per period: received, answered on
time, answered late, open and overdue, and the average working days to answer.

One function, ``figures(tenant_id, first, last)``, read by the site's reports page, its
CSV, and the province office's console (which calls it for each site inside
``unscoped()``): like ``hub.reports.deadlines`` it filters on ``tenant_id`` explicitly,
so it answers the same in a site's scope and unscoped.

A question forwarded away counts where it is answered: the sending site counts it as
received and forwarded, not as its own answer or its own overdue question.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from hub.core import clock
from hub.core.clock import aware, utcnow
from hub.extensions import db
from hub.questions import deadlines
from hub.questions.models import ANSWERED_STATES, OPEN_STATES, Question, QuestionState


@dataclass
class QuestionFigures:
    tenant_id: int
    first: date
    last: date
    received: int = 0
    forwarded: int = 0
    refused: int = 0
    answered_on_time: int = 0
    answered_late: int = 0
    open_overdue: int = 0
    open_in_time: int = 0
    working_days_total: int = 0

    @property
    def answered(self) -> int:
        return self.answered_on_time + self.answered_late

    @property
    def average_working_days(self) -> float | None:
        return round(self.working_days_total / self.answered, 1) if self.answered else None


def _bounds(first: date, last: date) -> tuple[datetime, datetime]:
    return (clock.start_of_day(first).astimezone(UTC),
            clock.start_of_day(last + timedelta(days=1)).astimezone(UTC))


def figures(tenant_id: int, first: date, last: date,
            now: datetime | None = None) -> QuestionFigures:
    """Questions of the site received in [first, last] (Vietnamese days), by outcome;
    "open" is judged at ``now`` (default: the present)."""
    return figures_of_sites([tenant_id], first, last, now)[tenant_id]


def figures_of_sites(tenant_ids: list[int], first: date, last: date,
                     now: datetime | None = None, *, working_days: bool = True
                     ) -> dict[int, QuestionFigures]:
    """``figures`` of several sites in one statement, whatever their number;
    ``working_days=False`` leaves the working days taken uncounted (the calendar asked
    for each answer: the office's table of every site does not show them)."""
    now = now or utcnow()
    start, end = _bounds(first, last)
    results = {tenant_id: QuestionFigures(tenant_id, first, last)
               for tenant_id in tenant_ids}
    rows = db.session.execute(
        select(Question.tenant_id, Question.state, Question.clock_starts_at,
               Question.due_at, Question.promised_at, Question.answered_at)
        .where(Question.tenant_id.in_(tenant_ids), Question.received_at >= start,
               Question.received_at < end))
    for tenant_id, state, starts_at, due_at, promised_at, answered_at in rows:
        result = results[tenant_id]
        result.received += 1
        deadline = aware(promised_at) or aware(due_at)
        if state is QuestionState.FORWARDED:
            result.forwarded += 1
        elif state is QuestionState.REFUSED:
            result.refused += 1
        elif state in ANSWERED_STATES and answered_at is not None:
            answered = aware(answered_at)
            if deadline is None or answered <= deadline:
                result.answered_on_time += 1
            else:
                result.answered_late += 1
            if working_days:
                result.working_days_total += deadlines.working_days_taken(
                    aware(starts_at), answered)
        elif state in OPEN_STATES:
            if deadline is not None and now > deadline:
                result.open_overdue += 1
            else:
                result.open_in_time += 1
    return results


def due_soon_and_overdue(tenant_id: int, *, within_days: int = 2,
                         now: datetime | None = None) -> tuple[list[Question], list[Question]]:
    """The site's open questions due within ``within_days`` working days, and those
    overdue (the staff dashboard)."""
    now = now or utcnow()
    soon: list[Question] = []
    overdue: list[Question] = []
    for question in db.session.scalars(
            select(Question).where(Question.tenant_id == tenant_id,
                                   Question.state.in_(OPEN_STATES),
                                   Question.due_at.is_not(None))
            .order_by(Question.due_at)):
        deadline = aware(question.deadline)
        if deadline is None:
            continue
        if now > deadline:
            overdue.append(question)
        elif is_due_soon(deadline, now, within_days):
            soon.append(question)
    return soon, overdue


def is_due_soon(deadline: datetime, now: datetime, within_days: int = 2) -> bool:
    from hub.deadlines import calendar
    return now <= deadline and calendar.working_days_between(now, deadline) <= within_days
