"""Handlers of a staff member's own account page (``/quan-tri/tai-khoan``): who they
are and their roles on this site, a new password, and the second factor — enrolling an
authenticator app, new recovery codes, turning it off. And the staff area's gate
(``keep_to_enrolment``, a step of the request pipeline): an account that must have a
second factor and has none yet sees only its enrolment until it has one.

Thin like every handler: load -> check -> act through ``operations`` and
``second_factor`` -> answer. A wrong password or code is audited and counted towards the
account's lock; ``keep_writes()`` keeps that although the answer is 401 or 429.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from hub.accounts import operations, second_factor, totp
from hub.accounts.controllers import locked_message
from hub.accounts.forms import ChangePasswordForm, ConfirmIdentityForm, EnrolmentForm
from hub.accounts.models import User
from hub.accounts.operations import AccountError
from hub.accounts.permissions import ROLE_LABELS, permission_required, roles_on
from hub.accounts.sessions import start_session
from hub.core.lifecycle import keep_writes
from tenants.context import current_tenant_id

# What an account that must enrol may still open in the staff area (logging out is
# outside it).
ENROLMENT_ENDPOINTS = frozenset({"accounts.second_factor_setup"})
STAFF_AREA = "/quan-tri"


def keep_to_enrolment():  # type: ignore[no-untyped-def]
    """Pipeline step: in the staff area, send an account that must have a second factor
    and has none yet to its enrolment."""
    path = request.path
    if not (path == STAFF_AREA or path.startswith(STAFF_AREA + "/")) \
            or request.endpoint in ENROLMENT_ENDPOINTS:
        return None
    if not current_user.is_authenticated \
            or not second_factor.must_enrol(current_user, current_tenant_id()):
        return None
    return redirect(url_for("accounts.second_factor_setup"))


def _me() -> User:
    return current_user._get_current_object()  # type: ignore[no-any-return]


def _page(user: User, status: int = 200, **forms: Any):  # type: ignore[no-untyped-def]
    forms.setdefault("password_form", ChangePasswordForm(account_email=user.email,
                                                         formdata=None))
    forms.setdefault("codes_form", ConfirmIdentityForm(prefix="codes", formdata=None))
    forms.setdefault("off_form", ConfirmIdentityForm(prefix="off", formdata=None))
    tenant_id = current_tenant_id()
    roles = [ROLE_LABELS[role] for role in sorted(roles_on(user, tenant_id),
                                                   key=lambda role: role.value)]
    return render_template(
        "accounts/account.html", user=user,
        hub_role=ROLE_LABELS[user.hub_role] if user.hub_role else None, roles=roles,
        factor=user.second_factor if user.has_second_factor else None,
        codes_left=second_factor.recovery_codes_left(user) if user.has_second_factor else 0,
        required=second_factor.is_required(user, tenant_id),
        min_length=operations.PASSWORD_MIN_LENGTH, **forms), status


PROBLEMS = {
    "password": _l("The current password is not right."),
    "code": _l("This code is not right. Please check it and try again."),
    "replayed": _l("This code has been used already. Please wait for the next code of "
                   "your app."),
}


def _refused(form: Any, problem: str, user: User, form_name: str):  # type: ignore[no-untyped-def]
    """A form whose password or code was wrong: said on the field, 401 (429 locked)."""
    keep_writes()  # the failure is audited and counts towards the lock
    if problem == "locked":
        form.form_errors.append(locked_message(operations.locked_until(user)))
        return _page(user, 429, **{form_name: form})
    field = form.current_password if form_name == "password_form" else (
        form.password if problem == "password" else form.code)
    field.errors = [str(PROBLEMS[problem])]
    return _page(user, 401, **{form_name: form})


@permission_required("account.own")
def account():  # type: ignore[no-untyped-def]
    return _page(_me())


@permission_required("account.own")
def change_password():  # type: ignore[no-untyped-def]
    user = _me()
    form = ChangePasswordForm(account_email=user.email)
    if not form.validate_on_submit():
        return _page(user, 400, password_form=form)
    problem = second_factor.confirm_identity(user, form.current_password.data, None,
                                             purpose="password_change")
    if problem:
        return _refused(form, problem, user, "password_form")
    operations.change_password(user, form.password.data)
    # The new password ended every session of the account; this one goes on.
    start_session(user, current_tenant_id())
    flash(_("Your password has been changed. Your other sessions have ended."), "success")
    return redirect(url_for("accounts.account"))


def _enrolment_page(user: User, form: EnrolmentForm, status: int = 200):  # type: ignore[no-untyped-def]
    secret = second_factor.enrolment_secret(user)
    issuer = current_app.config["BASE_DOMAIN"]
    qr = totp.qr_svg(totp.provisioning_uri(secret, user.email, issuer),
                     _("QR code that adds this account to an authenticator app"))
    # Like every page of this blueprint it is sent "no-store" (``hub.cache``): the key
    # and the recovery codes are kept by no browser or proxy.
    return render_template(
        "accounts/second_factor_setup.html", form=form, qr=qr,
        secret=totp.grouped(secret), issuer=issuer,
        required=second_factor.is_required(user, current_tenant_id())), status


@permission_required("account.own")
def second_factor_setup():  # type: ignore[no-untyped-def]
    user = _me()
    if user.has_second_factor:
        return redirect(url_for("accounts.account"))
    form = EnrolmentForm()
    if request.method == "GET":
        return _enrolment_page(user, form)
    # The secret being enrolled stays as it was shown, whatever this answer is.
    keep_writes()
    if not form.validate_on_submit():
        return _enrolment_page(user, form, 400)
    try:
        codes = second_factor.confirm_enrolment(user, form.code.data)
    except AccountError as exc:  # switched on meanwhile, by another request
        flash(exc.message, "info")
        return redirect(url_for("accounts.account"))
    if codes is None:
        form.code.errors = [_("This code is not right. Check that the app shows the code "
                              "of this account and that the phone's clock is right, then "
                              "try again.")]
        form.code.data = ""
        return _enrolment_page(user, form, 400)
    # Turning it on ended the sessions opened with the password alone; this one goes on.
    start_session(user, current_tenant_id())
    return _recovery_codes_page(codes, _("The second factor is on."))


def _recovery_codes_page(codes: list[str], headline: str):  # type: ignore[no-untyped-def]
    return render_template("accounts/recovery_codes.html", codes=codes, headline=headline)


def _identity_confirmed(prefix: str, purpose: str) -> tuple[Any, Any]:
    """The account, and the answer to give instead of acting (None when the password
    and a code confirmed who is asking, on the form of ``prefix``)."""
    user = _me()
    if not user.has_second_factor:
        return user, redirect(url_for("accounts.account"))
    form = ConfirmIdentityForm(prefix=prefix)
    if not form.validate_on_submit():
        return user, _page(user, 400, **{f"{prefix}_form": form})
    problem = second_factor.confirm_identity(user, form.password.data, form.code.data,
                                             purpose=purpose)
    if problem:
        return user, _refused(form, problem, user, f"{prefix}_form")
    return user, None


@permission_required("account.own")
def new_recovery_codes():  # type: ignore[no-untyped-def]
    user, answer = _identity_confirmed("codes", "recovery_codes")
    if answer is not None:
        return answer
    codes = second_factor.regenerate_recovery_codes(user)
    return _recovery_codes_page(codes, _("New recovery codes"))


@permission_required("account.own")
def turn_off_second_factor():  # type: ignore[no-untyped-def]
    user, answer = _identity_confirmed("off", "turn_off")
    if answer is not None:
        return answer
    second_factor.turn_off(user)
    if second_factor.is_required(user, current_tenant_id()):
        flash(_("The second factor is off. Your role requires one: set up the app again "
                "to go on working here."), "info")
        return redirect(url_for("accounts.second_factor_setup"))
    flash(_("The second factor is off. Logging in now asks only for your password."),
          "success")
    return redirect(url_for("accounts.account"))
