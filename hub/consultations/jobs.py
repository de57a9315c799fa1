"""The consultations' background job (``hub.core.jobs``): reminders to the site's
staff, each sent once (a stamp on the consultation's outcome row), so every worker may
run it.

- When a draft has closed: its editors, approvers and administrators are told how many
  comments wait for moderation and when the outcome is due.
- When the outcome is due and not published: the approvers and administrators.
"""

from __future__ import annotations

from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import select

from hub.accounts.models import Membership, SiteRole, User
from hub.consultations import notify
from hub.consultations.models import Comment, CommentState, ConsultationOutcome
from hub.consultations.operations import outcome_row
from hub.content.consultation_period import outcome_due
from hub.content.models import Consultation
from hub.core.clock import local_day, utcnow
from hub.extensions import db
from hub.formatting import format_day_short
from hub.workflow.states import PUBLIC_STATES
from tenants.context import tenant_scope, unscoped

CLOSED_ROLES = (SiteRole.EDITOR, SiteRole.APPROVER, SiteRole.SITE_ADMIN)
DUE_ROLES = (SiteRole.APPROVER, SiteRole.SITE_ADMIN)
BATCH = 200


def _emails(tenant_id: int, roles: tuple[SiteRole, ...]) -> list[str]:
    return list(db.session.scalars(
        select(User.email).join(Membership, Membership.user_id == User.id).where(
            Membership.tenant_id == tenant_id, Membership.role.in_(roles),
            User.is_enabled.is_(True))))


def send_reminders() -> int:
    now = utcnow()
    today = local_day(now)
    with unscoped():
        candidates = db.session.execute(
            select(Consultation.id, Consultation.tenant_id)
            .outerjoin(ConsultationOutcome,
                       ConsultationOutcome.consultation_id == Consultation.id)
            .where(Consultation.status.in_(PUBLIC_STATES), Consultation.closes_on < today,
                   ConsultationOutcome.published_at.is_(None),
                   (ConsultationOutcome.id.is_(None))
                   | ConsultationOutcome.reminded_closed_at.is_(None)
                   | ConsultationOutcome.reminded_due_at.is_(None))
            .order_by(Consultation.closes_on).limit(BATCH)).all()
    sent = 0
    for consultation_id, tenant_id in candidates:
        with tenant_scope(tenant_id):
            draft = db.session.get(Consultation, consultation_id)
            if draft is None:
                continue
            outcome = outcome_row(draft)
            due = outcome_due(draft.closes_on, tenant_id)
            with force_locale("vi"):
                due_day = format_day_short(due)
                if outcome.reminded_closed_at is None:
                    pending = len(db.session.scalars(select(Comment.id).where(
                        Comment.consultation_id == draft.id,
                        Comment.state == CommentState.PENDING)).all())
                    outcome.reminded_closed_at = now
                    notify.to_staff(draft, _emails(tenant_id, CLOSED_ROLES), _(
                        "The consultation on “%(title)s” has closed", title=draft.title), [
                        _("Comments on “%(title)s” closed on %(day)s.", title=draft.title,
                          day=format_day_short(draft.closes_on)),
                        ngettext("%(num)d comment waits for moderation.",
                                 "%(num)d comments wait for moderation.", pending),
                        _("The agency's responses are due on %(day)s.", day=due_day)])
                    sent += 1
                if outcome.reminded_due_at is None and now > due:
                    outcome.reminded_due_at = now
                    notify.to_staff(draft, _emails(tenant_id, DUE_ROLES), _(
                        "The outcome of “%(title)s” is overdue", title=draft.title), [
                        _("The agency's responses to the comments on “%(title)s” were due "
                          "on %(day)s and are not published.", title=draft.title,
                          day=due_day)])
                    sent += 1
            db.session.flush()
    return sent
