"""Every step of a question, as services: receive, classify, forward, refuse, send a
progress notice, draft and submit an answer, return or send it, publish, unpublish,
close, erase personal data.

Each step checks the state it starts from and, for a person, the permission of the
step on the question's site (``states.STEPS``); writes a ``QuestionEvent`` and an audit
entry; bumps ``version`` (a caller that read an older one gets ``StaleQuestion``);
queues its mail for after the commit. Services only flush; the caller commits.

A site never writes another site's rows except in the two hand-overs of forwarding,
each inside that site's own tenant scope: ``forward`` creates the receiving site's row,
and ``_report_upstream`` records on the sending site's row what the receiving site did
(its progress notice, its answer, its own forwarding), so the sender and the citizen's
tracking page, which reads the row where the question was asked, follow it.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from html import unescape
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from hub.accounts.permissions import can
from hub.audit.operations import record
from hub.core.clock import as_utc, aware, local_day, utcnow
from hub.core.sanitize import clean_html, clean_line, clean_text
from hub.extensions import db
from hub.files.models import Attachment
from hub.files.operations import UploadRejected, copy_to_site
from hub.intake.errors import FieldErrors, StepNotAllowed
from hub.intake.personal import found_personal_data, nfc, redact, short_name
from hub.questions import codes, deadlines, notify, signals
from hub.questions.fields import FIELDS
from hub.questions.models import (
    AnswerLevel,
    Channel,
    Question,
    QuestionEvent,
    QuestionKind,
    QuestionState,
)
from hub.questions.states import STEPS
from tenants.context import current_tenant_id, tenant_scope
from tenants.models import Tenant, TenantStatus

S = QuestionState
_TAG = re.compile(r"<[^>]*>")

NAME_MAX = 200
TITLE_MAX = 300
BODY_MAX = 10_000
ANSWER_MAX = 50_000
NOTE_MAX = 2_000


class QuestionError(FieldErrors):
    """A question or answer that cannot be accepted."""


class StaleQuestion(StepNotAllowed):
    def __init__(self) -> None:
        super().__init__(_("Someone else acted on this question since you opened it. "
                           "Please look at its current state and try again."))


# --- receiving ---------------------------------------------------------------------------

def check_submission(*, name: str, email: str, phone: str, field: str, title: str,
                     body: str, kind: str) -> dict[str, Any]:
    """The cleaned values of a question, or ``QuestionError`` with a message per field."""
    values = {"name": clean_line(nfc(name))[:NAME_MAX + 1],
              "email": clean_line(email).lower(), "phone": clean_line(phone),
              "field": (field or "").strip(), "title": clean_line(nfc(title)),
              "body": clean_text(nfc(body)), "kind": (kind or "question").strip()}
    errors: dict[str, str] = {}
    if not values["name"]:
        errors["name"] = _("Please give your name.")
    elif len(values["name"]) > NAME_MAX:
        errors["name"] = _("The name may have at most %(max)s characters.", max=NAME_MAX)
    if values["email"] and ("@" not in values["email"] or len(values["email"]) > 254
                            or " " in values["email"]):
        errors["email"] = _("This is not an email address. Leave it empty if you have "
                            "none.")
    if values["phone"] and (len(values["phone"]) > 20 or not all(
            ch.isdigit() or ch in " +.-()" for ch in values["phone"])):
        errors["phone"] = _("A telephone number has digits only (spaces, dots, dashes "
                            "and a leading + are fine).")
    if values["field"] not in FIELDS:
        errors["field"] = _("Please choose the field your question is about.")
    if not values["title"]:
        errors["title"] = _("Please give your question a title.")
    elif len(values["title"]) > TITLE_MAX:
        errors["title"] = _("The title may have at most %(max)s characters.",
                            max=TITLE_MAX)
    if not values["body"]:
        errors["body"] = _("Please write your question.")
    elif len(values["body"]) > BODY_MAX:
        errors["body"] = _("The question may have at most %(max)s characters; it has "
                           "%(count)s.", max=BODY_MAX, count=len(values["body"]))
    if values["kind"] not in {kind.value for kind in QuestionKind}:
        errors["kind"] = _("Please choose whether this is a question or a petition.")
    if errors:
        raise QuestionError(errors)
    values["kind"] = QuestionKind(values["kind"])
    return values


def receive(*, name: str, email: str = "", phone: str = "", field: str, title: str,
            body: str, kind: str = "question", attachment: Attachment | None = None,
            channel: Channel = Channel.WEB, received_at: datetime | None = None,
            entered_by: Any = None, consent: bool = True, locale: str = "vi") -> Question:
    """Record a question received by this site; returns it with its tracking code.

    ``channel`` other than the web: staff enter a question that came by post, phone or
    email, with the day it was received (the clock starts then, not when typed in).
    """
    values = check_submission(name=name, email=email, phone=phone, field=field,
                              title=title, body=body, kind=kind)
    now = utcnow()
    received = as_utc(aware(received_at) or now)
    if received > now:
        raise QuestionError({"received_at": _("The day received cannot be in the "
                                              "future.")})
    if channel is Channel.WEB and not consent:
        raise QuestionError({"consent": _("Please agree to the processing of your "
                                          "personal data, or we cannot answer you.")})
    tenant_id = current_tenant_id()
    if tenant_id is None:
        raise RuntimeError("a question is received by a site: act inside its scope")
    question = Question(
        kind=values["kind"], state=S.NEW, code=_unused_code(), channel=channel,
        locale=locale if locale in ("vi", "en") else "vi",
        received_at=received, entered_by_id=getattr(entered_by, "id", None),
        name=values["name"], email=values["email"], phone=values["phone"],
        consent_at=now if consent else None, field=values["field"],
        title=values["title"], body=values["body"], attachment=attachment,
        clock_starts_at=as_utc(deadlines.clock_start(received)),
        asked_tenant_id=tenant_id)
    db.session.add(question)
    _event(question, "receive", "", S.NEW, actor=entered_by, public=True,
           detail={"channel": channel.value}, at=received)
    db.session.flush()
    record("question.received", actor=entered_by, obj=question, channel=channel.value,
           kind=question.kind.value, field=question.field)
    notify.receipt(question)
    return question


def _unused_code() -> str:
    """A fresh code. Not looked up first: two codes of 2**58 meet once in some 10**11
    questions, and the unique index refuses the second rather than mixing them up."""
    return codes.new_code()


# --- steps of the unit -------------------------------------------------------------------

def _step(question: Question, action: str, actor: Any, version: int | None) -> S:
    step = STEPS[action]
    if actor is not None and not can(actor, step.permission, question.tenant_id):
        raise StepNotAllowed(_("Your account does not have permission to do this on "
                               "this site."), status=403)
    if version is not None and version != question.version:
        raise StaleQuestion()
    if question.state not in step.from_states:
        raise StepNotAllowed(_("This step does not apply to a question that is "
                               "“%(state)s”.", state=_state_label(question.state)))
    return question.state


def _state_label(state: S) -> str:
    from hub.questions.states import STATE_LABELS
    return str(STATE_LABELS[state])


def _event(question: Question, action: str, from_state: S | str, to_state: S | str, *,
           actor: Any = None, public: bool = False, note: str = "",
           detail: dict[str, Any] | None = None, at: datetime | None = None) -> QuestionEvent:
    event = QuestionEvent(
        action=action, from_state=getattr(from_state, "value", from_state),
        to_state=getattr(to_state, "value", to_state), actor_id=getattr(actor, "id", None),
        public=public, note=note, detail=detail or {}, created_at=at or utcnow(),
        tenant_id=question.tenant_id)
    question.events.append(event)
    return event


def _moved(question: Question, to_state: S) -> None:
    question.state = to_state
    question.version += 1
    question.updated_at = utcnow()


def classify(question: Question, *, field: str, level: AnswerLevel | str, actor: Any,
             version: int | None = None, assignee: Any = None) -> Question:
    """Set the field and the answer level: the due date follows (``deadlines``)."""
    before = _step(question, "classify", actor, version)
    if field not in FIELDS:
        raise QuestionError({"field": _("Please choose a field.")})
    try:
        level = AnswerLevel(level)
    except ValueError:
        raise QuestionError({"level": _("Please choose the answer level.")}) from None
    question.field, question.level = field, level
    question.due_at = as_utc(deadlines.due_after(
        aware(question.clock_starts_at), deadlines.days_for(level, question.tenant_id)))
    question.classified_at = question.classified_at or utcnow()
    if assignee is not None:
        question.assignee_id = assignee.id
    after = S.PROGRESS if before is S.PROGRESS else S.CLASSIFIED
    _moved(question, after)
    _event(question, "classify", before, after, actor=actor,
           detail={"field": field, "level": level.value,
                   "due_at": aware(question.due_at).isoformat()})
    db.session.flush()
    record("question.classified", actor=actor, obj=question, field=field,
           level=level.value, due_at=aware(question.due_at).isoformat())
    return question


def forwarding_targets(question: Question) -> list[Tenant]:
    """Every active site of the province but this one (003 Article 9.6.a, 18.6)."""
    return list(db.session.scalars(
        select(Tenant).where(Tenant.id != question.tenant_id,
                             Tenant.status == TenantStatus.ACTIVE)
        .order_by(Tenant.path)))


def forward(question: Question, *, to_tenant_id: int, actor: Any, note: str = "",
            version: int | None = None) -> Question:
    """Send the question to the competent site, which gets its own linked row; this
    row waits, read-only, mirroring that row's state. Returns the new row."""
    before = _step(question, "forward", actor, version)
    target = db.session.get(Tenant, to_tenant_id)
    if (target is None or target.id == question.tenant_id
            or target.status is not TenantStatus.ACTIVE):
        raise QuestionError({"to_tenant_id": _("Please choose another active site of "
                                               "the province.")})
    note = clean_text(note)[:NOTE_MAX]
    attachment = question.attachment
    db.session.flush()  # this site's rows are written in this site's scope
    with tenant_scope(target.id):
        try:
            copied = copy_to_site(attachment, by=actor) if attachment is not None else None
        except UploadRejected as refused:  # the file store failed: nothing is forwarded
            raise QuestionError({"to_tenant_id": refused.reason}) from refused
        received = Question(
            kind=question.kind, state=S.NEW, code=None,
            asked_code=question.code or question.asked_code, channel=question.channel,
            locale=question.locale,
            received_at=question.received_at, name=question.name, email=question.email,
            phone=question.phone, consent_at=question.consent_at, field=question.field,
            title=question.title, body=question.body, attachment=copied,
            clock_starts_at=question.clock_starts_at, origin_id=question.id,
            origin_tenant_id=question.tenant_id,
            asked_tenant_id=question.asked_tenant_id, tenant_id=target.id)
        db.session.add(received)
        _event(received, "receive_forwarded", "", S.NEW, actor=actor, note=note,
               detail={"from_tenant_id": question.tenant_id})
        db.session.flush()
        record("question.received_forwarded", actor=actor, obj=received,
               from_tenant_id=question.tenant_id, from_question_id=question.id)
        db.session.flush()
    question.forwarded_to_id = received.id
    question.forwarded_to_tenant_id = target.id
    question.forwarded_state = S.NEW.value
    _moved(question, S.FORWARDED)
    _event(question, "forward", before, S.FORWARDED, actor=actor, public=True, note=note,
           detail=_unit_detail(target))
    db.session.flush()
    record("question.forwarded", actor=actor, obj=question, to_tenant_id=target.id,
           to_question_id=received.id)
    _report_upstream(question, "forward", _unit_detail(target))
    return received


