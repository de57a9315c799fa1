"""The services of public consultation: receiving a comment, moderating it, the
agency's response to each comment, publishing the outcome.

Views call these; they check the permission (on the server, every time), audit, and only
flush: the request commits once. Errors carry the HTTP status the page answers with: a
comment on a closed draft is a 409, a missing one a 404, bad input a 400.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select, update

from hub.accounts.permissions import can
from hub.audit.operations import record
from hub.consultations import notify
from hub.consultations.models import (
    Comment,
    CommenterKind,
    CommentState,
    ConsultationOutcome,
    Response,
)
from hub.content.models import Consultation, ConsultationPhase
from hub.core.clock import local_day, utcnow
from hub.core.sanitize import clean_line, clean_text
from hub.extensions import db
from hub.files.models import Attachment
from hub.workflow.states import PUBLIC_STATES
from tenants.context import current_tenant_id

NAME_MAX = 200
ORGANISATION_MAX = 300
BODY_MAX = 10_000
EXPLANATION_MAX = 10_000
REASON_MAX = 2_000


class ConsultationError(Exception):
    """A refusal the page shows: ``errors`` per field, ``status`` for the response."""

    status = 400

    def __init__(self, errors: dict[str, str], status: int | None = None) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors
        if status is not None:
            self.status = status


class NotAllowed(ConsultationError):
    status = 403


# --- receiving ---------------------------------------------------------------------

def is_open(consultation: Consultation, now: datetime | None = None) -> bool:
    """Comments are received from the opening day to the closing day included, and
    only on a published draft."""
    today = local_day(now or utcnow())
    return (consultation.status in PUBLIC_STATES
            and consultation.phase(today) is ConsultationPhase.OPEN)


def check_comment(consultation: Consultation, *, kind: str, name: str,
                  organisation: str, email: str, clause: str, body: str) -> dict[str, Any]:
    """The cleaned values of a comment, or ``ConsultationError`` with one message per
    field (NFC, no control characters)."""
    values: dict[str, Any] = {
        "kind": (kind or CommenterKind.PERSON.value).strip(),
        "name": clean_line(name), "organisation": clean_line(organisation),
        "email": clean_line(email).lower(), "clause": clean_line(clause),
        "body": clean_text(body)}
    errors: dict[str, str] = {}
    if values["kind"] not in {k.value for k in CommenterKind}:
        errors["kind"] = _("Please say whether you comment in your own name or on behalf "
                           "of an organisation.")
    if not values["name"]:
        errors["name"] = _("Please give your name.")
    elif len(values["name"]) > NAME_MAX:
        errors["name"] = _("The name may have at most %(max)s characters.", max=NAME_MAX)
    if values["kind"] == CommenterKind.ORGANISATION.value and not values["organisation"]:
        errors["organisation"] = _("Please give the name of the organisation you comment "
                                   "for.")
    elif len(values["organisation"]) > ORGANISATION_MAX:
        errors["organisation"] = _("The name of the organisation may have at most "
                                   "%(max)s characters.", max=ORGANISATION_MAX)
    if values["email"] and ("@" not in values["email"] or len(values["email"]) > 254
                            or " " in values["email"]):
        errors["email"] = _("This is not an email address. Leave it empty if you have "
                            "none.")
    if values["clause"] and values["clause"] not in consultation.clause_list:
        errors["clause"] = _("Please choose an article or clause from the list, or the "
                             "draft as a whole.")
    if not values["body"]:
        errors["body"] = _("Please write your comment.")
    elif len(values["body"]) > BODY_MAX:
        errors["body"] = _("The comment may have at most %(max)s characters; it has "
                           "%(count)s.", max=BODY_MAX, count=len(values["body"]))
    if errors:
        raise ConsultationError(errors)
    values["kind"] = CommenterKind(values["kind"])
    if values["kind"] is CommenterKind.PERSON:
        values["organisation"] = ""
    return values


def closed_error() -> ConsultationError:
    return ConsultationError({"": _("Comments on this draft are no longer received: the "
                                    "consultation is closed.")}, status=409)


def receive_comment(consultation: Consultation, *, attachment: Attachment | None = None,
                    consent: bool, locale: str = "vi", now: datetime | None = None,
                    **typed: str) -> Comment:
    """Record a comment sent on ``consultation`` (pending moderation)."""
    now = now or utcnow()
    if not is_open(consultation, now):
        raise closed_error()
    values = check_comment(consultation, **typed)
    if not consent:
        raise ConsultationError({"consent": _(
            "Please agree to the processing of your personal data, or we cannot receive "
            "your comment.")})
    comment = Comment(consultation_id=consultation.id, tenant_id=current_tenant_id(),
                      received_at=now, consent_at=now, locale=locale,
                      attachment_id=attachment.id if attachment is not None else None,
                      state=CommentState.PENDING, **values)
    db.session.add(comment)
    db.session.flush()
    record("consultation.comment_received", actor_label="citizen", obj=comment,
           object_type="ConsultationComment", consultation=consultation.id)
    return comment


# --- moderation --------------------------------------------------------------------

MODERATION = {"publish": CommentState.PUBLISHED, "hide": CommentState.HIDDEN}


def moderate(comment: Comment, action: str, by: Any, *, reason: str = "",
             now: datetime | None = None) -> Comment:
    """Publish or hide ``comment``; hiding needs the reason (kept for staff)."""
    if not can(by, "consultations.moderate"):
        raise NotAllowed({"": _("Your role on this site does not allow moderating "
                                "comments.")})
    if action not in MODERATION:
        raise ConsultationError({"": _("There is no such step.")}, status=404)
    reason = clean_text(reason)
    if action == "hide" and not reason:
        raise ConsultationError({"reason": _("Write why the comment is hidden.")})
    if len(reason) > REASON_MAX:
        raise ConsultationError({"reason": _("At most %(count)d characters.",
                                             count=REASON_MAX)})
    outcome = outcome_of(comment.consultation_id)
    if outcome is not None and outcome.published_at is not None:
        raise ConsultationError({"": _("The outcome is published: its comments can no "
                                       "longer be changed.")}, status=409)
    old = comment.state
    target = MODERATION[action]
    if old is target:
        raise ConsultationError({"": _("Someone else moderated this comment meanwhile. "
                                       "Reload the page.")}, status=409)
    # Two moderators at once: the second finds the state changed and is told so.
    claimed = db.session.execute(
        update(Comment).where(Comment.id == comment.id, Comment.state == old)
        .values(state=target).execution_options(synchronize_session=False)).rowcount
    if claimed != 1:
        db.session.refresh(comment)
        raise ConsultationError({"": _("Someone else moderated this comment meanwhile. "
                                       "Reload the page.")}, status=409)
    db.session.refresh(comment, ["state"])
    comment.hidden_reason = reason if action == "hide" else ""
    comment.moderated_at = now or utcnow()
    comment.moderated_by_id = getattr(by, "id", None)
    if action == "hide":  # a hidden comment is not in the outcome either
        comment.response, comment.explanation, comment.responded_at = None, "", None
    record(f"consultation.comment_{action}", actor=by, obj=comment,
           object_type="ConsultationComment", **{"from": old.value, "to": target.value,
                                                 "reason": reason})
    db.session.flush()
    return comment


# --- the outcome ---------------------------------------------------------------------

def outcome_of(consultation_id: int) -> ConsultationOutcome | None:
    return db.session.scalar(select(ConsultationOutcome).where(
        ConsultationOutcome.consultation_id == consultation_id))


def outcome_row(consultation: Consultation) -> ConsultationOutcome:
    """The consultation's outcome row, made when first needed."""
    row = outcome_of(consultation.id)
    if row is None:
        row = ConsultationOutcome(consultation_id=consultation.id,
                                  tenant_id=consultation.tenant_id)
        db.session.add(row)
        db.session.flush()
    return row


