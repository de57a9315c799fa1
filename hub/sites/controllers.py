"""The province office's site screens: create, rename, add a domain, move, merge,
archive (suspension in ``hub.sites.suspension_views``).

Only on the province's own host (elsewhere: 404), for the hub roles: ``console.view``
sees, ``console.manage`` acts. One rhythm: load the site (one of this province's, or
404) -> check -> act through ``hub.sites.operations`` -> redirect to the site's page with
a message. A refused operation re-renders the form with the reason (409 for a host that
is taken, 422 otherwise); the response status rolls the request back, so nothing of it
is written.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from hub.accounts.permissions import can, grant_for, require
from hub.core.http import fail
from hub.extensions import db
from hub.sites import operations, suspensions
from hub.sites.acting import acting_as
from hub.sites.forms import (
    KIND_LABELS,
    CreateForm,
    DomainForm,
    MergeForm,
    MoveForm,
    ReasonForm,
    RenameForm,
)
from hub.sites.importer import create_unit_site, units_without_site
from hub.sites.operations import LIVE, DomainCollision, TenantOperationError
from hub.sites.signals import merge_contents
from tenants.context import current_site, unscoped
from tenants.models import Tenant, TenantKind, TenantStatus
from tenants.naming import InvalidLabel

Render = Callable[[int, str | None], Any]
F = TypeVar("F", bound=Callable[..., Any])


def office_site() -> Tenant:
    """The province whose host this is; every other host has no such screens (404)."""
    site = current_site()
    if site is None or site.action != "serve" or site.kind != TenantKind.PROVINCE.value:
        fail(404, _("This page exists only on the province portal."))
    with unscoped():
        province = db.session.get(Tenant, site.tenant_id)
    if province is None or province.parent_id is not None:
        fail(404, _("This page exists only on the province portal."))
    return province


def office_screen(permission: str) -> Callable[[F], F]:
    """The province host first (404 elsewhere), then ``permission`` (login or 403)."""
    grant_for(permission)

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            office_site()
            require(permission)
            return view(*args, **kwargs)
        return wrapped  # type: ignore[return-value]
    return decorator


def load_site(tenant_id: int) -> Tenant:
    """One of this province's sites (itself included), or 404."""
    province = office_site()
    with unscoped():
        tenant = db.session.get(Tenant, tenant_id)
    if tenant is None or not tenant.path.startswith(province.path):
        fail(404, _("No such site in this province."))
    return tenant


def site_url(tenant: Tenant) -> str:
    """The site's page: the console's when it is installed, else this package's."""
    if "console.site" in current_app.view_functions:
        return url_for("console.site", tenant_id=tenant.id)
    return url_for("sites.site", tenant_id=tenant.id)


def acting_user() -> Any:
    return current_user._get_current_object()  # type: ignore[attr-defined]


def act(render: Render, action: Callable[[], Tenant], message: Callable[[Tenant], str]) -> Any:
    """Run an operation as the acting user: done -> flash and redirect to the site's
    page; refused -> the form again with the reason."""
    try:
        with acting_as(acting_user()):
            tenant = action()
    except DomainCollision as error:
        return render(409, _("Refused: %(reason)s", reason=str(error)))
    except (TenantOperationError, InvalidLabel, LookupError, ValueError) as error:
        return render(422, _("Refused: %(reason)s", reason=str(error)))
    flash(message(tenant), "success")
    return redirect(site_url(tenant))


def _sites_in(province: Tenant, statuses: tuple[TenantStatus, ...] = LIVE,
              exclude: Tenant | None = None) -> list[SelectChoice]:
    with unscoped():
        rows = db.session.scalars(select(Tenant).where(
            Tenant.path.startswith(province.path), Tenant.status.in_(statuses))
            .options(selectinload(Tenant.domains)).order_by(Tenant.path)).all()
    return [SelectChoice(row.id, f"{row.name} ({row.host or row.slug})") for row in rows
            if exclude is None or not row.path.startswith(exclude.path)]


def _form_page(template: str, tenant: Tenant | None, form: Any, status: int = 200,
               error: str | None = None, **extra: Any) -> Any:
    return render_template(template, site=tenant, form=form, error=error,
                           kind_labels=KIND_LABELS, site_url=site_url, **extra), status


def _invalid(form: Any) -> str | None:
    if form.is_submitted() and not form.validate():
        return _("Please correct the fields marked below.")
    return None


@office_screen("console.view")
def site(tenant_id: int) -> Any:
    tenant = load_site(tenant_id)
    with unscoped():
        history = suspensions.open_suspensions(tenant)
        state = suspensions.site_state(tenant)
    return render_template("sites/site.html", site=tenant, state=state,
                           suspensions=history, kind_labels=KIND_LABELS,
                           may_manage=can(current_user, "console.manage"))