def _unit_detail(tenant: Tenant) -> dict[str, Any]:
    return {"unit": tenant.name, "unit_en": tenant.name_in("en"), "tenant_id": tenant.id}


def refuse(question: Question, *, reason: str, actor: Any,
           version: int | None = None) -> Question:
    """Out of scope (a complaint, a denunciation, a matter of no state agency here):
    the citizen is told at once (003 Article 9.6.a, 9.6.c). A forwarded question is
    not refused by the receiving unit: it forwards it back or on."""
    before = _step(question, "refuse", actor, version)
    if question.origin_id is not None:
        raise StepNotAllowed(_("A question forwarded to this unit is not refused here: "
                               "forward it back, or on to the competent unit."))
    reason = clean_text(reason)[:NOTE_MAX]
    if not reason:
        raise QuestionError({"reason": _("Please tell the citizen why the question is "
                                         "not handled here and where to send it.")})
    question.refusal_reason = reason
    question.closed_at = utcnow()
    _moved(question, S.REFUSED)
    _event(question, "refuse", before, S.REFUSED, actor=actor, public=True, note=reason)
    db.session.flush()
    record("question.refused", actor=actor, obj=question)
    notify.refused(question)
    return question


def progress_notice(question: Question, *, promised_on: date, note: str, actor: Any,
                    version: int | None = None) -> Question:
    """Tell the citizen the answer needs more time, with the new date (at most the
    legal maximum: 15 working days from the clock's start, 003 Article 9.6.b)."""
    before = _step(question, "progress", actor, version)
    note = clean_text(note)[:NOTE_MAX]
    start = aware(question.clock_starts_at)
    limit = deadlines.legal_maximum(start)
    promised = deadlines.end_of(promised_on)
    errors: dict[str, str] = {}
    if promised_on < local_day(utcnow()):
        errors["promised_on"] = _("The promised date cannot be in the past.")
    elif promised > limit:
        errors["promised_on"] = _(
            "The law allows at most 15 working days from reception: the latest date is "
            "%(limit)s.", limit=local_day(limit).strftime("%d/%m/%Y"))
    if not note:
        errors["note"] = _("Please tell the citizen what is being done.")
    if errors:
        raise QuestionError(errors)
    question.promised_at = as_utc(promised)
    _moved(question, S.PROGRESS)
    detail = {"promised_on": promised_on.isoformat()}
    _event(question, "progress", before, S.PROGRESS, actor=actor, public=True,
           note=note, detail=detail)
    db.session.flush()
    record("question.progress_notice", actor=actor, obj=question, **detail)
    notify.progress(question, note)
    _report_upstream(question, "progress", detail, note=note)
    return question


