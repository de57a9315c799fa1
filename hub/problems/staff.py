"""Handlers of the staff's report screens in ``/quan-tri/bao-loi``: the queue (open
and closed, with their counts), one report with its item and what was done, and the two
steps: close with a note, take the item down.

Load (another site's report is simply not found: 404, by the isolation rule) -> check
the permission on the server -> act through ``hub.problems.operations``. Nothing here
commits: a refused step answers 4xx and the request is rolled back.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from hub.accounts.permissions import can, permission_required
from hub.content.addresses import item_url
from hub.core.http import fail
from hub.extensions import db
from hub.problems import operations, queries
from hub.problems.models import ProblemReport
from hub.problems.staff_forms import CloseForm, StepForm, TakeDownForm
from hub.problems.states import HANDLE, REASON_LABELS, STATE_LABELS, VIEW
from hub.workflow.states import PUBLIC_STATES, STATUS_LABELS, ContentStatus


def _labels() -> dict[str, Any]:
    return {"reason_labels": REASON_LABELS, "state_labels": STATE_LABELS,
            "status_labels": STATUS_LABELS}


@permission_required(VIEW)
def queue():  # type: ignore[no-untyped-def]
    tab = request.args.get("trang-thai", "open")
    if tab not in queries.TABS:
        fail(400, _("There is no such list of reports. Please choose one of the tabs."))
    raw_page = request.args.get("page", "1")
    if not raw_page.isascii() or not raw_page.isdigit():
        fail(400, _("The page number must be a whole number from 1."))
    return render_template("problems/staff/queue.html", tab=tab,
                           queue=queries.queue(tab, int(raw_page)), **_labels())


def _load(report_id: int) -> ProblemReport:
    return db.get_or_404(ProblemReport, report_id)


def _render(report: ProblemReport, *, status: int = 200, error: str | None = None,
            close_form: CloseForm | None = None,
            take_down_form: TakeDownForm | None = None):  # type: ignore[no-untyped-def]
    may_handle = report.is_open and can(current_user, HANDLE)
    item = report.item
    may_take_down = (may_handle and item is not None
                     and can(current_user, "content.take_down")
                     and item.status is not ContentStatus.TAKEN_DOWN)
    return render_template(
        "problems/staff/show.html", report=report, item=item, error=error,
        item_is_public=item is not None and item.status in PUBLIC_STATES,
        public_url=item_url(item) if item is not None else None,
        close_form=(close_form or CloseForm(formdata=None, version=report.version))
        if may_handle else None,
        take_down_form=(take_down_form or TakeDownForm(formdata=None,
                                                       version=report.version))
        if may_take_down else None,
        **_labels()), status


@permission_required(VIEW)
def show(report_id: int):  # type: ignore[no-untyped-def]
    return _render(_load(report_id))


def _act(report: ProblemReport, form: StepForm, step: Any, done: str, **forms: Any):  # type: ignore[no-untyped-def]
    if not can(current_user, HANDLE):
        fail(403, _("Your account does not have permission to do this on this site."))
    if not form.validate_on_submit():
        return _render(report, status=400, error=_("Please correct the fields marked "
                                                   "below."), **forms)
    try:
        step()
    except operations.StepNotAllowed as refused:
        return _render(report, status=refused.status, error=refused.reason)
    except operations.ProblemError as invalid:
        for name, message in invalid.errors.items():
            field = getattr(form, name, None)
            if field is not None:
                field.errors = [message]
        return _render(report, status=400, error=_("Please correct the fields marked "
                                                   "below."), **forms)
    flash(done, "success")
    return redirect(url_for("problem_admin.show", report_id=report.id), code=303)


@permission_required(VIEW)
def close(report_id: int):  # type: ignore[no-untyped-def]
    report = _load(report_id)
    form = CloseForm()
    return _act(report, form, lambda: operations.close(
        report, outcome=form.outcome.data or "", note=form.note.data or "",
        actor=current_user._get_current_object(), version=form.version.data),
        _("The report is closed."), close_form=form)


@permission_required(VIEW)
def take_down(report_id: int):  # type: ignore[no-untyped-def]
    report = _load(report_id)
    form = TakeDownForm()
    return _act(report, form, lambda: operations.take_down(
        report, reason=form.reason.data or "", actor=current_user._get_current_object(),
        version=form.version.data),
        _("The item has been taken down and the report closed."), take_down_form=form)