def _require_closed(consultation: Consultation, now: datetime | None) -> None:
    if consultation.phase(local_day(now or utcnow())) is not ConsultationPhase.CLOSED:
        raise ConsultationError({"": _("The agency responds once the consultation has "
                                       "closed.")}, status=409)


def respond(comments: list[Comment], consultation: Consultation, response: str,
            explanation: str, by: Any, *, now: datetime | None = None) -> None:
    """The agency's response (tiếp thu / tiếp thu một phần / không tiếp thu) to one
    published comment or a group of them, with the explanation."""
    if not can(by, "consultations.respond"):
        raise NotAllowed({"": _("Your role on this site does not allow responding to "
                                "comments.")})
    _require_closed(consultation, now)
    outcome = outcome_of(consultation.id)
    if outcome is not None and outcome.published_at is not None:
        raise ConsultationError({"": _("The outcome is published: its comments can no "
                                       "longer be changed.")}, status=409)
    try:
        chosen = Response(response)
    except ValueError:
        raise ConsultationError({"response": _("Choose one of the listed values.")}) \
            from None
    explanation = clean_text(explanation)
    if chosen is not Response.ACCEPTED and not explanation:
        raise ConsultationError({"explanation": _(
            "Explain why the comment is not, or only partly, accepted.")})
    if len(explanation) > EXPLANATION_MAX:
        raise ConsultationError({"explanation": _("At most %(count)d characters.",
                                                  count=EXPLANATION_MAX)})
    if not comments or any(c.consultation_id != consultation.id
                           or c.state is not CommentState.PUBLISHED for c in comments):
        raise ConsultationError({"comments": _("Choose published comments of this "
                                               "draft.")})
    moment = now or utcnow()
    for comment in comments:
        comment.response, comment.explanation = chosen, explanation
        comment.responded_at, comment.responded_by_id = moment, getattr(by, "id", None)
        record("consultation.respond", actor=by, obj=comment,
               object_type="ConsultationComment", response=chosen.value)
    db.session.flush()


def publish_outcome(consultation: Consultation, summary: str, by: Any, *,
                    now: datetime | None = None) -> ConsultationOutcome:
    """Publish the table of comments and responses; every published comment must have
    its response. Returns the outcome (whose ``published_at`` is now set)."""
    if not can(by, "consultations.publish_outcome"):
        raise NotAllowed({"": _("Your role on this site does not allow publishing the "
                                "outcome.")})
    _require_closed(consultation, now)
    outcome = outcome_row(consultation)
    if outcome.published_at is not None:
        raise ConsultationError({"": _("The outcome is already published.")}, status=409)
    waiting = db.session.scalar(select(Comment.id).where(
        Comment.consultation_id == consultation.id,
        Comment.state == CommentState.PENDING).limit(1))
    if waiting is not None:
        raise ConsultationError({"": _("Some comments still wait for moderation: publish "
                                       "or hide them first.")}, status=409)
    unanswered = db.session.scalar(select(Comment.id).where(
        Comment.consultation_id == consultation.id,
        Comment.state == CommentState.PUBLISHED, Comment.response.is_(None)).limit(1))
    if unanswered is not None:
        raise ConsultationError({"": _("Every published comment needs the agency's "
                                       "response before the outcome is published.")},
                                status=409)
    outcome.summary = clean_text(summary)
    outcome.published_at = now or utcnow()
    outcome.published_by_id = getattr(by, "id", None)
    record("consultation.publish_outcome", actor=by, obj=consultation,
           object_type="ContentItem")
    db.session.flush()
    notify.outcome_published(consultation)
    return outcome