def save_draft(question: Question, *, answer: str, signer_name: str, signer_title: str,
               actor: Any, version: int | None = None, submit: bool = False) -> Question:
    """Keep the draft answer and who signs it; ``submit``: send it for approval."""
    before = _step(question, "submit" if submit else "draft", actor, version)
    answer = clean_html(answer)
    signer_name, signer_title = clean_line(signer_name), clean_line(signer_title)
    errors: dict[str, str] = {}
    if len(answer) > ANSWER_MAX:
        errors["answer"] = _("The answer is too long.")
    if submit:
        if not clean_text(_text_of(answer)):
            errors["answer"] = _("Please write the answer.")
        if not signer_name or not signer_title:
            errors["signer_name"] = _(
                "Please name who answers: the head of the unit or the person they "
                "authorised, with their position (Article 14.3).")
    if errors:
        raise QuestionError(errors)
    question.answer = answer
    question.signer_name, question.signer_title = signer_name[:200], signer_title[:200]
    question.drafted_by_id = getattr(actor, "id", None)
    after = S.REVIEW if submit else before
    _moved(question, after)
    _event(question, "submit" if submit else "draft", before, after, actor=actor)
    db.session.flush()
    record("question.answer_submitted" if submit else "question.answer_drafted",
           actor=actor, obj=question)
    return question


