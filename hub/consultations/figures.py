"""The figures of a site's consultations per period: drafts whose comment period fell
in it, how many are open, closed and awaiting their outcome, with the outcome overdue,
and outcomes published on time or late; comments received, published and hidden.

One function, ``figures(tenant_id, first, last)``, for the site's reports and the
province office's console (which calls it for each site inside ``unscoped()``): it
filters on ``tenant_id`` explicitly, so it answers the same in a site's scope and
unscoped. The outcome is due ``consultation_outcome_working_days`` (default
``PORTAL_CONSULTATION_OUTCOME_WORKING_DAYS``) working days after the closing day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from hub.consultations.models import Comment, CommentState, ConsultationOutcome
from hub.content.consultation_period import outcome_due
from hub.content.models import Consultation
from hub.core.clock import aware, local_day, utcnow
from hub.extensions import db
from hub.workflow.states import PUBLIC_STATES


@dataclass
class ConsultationFigures:
    tenant_id: int
    first: date
    last: date
    drafts: int = 0                 # published, comment period overlapping the period
    open: int = 0                   # receiving comments now
    awaiting_outcome: int = 0       # closed, outcome not published (overdue included)
    outcome_overdue: int = 0        # closed, outcome past due and not published
    outcome_on_time: int = 0
    outcome_late: int = 0
    comments_received: int = 0
    comments_published: int = 0
    comments_hidden: int = 0


def figures(tenant_id: int, first: date, last: date,
            now: datetime | None = None) -> ConsultationFigures:
    """The site's published drafts whose comment period overlaps [first, last]
    (Vietnamese days); open, closed and overdue are judged at ``now``."""
    return figures_of_sites([tenant_id], first, last, now)[tenant_id]


def figures_of_sites(tenant_ids: list[int], first: date, last: date,
                     now: datetime | None = None) -> dict[int, ConsultationFigures]:
    """``figures`` of several sites in two statements, whatever their number."""
    now = now or utcnow()
    today = local_day(now)
    results = {tenant_id: ConsultationFigures(tenant_id, first, last)
               for tenant_id in tenant_ids}
    # The drafts of the period first (the consultation table is small; asking for the
    # sites' items first would walk every item they ever published).
    table = Consultation.__table__
    of_period = select(table.c.id).where(table.c.opens_on <= last,
                                         table.c.closes_on >= first)
    drafts = (Consultation.id.in_(of_period), Consultation.tenant_id.in_(tenant_ids),
              Consultation.status.in_(PUBLIC_STATES))
    rows = db.session.execute(
        select(Consultation.id, Consultation.tenant_id, Consultation.opens_on,
               Consultation.closes_on, ConsultationOutcome.published_at)
        .outerjoin(ConsultationOutcome,
                   ConsultationOutcome.consultation_id == Consultation.id)
        .where(*drafts)).all()
    for _id, tenant_id, opens_on, closes_on, published_at in rows:
        result = results[tenant_id]
        result.drafts += 1
        if opens_on <= today <= closes_on:
            result.open += 1
        if closes_on >= today:
            continue
        due = outcome_due(closes_on, tenant_id)
        if published_at is None:
            result.awaiting_outcome += 1
            if now > due:
                result.outcome_overdue += 1
        elif aware(published_at) <= due:  # type: ignore[operator]
            result.outcome_on_time += 1
        else:
            result.outcome_late += 1
    if rows:
        for tenant_id, state, count in db.session.execute(
                select(Comment.tenant_id, Comment.state, func.count()).where(
                    Comment.tenant_id.in_(tenant_ids), Comment.consultation_id.in_(
                        select(Consultation.id).where(*drafts)))
                .group_by(Comment.tenant_id, Comment.state)):
            result = results[tenant_id]
            result.comments_received += count
            if state is CommentState.PUBLISHED:
                result.comments_published = count
            elif state is CommentState.HIDDEN:
                result.comments_hidden = count
    return results
