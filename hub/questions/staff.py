"""Handlers of the staff's question screens in ``/quan-tri/hoi-dap``: the queue, a
question received by post or telephone typed in, one question with its history and the
forms of the steps the user may take, the steps, the figures and their CSV.

One rhythm: load (another site's question is simply not found: 404, by the isolation
rule) -> check on the server -> act through ``hub.questions.operations`` -> answer.
Nothing here commits: a refused step answers 4xx and the pipeline rolls the request
back, so nothing is left half-written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from hub.accounts.models import User
from hub.accounts.permissions import can, permission_required
from hub.core.clock import aware, site_timezone, to_local, utcnow
from hub.core.http import fail
from hub.core.spreadsheets import csv_file
from hub.extensions import db, login_manager
from hub.files.operations import attachment_url
from hub.formatting import format_moment
from hub.intake.personal import found_personal_data
from hub.questions import codes, deadlines, operations, queries
from hub.questions.figures import QuestionFigures
from hub.questions.figures import figures as question_figures
from hub.questions.models import Channel, Question, QuestionState
from hub.questions.operations import QuestionError, StaleQuestion, StepNotAllowed
from hub.questions.staff_forms import (
    REFUSAL_SUGGESTION,
    STEP_FORMS,
    ClassifyForm,
    DraftForm,
    EnterForm,
    ForwardForm,
    ProgressForm,
    PublishForm,
    RefuseForm,
    ReturnForm,
    StepForm,
    UnpublishForm,
    read_period,
)
from hub.questions.states import STEPS
from i18n import select_locale
from tenants.context import current_tenant_id
from tenants.models import Tenant

FIX_FIELDS = _l("Please correct the fields marked below.")


def acting_user() -> Any:
    return current_user._get_current_object()


# --- the queue ---------------------------------------------------------------------------

@permission_required("questions.view")
def queue():  # type: ignore[no-untyped-def]
    try:
        filters = queries.QueueFilters.from_args(request.args)
    except queries.BadFilter as exc:
        fail(400, str(exc))
    return render_template("questions/staff/queue.html", queue=queries.queue(filters),
                           filters=filters, tabs=queries.TABS, **queries.labels())


# --- a question received by post, telephone, email or in person ---------------------------

@permission_required("questions.answer")
def enter():  # type: ignore[no-untyped-def]
    if request.method == "GET":
        form = EnterForm(formdata=None, received_at=to_local(utcnow()).replace(
            tzinfo=None, second=0, microsecond=0))
        return render_template("questions/staff/enter.html", form=form, error=None)
    form = EnterForm()
    if not form.validate_on_submit():
        return render_template("questions/staff/enter.html", form=form,
                               error=str(FIX_FIELDS)), 400
    try:
        question = operations.receive(
            name=form.name.data or "", email=form.email.data or "",
            phone=form.phone.data or "", field=form.field.data or "",
            title=form.title.data or "", body=form.body.data or "",
            kind=form.kind.data or "", channel=Channel(form.channel.data),
            received_at=form.received_at.data.replace(tzinfo=site_timezone()),
            entered_by=acting_user(), consent=True, locale=select_locale())
    except QuestionError as exc:
        unplaced = form.add_errors(exc.errors)
        return render_template("questions/staff/enter.html", form=form,
                               error=" ".join(unplaced) or str(FIX_FIELDS)), 400
    flash(_("The question has been entered. Its answer is due from the day it was "
            "received."), "success")
    return redirect(url_for("question_admin.show", question_id=question.id), code=303)


# --- one question --------------------------------------------------------------------------

def load_question(question_id: int) -> Question:
    return db.get_or_404(Question, question_id)


def available_steps(question: Question, user: Any) -> list[str]:
    """The steps that apply in the question's state and that ``user`` may take here."""
    steps = [name for name, step in STEPS.items()
             if question.state in step.from_states
             and can(user, step.permission, question.tenant_id)]
    if question.origin_id is not None:
        # A unit that received the question by forwarding sends it back or on instead.
        steps = [name for name in steps if name != "refuse"]
    return steps