def _text_of(markup: str) -> str:
    return unescape(_TAG.sub(" ", markup or ""))


def return_draft(question: Question, *, comment: str, actor: Any,
                 version: int | None = None) -> Question:
    before = _step(question, "return", actor, version)
    comment = clean_text(comment)[:NOTE_MAX]
    if not comment:
        raise QuestionError({"comment": _("Please say what should change.")})
    after = S.PROGRESS if question.promised_at else S.CLASSIFIED
    _moved(question, after)
    _event(question, "return", before, after, actor=actor, note=comment)
    db.session.flush()
    record("question.answer_returned", actor=actor, obj=question)
    return question


def send_answer(question: Question, *, actor: Any, version: int | None = None) -> Question:
    """The approver sends the answer: the citizen gets it by mail and on the tracking
    page; the sites the question came through record it."""
    before = _step(question, "send", actor, version)
    now = utcnow()
    question.answered_at = now
    question.answered_by_id = getattr(actor, "id", None)
    site = db.session.get(Tenant, question.tenant_id)
    question.answering_unit = site.name if site else ""
    _moved(question, S.ANSWERED)
    _event(question, "send", before, S.ANSWERED, actor=actor, public=True,
           detail=_unit_detail(site) if site else {})
    db.session.flush()
    on_time = question.answered_on_time
    record("question.answered", actor=actor, obj=question, on_time=on_time)
    notify.answered(question)
    _report_upstream(question, "send", _unit_detail(site) if site else {})
    return question


def public_preview(question: Question) -> dict[str, str]:
    """What publishing would show, before staff edit it: the name shortened, contact
    data and identity numbers redacted from the texts."""
    names = tuple(filter(None, (question.name, question.email, question.phone)))
    return {"public_name": short_name(question.name),
            "public_title": redact(question.title, names=names),
            "public_body": redact(question.body, names=names),
            "public_answer": clean_html(redact(question.answer, names=names))}