@office_screen("console.manage")
def new() -> Any:
    province = office_site()
    form = CreateForm()
    try:
        units = units_without_site(province)
    except LookupError:  # a province the national list does not know (a test portal)
        units = []
    form.unit_code.choices = [SelectChoice("", _("— not in the national list —"))] + [
        SelectChoice(code, f"{name} ({code})") for code, name in units]

    def render(status: int, error: str | None) -> Any:
        return _form_page("sites/new.html", None, form, status, error, province=province)

    if not form.validate_on_submit():
        return render(400 if form.is_submitted() else 200, _invalid(form))
    label = form.label.data or None
    if form.unit_code.data:
        return act(render, lambda: create_unit_site(province, form.unit_code.data, label),
                   lambda t: _("Site %(name)s created at %(host)s.", name=t.name, host=t.host))
    if not (form.name.data or "").strip():
        form.name.errors = [_("Choose a unit of the national list or give a name.")]
        return render(422, _("Please correct the fields marked below."))
    return act(render, lambda: operations.create_tenant(
                   form.name.data.strip(), form.kind.data, parent=province, label=label),
               lambda t: _("Site %(name)s created at %(host)s.", name=t.name, host=t.host))


@office_screen("console.manage")
def rename(tenant_id: int) -> Any:
    tenant = load_site(tenant_id)
    form = RenameForm(data={"name": tenant.name} if request.method == "GET" else None)

    def render(status: int, error: str | None) -> Any:
        return _form_page("sites/rename.html", tenant, form, status, error)

    if not form.validate_on_submit():
        return render(400 if form.is_submitted() else 200, _invalid(form))
    return act(render, lambda: operations.rename(tenant, form.name.data,
                                                 new_label=form.label.data or None),
               lambda t: _("The site is now %(name)s at %(host)s; the old address "
                           "redirects there.", name=t.name, host=t.host))


@office_screen("console.manage")
def domain(tenant_id: int) -> Any:
    tenant = load_site(tenant_id)
    form = DomainForm()

    def render(status: int, error: str | None) -> Any:
        return _form_page("sites/domain.html", tenant, form, status, error)

    if not form.validate_on_submit():
        return render(400 if form.is_submitted() else 200, _invalid(form))

    def add() -> Tenant:
        operations.add_domain(tenant, form.hostname.data.strip(), locale=form.locale.data,
                              primary=form.primary.data)
        return tenant
    return act(render, add, lambda t: _("%(host)s now serves %(name)s.",
                                        host=form.hostname.data.strip().lower(), name=t.name))


@office_screen("console.manage")
def move(tenant_id: int) -> Any:
    tenant = load_site(tenant_id)
    province = office_site()
    form = MoveForm(data={"parent": province.id} if request.method == "GET" else None)
    form.parent.choices = _sites_in(province, exclude=tenant)

    def render(status: int, error: str | None) -> Any:
        return _form_page("sites/move.html", tenant, form, status, error)

    if not form.validate_on_submit():
        return render(400 if form.is_submitted() else 200, _invalid(form))
    with unscoped():
        parent = db.session.get(Tenant, form.parent.data)
    return act(render, lambda: operations.move(tenant, parent,  # type: ignore[arg-type]
                                               new_label=form.label.data or None),
               lambda t: _("%(name)s moved under %(parent)s, at %(host)s.", name=t.name,
                           parent=t.parent.name if t.parent else "", host=t.host))


def merge_preview(tenant: Tenant, into: Tenant) -> dict[str, Any]:
    """What a merge would do: every host that will redirect, and the content that moves."""
    with unscoped():
        contents = [pair for _receiver, result in merge_contents.send(tenant, into=into)
                    for pair in (result or [])]
        subtree = db.session.scalars(select(Tenant).where(
            Tenant.path.startswith(tenant.path), Tenant.id != tenant.id)).all()
    return {"hosts": [d.hostname for d in tenant.domains], "target": into.host,
            "contents": contents, "children": [c for c in subtree if c.status in LIVE]}


@office_screen("console.view")
def merge(tenant_id: int) -> Any:
    """GET: choose the successor, then see the preview; POST (manage): merge."""
    tenant = load_site(tenant_id)
    province = office_site()
    form = MergeForm(formdata=request.form if request.method == "POST" else request.args,
                     meta={"csrf": request.method == "POST"})
    form.into.choices = _sites_in(province, exclude=tenant)
    into = None
    if form.into.raw_data and form.validate():
        with unscoped():
            into = db.session.get(Tenant, form.into.data)
    preview = merge_preview(tenant, into) if into is not None else None

    def render(status: int, error: str | None) -> Any:
        return _form_page("sites/merge.html", tenant, form, status, error, into=into,
                          preview=preview, may_manage=can(current_user, "console.manage"))

    if request.method == "GET":
        return render(200, None)
    require("console.manage")
    if into is None:
        return render(400, _("Please correct the fields marked below."))
    return act(render, lambda: operations.merge(tenant, into),
               lambda t: _("%(name)s merged into %(into)s; its addresses redirect there.",
                           name=t.name, into=into.name))


@office_screen("console.manage")
def archive(tenant_id: int) -> Any:
    tenant = load_site(tenant_id)
    form = ReasonForm()

    def render(status: int, error: str | None) -> Any:
        return _form_page("sites/archive.html", tenant, form, status, error)

    if not form.validate_on_submit():
        return render(400 if form.is_submitted() else 200, _invalid(form))
    return act(render, lambda: operations.archive(tenant, reason=form.reason.data or None),
               lambda t: _("%(name)s is archived; its addresses answer 410.", name=t.name))