def _blank_forms(question: Question, steps: list[str]) -> dict[str, StepForm]:
    """The forms of ``steps``, filled from the question (the draft form serves both
    "draft" and "submit")."""
    version = question.version
    forms: dict[str, StepForm] = {}
    for name in steps:
        key = "draft" if name == "submit" else name
        if key in forms:
            continue
        if key == "classify":
            forms[key] = ClassifyForm(
                formdata=None, version=version, field=question.field,
                level=question.level.value if question.level else "",
                assignee=question.assignee_id).prepare(queries.assignable_members())
        elif key == "forward":
            forms[key] = ForwardForm(formdata=None, version=version).prepare(
                operations.forwarding_targets(question))
        elif key == "refuse":
            forms[key] = RefuseForm(formdata=None, version=version,
                                    reason=str(REFUSAL_SUGGESTION))
        elif key == "progress":
            forms[key] = ProgressForm(formdata=None, version=version)
        elif key == "draft":
            forms[key] = DraftForm(formdata=None, version=version, answer=question.answer,
                                   signer_name=question.signer_name,
                                   signer_title=question.signer_title)
        elif key == "return":
            forms[key] = ReturnForm(formdata=None, version=version)
        elif key == "publish":
            forms[key] = PublishForm(formdata=None, version=version, **_publish_texts(question))
        elif key == "unpublish":
            forms[key] = UnpublishForm(formdata=None, version=version)
        else:
            forms[key] = StepForm(formdata=None, version=version)
    return forms


def _publish_texts(question: Question) -> dict[str, str]:
    """What was published before (after an unpublish), else the redacted preview."""
    if question.public_title:
        return {key: getattr(question, key) for key in
                ("public_name", "public_title", "public_body", "public_answer")}
    return operations.public_preview(question)


def _removed_data(question: Question) -> list[str]:
    """What the preview took out of the citizen's texts, named for the publisher."""
    texts = " ".join((question.title, question.body, question.answer)).lower()
    removed = []
    for value, label in ((question.name, _l("the citizen's name")),
                         (question.email, _l("their email")),
                         (question.phone, _l("their telephone number"))):
        if value and value.lower() in texts:
            removed.append(str(label))
            texts = texts.replace(value.lower(), " ")
    if found_personal_data(texts):
        removed.append(_("other contact details or identity numbers"))
    return removed


def render_question(question: Question, *, status: int = 200, error: str | None = None,
                    typed: dict[str, StepForm] | None = None):  # type: ignore[no-untyped-def]
    user = acting_user()
    steps = available_steps(question, user)
    forms = {**_blank_forms(question, steps), **(typed or {})}
    forms = {key: form for key, form in forms.items()
             if key in steps or (key == "draft" and "submit" in steps)}
    now = utcnow()
    sites = queries.site_names({question.origin_tenant_id, question.forwarded_to_tenant_id,
                                question.asked_tenant_id})
    forwarded_state = (QuestionState(question.forwarded_state)
                       if question.forwarded_state else None)
    return render_template(
        "questions/staff/show.html", question=question, steps=steps, forms=forms,
        error=error, sites=sites, forwarded_state=forwarded_state,
        code=codes.display(question.code) if question.code else None,
        mark=queries.deadline_mark(question, now), now=now,
        legal_maximum=deadlines.legal_maximum(aware(question.clock_starts_at)),
        attachment_url=attachment_url(question.attachment) if question.attachment else None,
        removed=_removed_data(question) if "publish" in forms else [],
        refusal_suggestion=REFUSAL_SUGGESTION, **queries.labels()), status


@permission_required("questions.view")
def show(question_id: int):  # type: ignore[no-untyped-def]
    return render_question(load_question(question_id))


# --- the steps -------------------------------------------------------------------------------

def _classify(question: Question, form: Any, actor: Any) -> None:
    assignee = db.session.get(User, form.assignee.data) if form.assignee.data else None
    operations.classify(question, field=form.field.data or "", level=form.level.data or "",
                        assignee=assignee, actor=actor, version=form.version.data)


def _forward(question: Question, form: Any, actor: Any) -> None:
    # 0 is no site: the operation answers with its message for the field.
    operations.forward(question, to_tenant_id=form.to_tenant_id.data or 0,
                       note=form.note.data or "", actor=actor, version=form.version.data)


def _draft(submit: bool) -> Callable[[Question, Any, Any], None]:
    def take(question: Question, form: Any, actor: Any) -> None:
        operations.save_draft(question, answer=form.answer.data or "",
                              signer_name=form.signer_name.data or "",
                              signer_title=form.signer_title.data or "", actor=actor,
                              version=form.version.data, submit=submit)
    return take


TAKE: dict[str, Callable[[Question, Any, Any], Any]] = {
    "classify": _classify,
    "forward": _forward,
    "refuse": lambda q, form, actor: operations.refuse(
        q, reason=form.reason.data or "", actor=actor, version=form.version.data),
    "progress": lambda q, form, actor: operations.progress_notice(
        q, promised_on=form.promised_on.data, note=form.note.data or "", actor=actor,
        version=form.version.data),
    "draft": _draft(submit=False),
    "submit": _draft(submit=True),
    "return": lambda q, form, actor: operations.return_draft(
        q, comment=form.comment.data or "", actor=actor, version=form.version.data),
    "send": lambda q, form, actor: operations.send_answer(
        q, actor=actor, version=form.version.data),
    "publish": lambda q, form, actor: operations.publish(
        q, public_name=form.public_name.data or "", public_title=form.public_title.data or "",
        public_body=form.public_body.data or "", public_answer=form.public_answer.data or "",
        actor=actor, version=form.version.data),
    "unpublish": lambda q, form, actor: operations.unpublish(
        q, reason=form.reason.data or "", actor=actor, version=form.version.data),
    "close": lambda q, form, actor: operations.close(
        q, actor=actor, version=form.version.data),
}

