"""The questions' background jobs (``hub.core.jobs``): reminders to the unit, and the
erasure of personal data past the retention period. Both are idempotent (a flag or
``erased_at`` on the row), so every worker may run them.

- Reminders: when an open question is 2 working days from its deadline, and when it
  is overdue, its assignee and the site's approvers (and administrators) get a mail,
  once for each.
- Retention: ``QUESTION_RETENTION_YEARS`` (default 5) after a question was closed
  (answered, refused, published or closed), the citizen's name, email and phone are
  erased and contact data in the text redacted; the question and its answer remain.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import func, or_, select

from hub.accounts.models import Membership, SiteRole, User
from hub.core.clock import aware, utcnow
from hub.extensions import db
from hub.questions import notify
from hub.questions.figures import is_due_soon
from hub.questions.models import OPEN_STATES, Question, QuestionState
from hub.questions.operations import _event, erase_personal_data
from tenants.context import tenant_scope, unscoped
from tenants.hosts import public_base_url, site_host

REMINDER_ROLES = (SiteRole.APPROVER, SiteRole.SITE_ADMIN)
BATCH = 200


def _staff_url(question: Question) -> str:
    host = site_host(question.tenant_id)
    if not host:
        return ""
    return public_base_url(host) + current_app.url_map.bind(host).build(
        "question_admin.show", {"question_id": question.id})


def _recipients(question: Question) -> list[User]:
    users = list(db.session.scalars(
        select(User).join(Membership, Membership.user_id == User.id).where(
            Membership.tenant_id == question.tenant_id,
            Membership.role.in_(REMINDER_ROLES), User.is_enabled.is_(True))))
    if question.assignee_id is not None:
        assignee = db.session.get(User, question.assignee_id)
        if assignee is not None:
            users.insert(0, assignee)
    return users


def send_reminders() -> int:
    now = utcnow()
    sent = 0
    with unscoped():
        candidates = list(db.session.scalars(
            select(Question).where(
                Question.state.in_(OPEN_STATES), Question.due_at.is_not(None),
                or_(Question.reminded_due_soon_at.is_(None),
                    Question.reminded_overdue_at.is_(None)))
            .order_by(Question.due_at).limit(BATCH)))
    for question in candidates:
        deadline = aware(question.deadline)
        if deadline is None:
            continue
        overdue = now > deadline
        if overdue and question.reminded_overdue_at is None:
            action = "remind_overdue"
        elif (not overdue and question.reminded_due_soon_at is None
              and is_due_soon(deadline, now)):
            action = "remind_due_soon"
        else:
            continue
        with tenant_scope(question.tenant_id):
            question = db.session.get(Question, question.id)
            if question is None:
                continue
            if action == "remind_overdue":
                question.reminded_overdue_at = now
                question.reminded_due_soon_at = question.reminded_due_soon_at or now
            else:
                question.reminded_due_soon_at = now
            _event(question, action, question.state, question.state)
            notify.remind(_recipients(question), question, action == "remind_overdue",
                          _staff_url(question))
            db.session.flush()
        sent += 1
    return sent


def retention_years() -> int:
    return int(current_app.config.get("QUESTION_RETENTION_YEARS", 5))


def erase_expired() -> int:
    """Erase the contact data of questions closed more than the retention period ago."""
    limit = utcnow() - timedelta(days=365 * retention_years() + retention_years() // 4)
    closed_at = func.coalesce(Question.closed_at, Question.answered_at)
    with unscoped():
        due = list(db.session.execute(
            select(Question.id, Question.tenant_id).where(
                Question.erased_at.is_(None),
                Question.state.notin_(OPEN_STATES),
                closed_at.is_not(None), closed_at < limit).limit(BATCH)))
    for question_id, tenant_id in due:
        with tenant_scope(tenant_id):
            question = db.session.get(Question, question_id)
            if question is not None and question.state is not QuestionState.NEW:
                erase_personal_data(question)
                db.session.flush()
    return len(due)
