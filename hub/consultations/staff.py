"""The staff's consultation screens in ``/quan-tri/du-thao``: the site's drafts with
their comment counts, and one draft's comments with the moderation, the responses and
the outcome.

One rhythm: load (another site's draft or comment is simply not found: 404) -> check on
the server -> act through ``hub.consultations.operations`` -> answer. Nothing here
commits: a refused step answers 4xx and the pipeline rolls the request back.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from hub.accounts.permissions import can, permission_required
from hub.consultations import operations
from hub.consultations.forms import ModerateForm, OutcomeForm, RespondForm
from hub.consultations.labels import KIND_LABELS, RESPONSE_LABELS, STATE_LABELS
from hub.consultations.models import Comment, CommentState
from hub.content.addresses import item_path
from hub.content.models import Consultation
from hub.core.clock import local_today
from hub.core.http import LARGEST_ID, fail
from hub.extensions import db
from hub.files.operations import attachment_url


def acting_user() -> Any:
    return current_user._get_current_object()


def _draft_or_404(consultation_id: int) -> Consultation:
    if consultation_id > LARGEST_ID:
        abort(404)
    return db.get_or_404(Consultation, consultation_id)  # the tenant scope: this site's


def _comment_or_404(draft: Consultation, comment_id: int) -> Comment:
    comment = db.session.get(Comment, comment_id) if comment_id <= LARGEST_ID else None
    if comment is None or comment.consultation_id != draft.id:
        abort(404)
    return comment


@permission_required("consultations.view")
def index():  # type: ignore[no-untyped-def]
    counts = {(row[0], row[1]): row[2] for row in db.session.execute(
        select(Comment.consultation_id, Comment.state, func.count())
        .group_by(Comment.consultation_id, Comment.state))}
    drafts = db.session.scalars(select(Consultation).order_by(
        Consultation.closes_on.desc(), Consultation.id.desc())).all()
    return render_template("consultations/staff/index.html", drafts=drafts, counts=counts,
                           states=CommentState, today=local_today(),
                           state_labels=STATE_LABELS)


@permission_required("consultations.view")
def show(consultation_id: int):  # type: ignore[no-untyped-def]
    return _render(_draft_or_404(consultation_id))


def _render(draft: Consultation, *, status: int = 200, error: str | None = None):  # type: ignore[no-untyped-def]
    comments = db.session.scalars(select(Comment).where(
        Comment.consultation_id == draft.id).order_by(Comment.received_at, Comment.id)).all()
    chosen = request.args.get("state", "")
    if chosen and chosen not in {s.value for s in CommentState}:
        fail(400, _("There is no such state. Please choose one from the list."))
    shown = [c for c in comments if not chosen or c.state.value == chosen]
    return render_template(
        "consultations/staff/show.html", item=draft, comments=shown, all_count=len(comments),
        chosen=chosen, states=CommentState, state_labels=STATE_LABELS,
        kind_labels=KIND_LABELS, response_labels=RESPONSE_LABELS,
        outcome=operations.outcome_of(draft.id), is_open=operations.is_open(draft),
        closed=draft.phase(local_today()).value == "closed", public_path=item_path(draft),
        moderate_form=ModerateForm(), respond_form=RespondForm(), outcome_form=OutcomeForm(),
        may_moderate=can(current_user, "consultations.moderate"),
        may_respond=can(current_user, "consultations.respond"),
        may_publish=can(current_user, "consultations.publish_outcome"),
        attachment_url=attachment_url, error=error), status


def _refused(exc: operations.ConsultationError) -> None:
    fail(exc.status, " ".join(exc.errors.values()))


@permission_required("consultations.view")
def moderate(consultation_id: int, comment_id: int, action: str):  # type: ignore[no-untyped-def]
    draft = _draft_or_404(consultation_id)
    comment = _comment_or_404(draft, comment_id)
    if action not in operations.MODERATION:
        abort(404)
    form = ModerateForm()
    if not form.validate_on_submit():
        fail(400, _("The form has expired. Please reload the page and try again."))
    try:
        operations.moderate(comment, action, acting_user(), reason=form.reason.data or "")
    except operations.ConsultationError as exc:
        _refused(exc)
    flash(_("The comment is published.") if action == "publish"
          else _("The comment is hidden."), "success")
    return redirect(url_for("consultation_admin.show", consultation_id=draft.id), 303)


@permission_required("consultations.view")
def respond(consultation_id: int):  # type: ignore[no-untyped-def]
    """The response to one comment, or to the group of comments ticked together."""
    draft = _draft_or_404(consultation_id)
    ids = request.form.getlist("comment")
    try:
        comments = [_comment_or_404(draft, int(value)) for value in ids]
    except ValueError:
        abort(404)
    form = RespondForm()
    if not form.validate_on_submit():
        fail(400, _("Choose one of the listed values."))
    try:
        operations.respond(comments, draft, form.response.data, form.explanation.data or "",
                           acting_user())
    except operations.ConsultationError as exc:
        _refused(exc)
    flash(_("The response is saved."), "success")
    return redirect(url_for("consultation_admin.show", consultation_id=draft.id), 303)


@permission_required("consultations.view")
def publish_outcome(consultation_id: int):  # type: ignore[no-untyped-def]
    draft = _draft_or_404(consultation_id)
    form = OutcomeForm()
    if not form.validate_on_submit():
        fail(400, _("The form has expired. Please reload the page and try again."))
    try:
        operations.publish_outcome(draft, form.summary.data or "", acting_user())
    except operations.ConsultationError as exc:
        _refused(exc)
    flash(_("The outcome is published."), "success")
    return redirect(url_for("consultation_admin.show", consultation_id=draft.id), 303)
