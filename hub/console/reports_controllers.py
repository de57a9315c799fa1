"""Handlers of the office's periodic reports and "remind now" (province host only):
load -> check -> act. Reading needs ``console.view``, acting ``console.manage``."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.routing import BuildError

from hub.accounts.permissions import can, require
from hub.console import periodic, reminders
from hub.console.models import PeriodicReport
from hub.console.pdf import PdfUnavailable
from hub.console.reports_forms import GenerateForm, RemindForm
from hub.core.clock import local_today
from hub.core.http import fail
from hub.extensions import db
from tenants.context import current_site, unscoped
from tenants.models import Tenant

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _province_host() -> None:
    """The console lives on the province's host; elsewhere it does not exist."""
    site = current_site()
    if site is None or site.kind != "province":
        fail(404, _("The page you are looking for does not exist or has been moved."))


def _acting_user() -> Any:
    return current_user._get_current_object()


def _page(form: GenerateForm, error: str | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    return render_template("console/reports_index.html", form=form, error=error,
                           reports=periodic.archive(), kinds=periodic.KINDS,
                           may_generate=can(current_user, "console.manage")), status


def index():  # type: ignore[no-untyped-def]
    _province_host()
    require("console.view")
    form = GenerateForm(formdata=None, kind="units_year", on=local_today())
    return _page(form)


def generate():  # type: ignore[no-untyped-def]
    _province_host()
    require("console.manage")
    form = GenerateForm()
    if not form.validate_on_submit():
        return _page(form, _("Please correct the fields marked below."), 400)
    try:
        report = periodic.generate(form.kind.data, form.on.data, by=_acting_user())
    except periodic.ReportRefused as refused:
        form.on.errors = [refused.reason]
        return _page(form, refused.reason, 422)
    except PdfUnavailable:
        current_app.logger.exception("the PDF of a periodic report could not be made")
        fail(503, _("The PDF engine (WeasyPrint and Pango) is not installed on the "
                    "server, so the report was not made. Ask the administrator to "
                    "install it."))
    flash(_("The report “%(title)s” for %(period)s is ready.",
            title=periodic.KINDS[report.kind].label, period=report.period_label), "success")
    return redirect(url_for("console_reports.index", _anchor=f"report-{report.id}"))


def download(report_id: int, fmt: str) -> Response:
    _province_host()
    require("console.view")
    report = db.get_or_404(PeriodicReport, report_id)
    body, mimetype = (report.xlsx, XLSX_TYPE) if fmt == "xlsx" else (
        report.pdf, "application/pdf")
    name = f"bao-cao-{report.kind}-{report.period_first.isoformat()}-{report.id}.{fmt}"
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{name}"',
        "Cache-Control": "private, no-store"})


def _back(tenant_id: int, raw: str | None) -> str:
    # Only back into the console: a "next" from elsewhere is ignored (no open redirect).
    if raw and raw.startswith("/quan-tri/tinh") and "//" not in raw and "\\" not in raw:
        return raw
    try:
        return url_for("console.site", tenant_id=tenant_id)
    except BuildError:
        return url_for("console_reports.index")


def remind(tenant_id: int):  # type: ignore[no-untyped-def]
    _province_host()
    require("console.manage")
    with unscoped():
        site = db.session.get(Tenant, tenant_id)
    if site is None:
        fail(404, _("The page you are looking for does not exist or has been moved."))
    form = RemindForm()
    if not form.validate_on_submit():
        fail(400, _("The form has expired. Open the page again and retry."))
    try:
        reminder = reminders.remind_now(site.id, by=_acting_user())
    except reminders.ReminderRefused as refused:
        fail(409, refused.reason)
    flash(ngettext("%(site)s was reminded: the list of what is overdue went to "
                   "%(num)d administrator.",
                   "%(site)s was reminded: the list of what is overdue went to "
                   "%(num)d administrators.", reminder.recipients, site=site.name),
          "success")
    return redirect(_back(site.id, request.form.get("next")))
