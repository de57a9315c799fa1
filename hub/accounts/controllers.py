"""Handlers of the accounts pages, on each site's own host: logging in (with the
second step for an account with a second factor) and out, password reset, and the
site's members (for its site_admin). One's own account page is ``account_page``.

Thin: load -> check access -> act through ``operations`` -> answer. A login is bound
to the host's tenant (see ``hub.accounts.sessions``). The lifecycle commits;
``keep_writes()`` keeps the audit of a refused login although it answers 401/429.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from hub.accounts import operations, second_factor
from hub.accounts.forms import (
    AddMemberForm,
    ForgotPasswordForm,
    LoginForm,
    ResetPasswordForm,
    SecondStepForm,
)
from hub.accounts.models import Membership, User
from hub.accounts.operations import AccountError, LoginOutcome, TokenProblem
from hub.accounts.permissions import ROLE_LABELS, can, permission_required
from hub.accounts.sessions import (
    end_second_step,
    end_session,
    second_step_next,
    second_step_user,
    start_second_step,
    start_session,
)
from hub.audit.operations import record
from hub.core.lifecycle import keep_writes
from hub.extensions import db
from tenants.context import current_site, current_tenant_id

# Vietnamese convention, e.g. "14:05 23/11/2026", in the configured Asia/Ho_Chi_Minh.
LOCK_TIME_FORMAT = "HH:mm dd/MM/yyyy"


def safe_next_path(target: str | None) -> str | None:
    """A ``next`` value reduced to a path on this host, or ``None`` if it is not one."""
    if not target or len(target) > 2000:
        return None
    if "\\" in target or any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return None  # browsers read "/\evil" as "//evil"; control characters hide tricks
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") \
            or parts.path.startswith("//"):
        return None
    return urlunsplit(("", "", parts.path, parts.query, ""))


def staff_landing() -> str:
    """Where staff land after logging in: their dashboard on this host (everyone who
    may log in on a host may open it)."""
    return url_for("admin.dashboard")


def _after_login_target(form: LoginForm | None = None) -> str:
    candidate = (form.next.data if form is not None else None) or request.args.get("next")
    return safe_next_path(candidate) or staff_landing()


def _logged_in(user: User, target: str):  # type: ignore[no-untyped-def]
    """Open the session; an account that must have a second factor and has none yet
    goes to its enrolment first (the staff area would send it there anyway)."""
    start_session(user, current_tenant_id())
    if second_factor.must_enrol(user, current_tenant_id()):
        return redirect(url_for("accounts.second_factor_setup"))
    return redirect(target)


def locked_message(until) -> str:  # type: ignore[no-untyped-def]
    return _("Too many failed login attempts. This account is locked until "
             "%(time)s. Please try again after that time or reset your password.",
             time=format_datetime(until, LOCK_TIME_FORMAT))


def login():  # type: ignore[no-untyped-def]
    if current_user.is_authenticated:
        return redirect(_after_login_target())
    form = LoginForm()
    if request.method == "GET":
        form.next.data = safe_next_path(request.args.get("next")) or ""
        return render_template("accounts/login.html", form=form)
    if not form.validate_on_submit():
        return render_template("accounts/login.html", form=form), 400

    result = operations.authenticate(form.email.data, form.password.data, current_tenant_id())
    if result.outcome is LoginOutcome.OK:
        return _logged_in(result.user, _after_login_target(form))  # type: ignore[arg-type]
    if result.outcome is LoginOutcome.SECOND_STEP:
        start_second_step(result.user, current_tenant_id(),  # type: ignore[arg-type]
                          safe_next_path(form.next.data))
        return redirect(url_for("accounts.second_step"))

    keep_writes()  # the failure and any lockout are audited and must stay recorded
    if result.outcome is LoginOutcome.LOCKED:
        error = locked_message(result.locked_until)
        status = 429
    else:
        error = _("Wrong email or password.")
        status = 401
    form.password.data = ""
    return render_template("accounts/login.html", form=form, error=error), status


def second_step():  # type: ignore[no-untyped-def]
    """The login's second step: after the password, a code of the authenticator app or
    a recovery code, within a few minutes, on the same site."""
    if current_user.is_authenticated:
        return redirect(_after_login_target())
    user = second_step_user()
    if user is None:
        end_second_step()
        flash(_("Please log in again: the time to enter the code has run out."), "info")
        return redirect(url_for("accounts.login"))
    form = SecondStepForm()
    if request.method == "GET":
        return render_template("accounts/second_step.html", form=form)
    if not form.validate_on_submit():
        return render_template("accounts/second_step.html", form=form), 400

    result = second_factor.second_step(user, form.code.data)
    if result.outcome is LoginOutcome.OK:
        response = _logged_in(user, safe_next_path(second_step_next()) or staff_landing())
        if result.reason == second_factor.CodeCheck.RECOVERY_CODE.value:
            # Flashed into the new session (opening it emptied the old one).
            flash(_("You logged in with a recovery code. Recovery codes left: %(count)d. "
                    "You can make new ones on your account page.",
                    count=second_factor.recovery_codes_left(user)), "info")
        return response

    keep_writes()  # the failure and any lockout are audited and must stay recorded
    form.code.data = ""
    if result.outcome is LoginOutcome.LOCKED:
        end_second_step()  # after the lock, the login starts again from the password
        return render_template("accounts/login.html", form=LoginForm(formdata=None),
                               error=locked_message(result.locked_until)), 429
    if result.reason == second_factor.CodeCheck.REPLAYED.value:
        error = _("This code has been used already. Please wait for the next code of "
                  "your app.")
    else:
        error = _("This code is not right. Please check it and try again.")
    return render_template("accounts/second_step.html", form=form, error=error), 401


def logout():  # type: ignore[no-untyped-def]
    user = None
    if current_user.is_authenticated:
        user = current_user._get_current_object()
        record("logout", actor=user, obj=user)
    end_session(user)
    flash(_("You have logged out."), "info")
    return redirect(url_for("accounts.login"))


def forgot_password():  # type: ignore[no-untyped-def]
    form = ForgotPasswordForm()
    if request.method == "GET":
        return render_template("accounts/forgot_password.html", form=form)
    if not form.validate_on_submit():
        return render_template("accounts/forgot_password.html", form=form), 400
    operations.request_password_reset(form.email.data, current_tenant_id(),
                                      current_site().tenant_name)
    # The same answer whether or not an account exists.
    return render_template("accounts/forgot_password_sent.html")


TOKEN_MESSAGES = {
    TokenProblem.UNKNOWN: _l("This password reset link is not valid. Please check that "
                             "you copied the whole link, or ask for a new one."),
    TokenProblem.EXPIRED: _l("This password reset link has expired. Please ask for a "
                             "new one."),
    TokenProblem.USED: _l("This password reset link has already been used. Please ask "
                          "for a new one if you need it."),
}


def _no_referrer(body: str, status: int = 200):  # type: ignore[no-untyped-def]
    # The token is in this page's address: never pass it on to another site.
    response = make_response(body, status)
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _invalid_link(message: str):  # type: ignore[no-untyped-def]
    return _no_referrer(render_template("accounts/reset_invalid.html", message=message), 400)


def _reset_page(form: ResetPasswordForm) -> str:
    return render_template("accounts/reset_password.html", form=form,
                           min_length=operations.PASSWORD_MIN_LENGTH)


def reset_password(token: str):  # type: ignore[no-untyped-def]
    row, problem = operations.check_reset_token(token, current_tenant_id())
    if row is None:
        return _invalid_link(str(TOKEN_MESSAGES[problem]))  # type: ignore[index]
    form = ResetPasswordForm(account_email=row.user.email)
    if request.method == "GET":
        return _no_referrer(_reset_page(form))
    if not form.validate_on_submit():
        return _no_referrer(_reset_page(form), 400)
    try:
        operations.reset_password(row, form.password.data)
    except AccountError as exc:
        return _invalid_link(exc.message)
    flash(_("Your password has been changed. You can log in with it now."), "success")
    return redirect(url_for("accounts.login"))


# --- members of the site (site_admin) ------------------------------------------------

def _members_page(form: AddMemberForm, error: str | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    # Scoped like every query of a tenant-owned model: this site's memberships only.
    memberships = db.session.scalars(
        select(Membership).join(Membership.user)
        .order_by(User.display_name, User.email, Membership.role)).all()
    return render_template("admin/members.html", memberships=memberships, form=form,
                           error=error, role_labels=ROLE_LABELS), status


@permission_required("members.manage")
def members():  # type: ignore[no-untyped-def]
    return _members_page(AddMemberForm())


@permission_required("members.manage")
def add_member():  # type: ignore[no-untyped-def]
    form = AddMemberForm()
    if not form.validate_on_submit():
        return _members_page(form, status=400)
    user = operations.find_user(form.email.data)
    if user is None:
        form.email.errors = [_("No account uses this email address. Accounts are "
                               "created by the province office.")]
        return _members_page(form, status=400)
    try:
        operations.grant_membership(user, form.site_role, current_tenant_id(),
                                    by=current_user._get_current_object())
    except AccountError as exc:
        form.email.errors = [exc.message]
        return _members_page(form, status=409)
    flash(_("%(name)s now has the role %(role)s on this site.", name=user.display_name,
            role=ROLE_LABELS[form.site_role]), "success")
    return redirect(url_for("accounts.members"))


@permission_required("members.manage")
def remove_member(membership_id: int):  # type: ignore[no-untyped-def]
    # Through the scoped query: another site's membership id is simply not found.
    membership = db.one_or_404(select(Membership).where(Membership.id == membership_id))
    name, role = membership.user.display_name, membership.role
    try:
        operations.revoke_membership(membership, by=current_user._get_current_object())
    except AccountError as exc:
        return _members_page(AddMemberForm(formdata=None), error=exc.message, status=409)
    flash(_("%(name)s no longer has the role %(role)s on this site.", name=name,
            role=ROLE_LABELS[role]), "success")
    if not can(current_user, "members.manage"):
        return redirect("/")  # the admin removed their own administrator role
    return redirect(url_for("accounts.members"))