def publish(question: Question, *, public_name: str, public_title: str,
            public_body: str, public_answer: str, actor: Any,
            version: int | None = None) -> Question:
    """Publish a question of general interest with its answer (003 Article 9.6.b), as
    staff redacted it; refused while personal data is still in what would be public."""
    before = _step(question, "publish", actor, version)
    values = {"public_name": clean_line(nfc(public_name))[:100],
              "public_title": clean_line(nfc(public_title))[:TITLE_MAX],
              "public_body": clean_text(nfc(public_body))[:BODY_MAX],
              "public_answer": clean_html(nfc(public_answer))}
    errors: dict[str, str] = {}
    for key in ("public_name", "public_title", "public_body", "public_answer"):
        if not values[key].strip():
            errors[key] = _("This cannot be empty on the public page.")
    private = [value for value in (question.email, question.phone) if value]
    if question.name and len(question.name.split()) > 1:
        private.append(question.name)
    for key in ("public_title", "public_body", "public_answer"):
        text = values[key]
        # The answer may give the unit's own telephone: only the citizen's data counts.
        if (key != "public_answer" and found_personal_data(text)) or any(
                value.lower() in text.lower() for value in private):
            errors[key] = _("This still holds personal data (a name, an email, a phone "
                            "or an identity number). Please remove it before "
                            "publishing.")
    if values["public_name"] and question.name and len(question.name.split()) > 1 \
            and values["public_name"].lower() == question.name.lower():
        errors["public_name"] = _("Shorten the name (for example “%(short)s”): the "
                                  "full name is not published.",
                                  short=short_name(question.name))
    if errors:
        raise QuestionError(errors)
    for key, value in values.items():
        setattr(question, key, value)
    question.published_at = utcnow()
    question.closed_at = question.closed_at or question.published_at
    _moved(question, S.PUBLISHED)
    _event(question, "publish", before, S.PUBLISHED, actor=actor, public=True)
    db.session.flush()
    record("question.published", actor=actor, obj=question)
    signals.question_published.send(question)
    return question


def unpublish(question: Question, *, actor: Any, reason: str = "",
              version: int | None = None) -> Question:
    before = _step(question, "unpublish", actor, version)
    question.published_at = None
    _moved(question, S.CLOSED)
    _event(question, "unpublish", before, S.CLOSED, actor=actor,
           note=clean_text(reason)[:NOTE_MAX])
    db.session.flush()
    record("question.unpublished", actor=actor, obj=question)
    signals.question_unpublished.send(question)
    return question


def close(question: Question, *, actor: Any, version: int | None = None) -> Question:
    """Answered, and not of general interest: nothing is published."""
    before = _step(question, "close", actor, version)
    question.closed_at = utcnow()
    _moved(question, S.CLOSED)
    _event(question, "close", before, S.CLOSED, actor=actor)
    db.session.flush()
    record("question.closed", actor=actor, obj=question)
    return question


# --- the sending sites follow --------------------------------------------------------------

def _report_upstream(question: Question, action: str, detail: dict[str, Any], *,
                     note: str = "") -> None:
    """Record ``action`` of ``question`` on the row it was forwarded from, and on that
    row's origin in turn, each inside its own site's scope."""
    origin_id, origin_tenant_id = question.origin_id, question.origin_tenant_id
    while origin_id is not None and origin_tenant_id is not None:
        db.session.flush()  # this site's rows are written in this site's scope
        with tenant_scope(origin_tenant_id):
            origin = db.session.get(Question, origin_id)
            if origin is None:
                return
            origin.forwarded_state = question.state.value
            if action == "send":
                origin.answer = question.answer
                origin.signer_name = question.signer_name
                origin.signer_title = question.signer_title
                origin.answering_unit = question.answering_unit
                origin.answered_at = question.answered_at
            elif action == "progress":
                origin.promised_at = question.promised_at
            origin.version += 1
            origin.updated_at = utcnow()
            _event(origin, action, origin.state, origin.state, public=True, note=note,
                   detail={**detail, "by_forwarded": True})
            db.session.flush()
            origin_id, origin_tenant_id = origin.origin_id, origin.origin_tenant_id


# --- personal data ----------------------------------------------------------------------

def erase_personal_data(question: Question, *, actor: Any = None) -> None:
    """Remove the citizen's contact data past the retention period; the question and
    its answer stay, anonymous (the public texts were redacted when published)."""
    question.name = ""
    question.email = ""
    question.phone = ""
    question.body = redact(question.body)
    question.erased_at = utcnow()
    question.version += 1
    _event(question, "erase", question.state, question.state, actor=actor)
    db.session.flush()
    record("question.personal_data_erased", actor=actor, obj=question)


def find_by_code(typed: str | None) -> Question | None:
    """The question asked on this site with the typed tracking code."""
    code = codes.normalise(typed)
    if code is None:
        return None
    return db.session.scalar(select(Question).where(Question.code == code))
