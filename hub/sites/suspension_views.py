"""The suspension screen of a site: announce a planned suspension, suspend at once,
cancel an announcement, resume (rules in ``hub.sites.suspensions``)."""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_babel import gettext as _

from hub.core.http import fail
from hub.extensions import db
from hub.sites import suspensions
from hub.sites.controllers import act, acting_user, load_site, office_screen, site_url
from hub.sites.forms import AnnounceForm, ReasonForm, SuspendNowForm, as_local_moment
from tenants.context import unscoped
from tenants.models import SiteSuspension


def _page(tenant: Any, announce_form: AnnounceForm, now_form: SuspendNowForm,
          status: int = 200, error: str | None = None) -> Any:
    with unscoped():
        rows = suspensions.open_suspensions(tenant)
        state = suspensions.site_state(tenant)
    return render_template("sites/suspend.html", site=tenant, announce_form=announce_form,
                           now_form=now_form, error=error, suspensions=rows, state=state,
                           notice_days=suspensions.NOTICE_WORKING_DAYS,
                           resume_form=ReasonForm(), site_url=site_url), status


@office_screen("console.manage")
def suspend(tenant_id: int) -> Any:
    tenant = load_site(tenant_id)
    return _page(tenant, AnnounceForm(formdata=None), SuspendNowForm(formdata=None))


@office_screen("console.manage")
def announce(tenant_id: int) -> Any:
    tenant = load_site(tenant_id)
    form = AnnounceForm()

    def render(status: int, error: str | None) -> Any:
        return _page(tenant, form, SuspendNowForm(formdata=None), status, error)

    if not form.validate_on_submit():
        return render(400, _("Please correct the fields marked below."))

    def do() -> Any:
        suspensions.announce(tenant, as_local_moment(form.starts_at.data),  # type: ignore[arg-type]
                             as_local_moment(form.restores_at.data),  # type: ignore[arg-type]
                             reason=form.reason.data or "", by=acting_user())
        return tenant
    return act(render, do, lambda t: _("The suspension of %(name)s is announced; its "
                                       "pages show it from now on.", name=t.name))


@office_screen("console.manage")
def suspend_now(tenant_id: int) -> Any:
    tenant = load_site(tenant_id)
    form = SuspendNowForm()

    def render(status: int, error: str | None) -> Any:
        return _page(tenant, AnnounceForm(formdata=None), form, status, error)

    if not form.validate_on_submit():
        return render(422, _("An immediate suspension needs a reason."))

    def do() -> Any:
        suspensions.suspend_now(tenant, form.reason.data,
                                as_local_moment(form.restores_at.data), by=acting_user())
        return tenant
    return act(render, do, lambda t: _("%(name)s is suspended now; its addresses "
                                       "answer 503.", name=t.name))


@office_screen("console.manage")
def cancel(tenant_id: int, suspension_id: int) -> Any:
    tenant = load_site(tenant_id)
    form = ReasonForm()
    with unscoped():
        row = db.session.get(SiteSuspension, suspension_id)
    if row is None or row.tenant_id != tenant.id:
        fail(404, _("No such announcement."))

    def render(status: int, error: str | None) -> Any:
        return _page(tenant, AnnounceForm(formdata=None), SuspendNowForm(formdata=None),
                     status, error)

    if not form.validate_on_submit():
        return render(400, _("The form has expired; please try again."))

    def do() -> Any:
        suspensions.cancel(row)  # type: ignore[arg-type]
        return tenant
    return act(render, do, lambda t: _("The announced suspension of %(name)s is "
                                       "cancelled.", name=t.name))


@office_screen("console.manage")
def resume(tenant_id: int) -> Any:
    tenant = load_site(tenant_id)
    form = ReasonForm()

    def render(status: int, error: str | None) -> Any:
        return _page(tenant, AnnounceForm(formdata=None), SuspendNowForm(formdata=None),
                     status, error)

    if not form.validate_on_submit():
        return render(400, _("The form has expired; please try again."))
    return act(render, lambda: suspensions.resume(tenant),
               lambda t: _("%(name)s is back online.", name=t.name))
