"""Read-only queries of the staff's question screens: the queue and its filters, the
deadline marks, the site's members who may be assigned a question, the names of the
sites a question came from or went to.

No tenant in these queries: on a site's host the isolation rule shows that site's rows
only — a question forwarded here is this site's own row, the sending site keeps its.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from hub.accounts.models import Membership, User
from hub.accounts.permissions import grant_for
from hub.core.clock import aware, utcnow
from hub.extensions import db
from hub.questions import states
from hub.questions.fields import FIELDS
from hub.questions.figures import is_due_soon
from hub.questions.models import OPEN_STATES, Question, QuestionKind, QuestionState
from tenants.models import Tenant

PAGE_SIZE = 25
S = QuestionState

# The queue's tabs: the states, and two views of them a unit works from.
TABS: dict[str, object] = {
    "open": _l("Open"),
    "new": states.STATE_LABELS[S.NEW],
    "classified": states.STATE_LABELS[S.CLASSIFIED],
    "forwarded_here": _l("Forwarded here"),
    "progress": states.STATE_LABELS[S.PROGRESS],
    "review": states.STATE_LABELS[S.REVIEW],
    "answered": states.STATE_LABELS[S.ANSWERED],
    "published": states.STATE_LABELS[S.PUBLISHED],
    "closed": states.STATE_LABELS[S.CLOSED],
    "refused": states.STATE_LABELS[S.REFUSED],
    "forwarded": states.STATE_LABELS[S.FORWARDED],
}

DEADLINE_LABELS: dict[str, object] = {"due_soon": _l("Due soon"), "overdue": _l("Overdue")}


def labels() -> dict[str, Any]:
    """The words of the question screens, for the templates that show questions."""
    return {"question_state_labels": states.STATE_LABELS,
            "question_kind_labels": states.KIND_LABELS,
            "question_channel_labels": states.CHANNEL_LABELS,
            "question_level_labels": states.LEVEL_LABELS,
            "question_action_labels": states.ACTION_LABELS,
            "question_field_labels": FIELDS,
            "question_deadline_labels": DEADLINE_LABELS}


class BadFilter(ValueError):
    """A filter value that is not one of the offered ones; the message says which."""


@dataclass(frozen=True)
class QueueFilters:
    tab: str = ""
    field: str = ""
    kind: QuestionKind | None = None
    overdue: bool = False
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> QueueFilters:
        tab = (args.get("state") or "").strip()
        if tab and tab not in TABS:
            raise BadFilter(_("There is no state “%(value)s” to filter on.", value=tab))
        field_key = (args.get("field") or "").strip()
        if field_key and field_key not in FIELDS:
            raise BadFilter(_("There is no field “%(value)s” to filter on.",
                              value=field_key))
        try:
            kind = QuestionKind(args["kind"]) if args.get("kind") else None
        except ValueError:
            raise BadFilter(_("A question is either a question or a petition.")) from None
        overdue = args.get("overdue") or ""
        if overdue not in ("", "1"):
            raise BadFilter(_("“Only overdue” is either ticked or not."))
        try:
            page = int(args.get("page") or 1)
        except ValueError:
            page = 0
        if not 1 <= page <= 100_000:
            raise BadFilter(_("The page must be a whole number from 1."))
        return cls(tab=tab, field=field_key, kind=kind, overdue=overdue == "1", page=page)

    def args(self, **changes: Any) -> dict[str, Any]:
        """The filters as query arguments (for the pages and the tabs' links)."""
        values = {"state": self.tab, "field": self.field,
                  "kind": self.kind.value if self.kind else "",
                  "overdue": "1" if self.overdue else "", "page": self.page, **changes}
        return {key: value for key, value in values.items() if value not in ("", None, 1)}


@dataclass
class Queue:
    questions: list[Question]
    total: int
    page: int
    pages: int
    marks: dict[int, str] = field(default_factory=dict)
    sites: dict[int, str] = field(default_factory=dict)


def deadline_expression() -> Any:
    """The date the citizen is owed an answer by, in SQL (a promise replaces the due
    date), as ``Question.deadline`` reads it in Python."""
    return func.coalesce(Question.promised_at, Question.due_at)


def _where_tab(stmt: Any, tab: str) -> Any:
    if tab == "open":
        return stmt.where(Question.state.in_(OPEN_STATES))
    if tab == "forwarded_here":
        return stmt.where(Question.origin_id.is_not(None),
                          Question.state.in_(OPEN_STATES))
    if tab:
        return stmt.where(Question.state == QuestionState(tab))
    return stmt


def queue(filters: QueueFilters, now: datetime | None = None) -> Queue:
    now = now or utcnow()
    deadline = deadline_expression()
    stmt = _where_tab(select(Question), filters.tab)
    if filters.field:
        stmt = stmt.where(Question.field == filters.field)
    if filters.kind is not None:
        stmt = stmt.where(Question.kind == filters.kind)
    if filters.overdue:
        stmt = stmt.where(Question.state.in_(OPEN_STATES), deadline < now)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    working = filters.overdue or filters.tab in ("open", "forwarded_here", "new",
                                                 "classified", "progress", "review")
    # Open work comes by its deadline; the rest as it was received, newest first.
    order = ((deadline.is_(None), deadline, Question.received_at) if working
             else (Question.received_at.desc(),))
    rows = list(db.session.scalars(
        stmt.options(selectinload(Question.assignee)).order_by(*order, Question.id.desc())
        .limit(PAGE_SIZE).offset((filters.page - 1) * PAGE_SIZE)))
    return Queue(rows, total, filters.page, max(1, math.ceil(total / PAGE_SIZE)),
                 marks=deadline_marks(rows, now),
                 sites=site_names({q.origin_tenant_id for q in rows}
                                  | {q.forwarded_to_tenant_id for q in rows}))


def deadline_mark(question: Question, now: datetime) -> str | None:
    """"overdue", "due_soon" (within two working days) or None, for an open question."""
    deadline = aware(question.deadline)
    if not question.is_open or deadline is None:
        return None
    if now > deadline:
        return "overdue"
    return "due_soon" if is_due_soon(deadline, now) else None


def deadline_marks(questions: list[Question], now: datetime) -> dict[int, str]:
    marks = {}
    for question in questions:
        mark = deadline_mark(question, now)
        if mark is not None:
            marks[question.id] = mark
    return marks


def site_names(ids: set[int | None]) -> dict[int, str]:
    """Site names by id (sites are a public registry: no unscoped block needed)."""
    wanted = {tenant_id for tenant_id in ids if tenant_id is not None}
    if not wanted:
        return {}
    rows = db.session.execute(select(Tenant.id, Tenant.name).where(Tenant.id.in_(wanted)))
    return {tenant_id: name for tenant_id, name in rows}


def assignable_members() -> list[User]:
    """The site's members whose role lets them answer questions."""
    roles = grant_for("questions.answer").site_roles
    return list(db.session.scalars(
        select(User).where(User.is_enabled, User.id.in_(
            select(Membership.user_id).where(Membership.role.in_(roles))))
        .order_by(User.display_name, User.id)))
