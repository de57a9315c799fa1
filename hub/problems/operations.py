"""The steps of a problem report, as services: receive it, close it with a note,
take the item down through the editorial workflow, erase the reporter's email.

Each step checks its permission on the report's site (``states``), moves the report
with a conditional UPDATE (two staff closing one report: one wins, the other is told),
writes an audit entry, and queues the reporter's mail for after the commit. Services
only flush; the request commits.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select, update

from hub.accounts.permissions import can
from hub.audit.operations import record
from hub.content.models import ContentItem
from hub.content.operations import transition
from hub.core.clock import utcnow
from hub.core.sanitize import clean_line, clean_text
from hub.extensions import db
from hub.intake.errors import FieldErrors, StepNotAllowed
from hub.intake.personal import redact
from hub.problems import notify
from hub.problems.models import ProblemReason, ProblemReport, ProblemState
from hub.problems.states import CLOSING_STATES, HANDLE
from hub.workflow.errors import TransitionInputError, TransitionNotAllowed
from hub.workflow.states import ContentStatus

BODY_MAX = 2_000
NOTE_MAX = 2_000
EMAIL_MAX = 254


class ProblemError(FieldErrors):
    """A problem report that cannot be accepted."""


# --- receiving ---------------------------------------------------------------------------

def check_submission(*, reason: str, body: str, email: str) -> dict[str, Any]:
    """The cleaned values of a report, or ``ProblemError`` with a message per field."""
    values: dict[str, Any] = {"reason": (reason or "").strip(), "body": clean_text(body),
                              "email": clean_line(email).lower()}
    errors: dict[str, str] = {}
    if values["reason"] not in {reason.value for reason in ProblemReason}:
        errors["reason"] = _("Please choose what is wrong with the page.")
    if not values["body"]:
        errors["body"] = _("Please describe the problem.")
    elif len(values["body"]) > BODY_MAX:
        errors["body"] = _("The description may have at most %(max)s characters; it has "
                           "%(count)s.", max=BODY_MAX, count=len(values["body"]))
    if values["email"] and ("@" not in values["email"] or " " in values["email"]
                            or len(values["email"]) > EMAIL_MAX):
        errors["email"] = _("This is not an email address. Leave it empty if you do not "
                            "want a reply.")
    if errors:
        raise ProblemError(errors)
    values["reason"] = ProblemReason(values["reason"])
    return values


def receive(item: ContentItem, *, reason: str, body: str, email: str, consent: bool,
            locale: str) -> ProblemReport:
    """A report about ``item`` (published, on this site), into its site's queue. An
    email is kept only with the reporter's consent (the form asks for it)."""
    values = check_submission(reason=reason, body=body, email=email)
    if values["email"] and not consent:
        raise ProblemError({"consent": _("Please agree to the use of your email for the "
                                         "reply, or leave the email empty.")})
    now = utcnow()
    report = ProblemReport(item_id=item.id, item_title=item.title[:500], locale=locale,
                           received_at=now, consent_at=now if values["email"] else None,
                           **values)
    db.session.add(report)
    db.session.flush()
    record("problems.received", obj=report, actor_label="citizen", item_id=item.id,
           reason=report.reason.value)
    return report


# --- closing -----------------------------------------------------------------------------

def _check_handler(report: ProblemReport, actor: Any) -> None:
    if not can(actor, HANDLE, report.tenant_id):
        raise StepNotAllowed(_("Your account does not have permission to do this on "
                               "this site."), status=403)


def _claim(report: ProblemReport, to_state: ProblemState, version: int | None) -> None:
    """Move ``report`` from open to ``to_state`` if it is still open and still the
    version the user saw; else ``StepNotAllowed`` (409)."""
    where = [ProblemReport.id == report.id, ProblemReport.state == ProblemState.OPEN]
    if version is not None:
        where.append(ProblemReport.version == int(version))
    claimed = db.session.execute(
        update(ProblemReport).where(*where)
        .values(state=to_state, version=ProblemReport.version + 1)
        .execution_options(synchronize_session=False)).rowcount
    db.session.refresh(report)
    if claimed != 1:
        raise StepNotAllowed(_("Someone else handled this report since you opened it. "
                               "Please look at its current state."))


def close(report: ProblemReport, *, outcome: str, note: str, actor: Any,
          version: int | None = None) -> ProblemReport:
    """Close ``report`` as ``fixed`` or ``not_a_problem`` with a note for the record
    (and for the reporter's mail)."""
    _check_handler(report, actor)
    note = clean_text(note)
    errors: dict[str, str] = {}
    if outcome not in {state.value for state in CLOSING_STATES}:
        errors["outcome"] = _("Please choose how the report is closed.")
    if not note:
        errors["note"] = _("Please write a note: what was done, or why nothing was.")
    elif len(note) > NOTE_MAX:
        errors["note"] = _("The note may have at most %(max)s characters.", max=NOTE_MAX)
    if errors:
        raise ProblemError(errors)
    _claim(report, ProblemState(outcome), version)
    _closed(report, note, actor)
    record("problems.closed", actor=actor, obj=report, outcome=outcome, note=note,
           item_id=report.item_id)
    return report


def _closed(report: ProblemReport, note: str, actor: Any) -> None:
    report.note = note
    report.closed_at = utcnow()
    report.closed_by_id = getattr(actor, "id", None)
    report.updated_at = report.closed_at
    db.session.flush()
    notify.closed(report)


def take_down(report: ProblemReport, *, reason: str, actor: Any,
              version: int | None = None) -> ProblemReport:
    """Take the reported item down with the editorial workflow's own step (its
    permission, its audit entry, its removal from search and the page cache), the
    report's id recorded with the step; then close the report, and every other open
    report of the same item, as ``taken_down``."""
    _check_handler(report, actor)
    if not report.is_open:
        raise StepNotAllowed(_("This report is already closed."))
    item = db.session.get(ContentItem, report.item_id) if report.item_id else None
    if item is None:
        raise StepNotAllowed(_("The reported item no longer exists. Close the report "
                               "instead."))
    if item.status is ContentStatus.TAKEN_DOWN:
        raise StepNotAllowed(_("The item has already been taken down. Close the report "
                               "instead."))
    if version is not None and int(version) != report.version:
        raise StepNotAllowed(_("Someone else handled this report since you opened it. "
                               "Please look at its current state."))
    try:
        event = transition(item, "take_down", actor, comment=reason,
                           linked={"problem_report_id": report.id})
    except TransitionInputError as refused:
        raise ProblemError({"reason": refused.reason}) from None
    except TransitionNotAllowed as refused:
        raise StepNotAllowed(refused.reason, status=refused.http_status) from None
    others = list(db.session.scalars(select(ProblemReport).where(
        ProblemReport.item_id == item.id, ProblemReport.state == ProblemState.OPEN,
        ProblemReport.id != report.id)))
    for each in (report, *others):
        _claim(each, ProblemState.TAKEN_DOWN, None)
        each.workflow_event_id = event.id
        _closed(each, event.comment, actor)
        record("problems.taken_down", actor=actor, obj=each, item_id=item.id,
               workflow_event_id=event.id, reason=event.comment)
    return report


# --- retention ---------------------------------------------------------------------------

def erase_personal_data(report: ProblemReport) -> None:
    """Forget the reporter's email past the retention period; what they wrote stays,
    without contact details or identity numbers."""
    report.email = ""
    report.body = redact(report.body)
    report.erased_at = utcnow()
    report.version += 1
    record("problems.personal_data_erased", actor_label="worker", obj=report)
    db.session.flush()
