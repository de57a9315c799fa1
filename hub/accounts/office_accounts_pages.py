"""Handlers of the province office's accounts screen (``/quan-tri/tinh/tai-khoan``).

On the province host only (404 elsewhere). ``console.view`` reads the list,
``console.manage`` acts. Each action is a confirmation page (GET) and its form (POST,
CSRF checked by ``CSRFProtect``); the work runs inside ``unscoped()`` through the same
services as the CLI and is flushed there, so its audit entry keeps its site (a
membership's) or none (an account's). A refusal answers 409 with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from hub.accounts import office_accounts, operations, second_factor
from hub.accounts.models import HubRole, Membership, SiteRole, User
from hub.accounts.office_accounts import AccountFilter, province_host_only
from hub.accounts.office_forms import AccountFilterForm, ConfirmForm, site_select
from hub.accounts.operations import AccountError
from hub.accounts.permissions import ROLE_LABELS, require
from hub.core.clock import utcnow
from hub.extensions import db
from tenants.context import unscoped
from tenants.models import Tenant


def _me() -> User:
    return current_user._get_current_object()  # type: ignore[no-any-return]


def _read_filter(form: AccountFilterForm) -> AccountFilter | None:
    form.site.choices = site_select()
    form.role.choices = [SelectChoice("", _("Any role"))] + [
        SelectChoice(role.value, str(ROLE_LABELS[role])) for role in (*HubRole, *SiteRole)]
    if not form.validate():
        return None
    return AccountFilter(q=(form.q.data or "").strip(), site_id=form.site.data,
                         role=form.role.data or "", idle_days=form.idle_days.data,
                         never=form.never.data == "never", state=form.state.data or "",
                         page=form.page.data or 1)


def accounts():  # type: ignore[no-untyped-def]
    province_host_only()
    require("console.view")
    form = AccountFilterForm(request.args)
    with unscoped():  # every site's memberships: the office's own list
        wanted = _read_filter(form)
        page = None if wanted is None else office_accounts.page_of(wanted, utcnow())
    args = {key: value for key, value in request.args.items(multi=False)
            if key != "page" and value and key in {f.name for f in form}}
    return render_template("accounts/office_accounts.html", form=form, page=page,
                           args=args, role_labels=ROLE_LABELS), 400 if page is None else 200


# --- actions -----------------------------------------------------------------------

ACTIONS: dict[str, tuple[Any, Any, Callable[[User, User], None]]] = {
    # URL word: (question asked, what was done, the service)
    "vo-hieu-hoa": (_l("Disable the account %(email)s? It can no longer log in on any "
                       "site; its history and roles are kept."),
                    _l("The account %(email)s is disabled."),
                    lambda user, me: operations.disable_user(user, by=me)),
    "kich-hoat": (_l("Enable the account %(email)s again? It can log in with the roles "
                     "it still has."),
                  _l("The account %(email)s is enabled."),
                  lambda user, me: operations.enable_user(user, by=me)),
    "dat-lai-xac-thuc": (_l("Reset the second factor of %(email)s? Its authenticator app "
                            "and recovery codes stop working and its sessions end; it "
                            "sets up a new one at its next login."),
                         _l("The second factor of %(email)s is reset."),
                         lambda user, me: second_factor.reset(user, by=me)),
}


def _confirm(question: str, status: int = 200, error: str | None = None):  # type: ignore[no-untyped-def]
    return render_template("accounts/office_confirm.html", question=question,
                           form=ConfirmForm(), error=error), status


def _done(message: str):  # type: ignore[no-untyped-def]
    flash(message, "success")
    return redirect(url_for("accounts.office_accounts"))


def account_action(user_id: int, action: str):  # type: ignore[no-untyped-def]
    province_host_only()
    require("console.manage")
    question, done, service = ACTIONS[action]
    with unscoped():
        user = db.get_or_404(User, user_id)
        email = user.email
        if request.method == "GET":
            return _confirm(str(question) % {"email": email})
        try:
            service(user, _me())
            db.session.flush()  # hub-level entries: written while no site is current
        except AccountError as exc:
            return _confirm(str(question) % {"email": email}, 409, exc.message)
    return _done(str(done) % {"email": email})


def revoke_membership(membership_id: int):  # type: ignore[no-untyped-def]
    province_host_only()
    require("console.manage")
    with unscoped():
        membership = db.one_or_404(select(Membership).where(Membership.id == membership_id))
        site = db.session.get_one(Tenant, membership.tenant_id)
        values = {"email": membership.user.email, "role": ROLE_LABELS[membership.role],
                  "site": site.name}
        question = _("Take the role %(role)s on %(site)s away from %(email)s? Its "
                     "sessions end; its history stays.", **values)
        if request.method == "GET":
            return _confirm(question)
        try:
            # The office may remove a site's last administrator (staff who left).
            operations.revoke_membership(membership, by=_me(), keep_an_admin=False)
            db.session.flush()  # the entry belongs to the membership's site
        except AccountError as exc:
            return _confirm(question, 409, exc.message)
    return _done(_("%(email)s no longer has the role %(role)s on %(site)s.", **values))