DONE: dict[str, Any] = {
    "forward": _l("The question has been forwarded. This site now follows what the "
                  "receiving unit does."),
    "refuse": _l("The citizen has been told that the question is not handled here."),
    "progress": _l("The progress notice has been sent to the citizen."),
    "draft": _l("The draft answer has been saved."),
    "submit": _l("The answer has been submitted for approval."),
    "return": _l("The draft has been returned with your comment."),
    "send": _l("The answer has been sent to the citizen."),
    "publish": _l("The question and its answer are published on the site."),
    "unpublish": _l("The question is no longer published."),
    "close": _l("The question is closed without being published."),
}


def _prepared(action: str, question: Question) -> StepForm:
    """The posted form of ``action``, with the choices it is checked against."""
    form = STEP_FORMS[action]()
    if isinstance(form, ClassifyForm):
        form.prepare(queries.assignable_members())
    elif isinstance(form, ForwardForm):
        form.prepare(operations.forwarding_targets(question))
    return form


@permission_required("questions.view")
def step(question_id: int, action: str):  # type: ignore[no-untyped-def]
    if action not in STEPS:
        abort(404)
    question = load_question(question_id)
    if not can(current_user, STEPS[action].permission):
        fail(403, _("Your account does not have permission to do this on this site."))
    form = _prepared(action, question)
    key = "draft" if action == "submit" else action
    if not form.validate_on_submit():
        return render_question(question, status=400, error=str(FIX_FIELDS),
                               typed={key: form})
    try:
        TAKE[action](question, form, acting_user())
    except StaleQuestion as exc:
        # The typed text is kept, on the current version, once the page is re-read.
        form.version.data = question.version
        return render_question(question, status=exc.status, error=exc.reason,
                               typed={key: form})
    except StepNotAllowed as exc:
        return render_question(question, status=exc.status, error=exc.reason)
    except QuestionError as exc:
        unplaced = form.add_errors(exc.errors)
        return render_question(question, status=400,
                               error=" ".join(unplaced) or str(FIX_FIELDS),
                               typed={key: form})
    if action == "classify":
        flash(_("The question has been classified. Its answer is due on %(due)s.",
                due=format_moment(question.deadline)), "success")
    else:
        flash(str(DONE[action]), "success")
    return redirect(url_for("question_admin.show", question_id=question.id), code=303)


# --- the figures -------------------------------------------------------------------------------

def _require_figures_access() -> None:
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if not (can(current_user, "questions.view") or can(current_user, "reports.view")):
        fail(403, _("Your account does not have permission to do this on this site."))


def figures():  # type: ignore[no-untyped-def]
    _require_figures_access()
    period = read_period(request.args)
    result = (None if period.errors
              else question_figures(current_tenant_id(), period.first, period.last))
    return render_template("questions/staff/figures.html", period=period,
                           figures=result), 400 if period.errors else 200


def figures_csv():  # type: ignore[no-untyped-def]
    _require_figures_access()
    period = read_period(request.args)
    if period.errors:
        fail(400, " ".join(period.errors.values()))
    result = question_figures(current_tenant_id(), period.first, period.last)
    filename = f"hoi-dap_{period.first.isoformat()}_{period.last.isoformat()}.csv"
    return figures_file(result, db.session.get(Tenant, current_tenant_id())), 200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="{filename}"',
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store",
    }


# The file's headings, in the host's language (``hub.core.spreadsheets``).
CSV_COLUMNS: tuple[Any, ...] = (
    _l("Site"), _l("From"), _l("To"), _l("Received"), _l("Forwarded to another unit"),
    _l("Refused as out of scope"), _l("Answered on time"), _l("Answered late"),
    _l("Open and overdue"), _l("Open within the deadline"),
    _l("Average working days to answer"),
)


def figures_file(result: QuestionFigures, site: Tenant | None) -> bytes:
    """The figures as a CSV file (UTF-8 with BOM), the headings in the host's language."""
    return csv_file(CSV_COLUMNS, [(
        site.name_in(select_locale()) if site else "", result.first.isoformat(),
        result.last.isoformat(), result.received, result.forwarded, result.refused,
        result.answered_on_time, result.answered_late, result.open_overdue,
        result.open_in_time, result.average_working_days)])
