"""Forms of the audit-log readers and of the office's accounts screen.

The filters are GET forms (they change nothing, so no CSRF token; their values make
shareable addresses). The office's actions are POST forms whose CSRF token
``CSRFProtect`` checks before the view.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from hub.accounts.audit_log import site_choices
from hub.core.periods import FIRST_YEAR, LAST_YEAR, read_day


def _optional_int(value: Any) -> int | None:
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1  # not among the choices: refused by the select's own check


def _day(form: FlaskForm, field: StringField) -> None:
    if field.data and read_day(field.data.strip()) is None:
        raise ValidationError(_l("Enter a date written as YYYY-MM-DD (for example "
                                 "2026-03-31), between %(first)s and %(last)s.",
                                 first=FIRST_YEAR, last=LAST_YEAR))


_PAGE = NumberRange(min=1, max=100_000, message=_l("Page numbers start at 1."))


class AuditFilterForm(FlaskForm):
    """Who, what, when, which item (and, in the office's reader, which site)."""

    class Meta:
        csrf = False

    who = StringField(_l("Who (email or name as recorded)"), [Length(max=254)])
    action = SelectField(_l("What"), choices=[], default="")
    first = StringField(_l("From (YYYY-MM-DD)"), [_day], name="from")
    last = StringField(_l("To (YYYY-MM-DD)"), [_day], name="to")
    object_type = StringField(_l("Item type"), [Length(max=64)])
    object_id = StringField(_l("Item number"), [Length(max=64)])
    site = SelectField(_l("Site"), coerce=_optional_int, choices=[], default=None)
    page = IntegerField(_l("Page"), [Optional(), _PAGE], default=1)

    def validate_last(self, field: StringField) -> None:
        first = read_day((self.first.data or "").strip())
        last = read_day((field.data or "").strip())
        if first and last and last < first:
            raise ValidationError(_l("The end of the period cannot be before its start."))


STATE_CHOICES = [SelectChoice("", _l("Any")), SelectChoice("enabled", _l("Enabled")),
                 SelectChoice("locked", _l("Locked now")),
                 SelectChoice("disabled", _l("Disabled"))]


class AccountFilterForm(FlaskForm):
    """The office's account list: site, role, last login, state, text."""

    class Meta:
        csrf = False

    q = StringField(_l("Name or email contains"), [Length(max=200)])
    site = SelectField(_l("Site"), coerce=_optional_int, choices=[], default=None)
    role = SelectField(_l("Role"), choices=[], default="")
    idle_days = IntegerField(_l("Not logged in for at least (days)"), [
        Optional(), NumberRange(min=1, max=36_500,
                                message=_l("Enter a number of days from 1."))])
    never = SelectField(_l("Logged in"), choices=[
        SelectChoice("", _l("Any")), SelectChoice("never", _l("Never"))], default="")
    state = SelectField(_l("State"), choices=STATE_CHOICES, default="")
    page = IntegerField(_l("Page"), [Optional(), _PAGE], default=1)


class ConfirmForm(FlaskForm):
    """The confirmation of one of the office's actions: its CSRF token only."""


def site_select() -> list[SelectChoice]:
    """The office's site filter: every site by name (read inside ``unscoped()``)."""
    return [SelectChoice(None, _l("Every site"))] + [  # type: ignore[arg-type]
        SelectChoice(site_id, name) for site_id, name in site_choices()]
