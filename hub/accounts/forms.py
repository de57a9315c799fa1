"""Forms of the accounts pages (Flask-WTF, so every POST carries a CSRF token)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from hub.accounts.models import SiteRole
from hub.accounts.operations import password_problems
from hub.accounts.permissions import ROLE_LABELS

REQUIRED = _l("Please fill in this field.")
# Long enough for any passphrase, short enough that hashing it is no denial of service.
PASSWORD_MAX = 1024


def _required() -> DataRequired:
    return DataRequired(message=REQUIRED)


class LoginForm(FlaskForm):
    # No format check here: a login form tells nothing about addresses.
    email = EmailField(_l("Email"), [_required(), Length(max=254)],
                       render_kw={"autocomplete": "username", "spellcheck": "false"})
    password = PasswordField(_l("Password"), [_required(), Length(max=PASSWORD_MAX)],
                             render_kw={"autocomplete": "current-password"})
    next = HiddenField()


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("Email"), [
        _required(), Length(max=254),
        Email(message=_l("Please enter a valid email address."),
              check_deliverability=False)],
        render_kw={"autocomplete": "email", "spellcheck": "false"})


class ResetPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), [_required(), Length(max=PASSWORD_MAX)],
                             render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Repeat the new password"), [
        _required(), EqualTo("password", message=_l("The two passwords do not match."))],
        render_kw={"autocomplete": "new-password"})

    def __init__(self, *args: Any, account_email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.account_email = account_email

    def validate_password(self, field: PasswordField) -> None:
        problems = password_problems(field.data or "", self.account_email)
        if problems:
            raise ValidationError(" ".join(problems))


class AddMemberForm(FlaskForm):
    email = EmailField(_l("Email of the account"), [_required(), Length(max=254)],
                       render_kw={"autocomplete": "off", "spellcheck": "false"})
    role = SelectField(_l("Role"), [_required()],
                       choices=[SelectChoice(role.value, ROLE_LABELS[role]) for role in SiteRole])

    @property
    def site_role(self) -> SiteRole:
        return SiteRole(self.role.data)


# --- the second factor and the account page ---------------------------------------

CODE_MAX = 32  # a code with spaces or dashes; anything longer is no code


class SecondStepForm(FlaskForm):
    """The login's second step: a code of the app, or a recovery code."""
    code = StringField(_l("Code from your authenticator app, or a recovery code"),
                       [_required(), Length(max=CODE_MAX)],
                       render_kw={"autocomplete": "one-time-code", "spellcheck": "false",
                                  "autocapitalize": "characters"})


class EnrolmentForm(FlaskForm):
    code = StringField(_l("The 6-digit code the app shows now"),
                       [_required(), Length(max=CODE_MAX)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric",
                                  "spellcheck": "false"})


class ChangePasswordForm(ResetPasswordForm):
    current_password = PasswordField(_l("Current password"),
                                     [_required(), Length(max=PASSWORD_MAX)],
                                     render_kw={"autocomplete": "current-password"})


class ConfirmIdentityForm(FlaskForm):
    """The current password and a code, before new recovery codes or turning the
    factor off (two on one page: each is made with its own ``prefix``)."""
    password = PasswordField(_l("Current password"), [_required(), Length(max=PASSWORD_MAX)],
                             render_kw={"autocomplete": "current-password"})
    code = StringField(_l("Code from your authenticator app, or a recovery code"),
                       [_required(), Length(max=CODE_MAX)],
                       render_kw={"autocomplete": "one-time-code", "spellcheck": "false"})
