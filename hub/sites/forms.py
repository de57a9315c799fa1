"""Forms of the province office's site screens (Flask-WTF: every POST has a CSRF token).

Times are typed in the portal's time zone (Viet Nam) and stored in UTC.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from hub.core.clock import site_timezone
from tenants.models import TenantKind

KIND_LABELS = {
    TenantKind.PROVINCE.value: _l("Province"),
    TenantKind.DEPARTMENT.value: _l("Department"),
    TenantKind.DISTRICT.value: _l("District"),
    TenantKind.COMMUNE.value: _l("Commune or ward"),
    TenantKind.UNIT.value: _l("Other unit"),
}

_MOMENT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]


def as_local_moment(value: datetime | None) -> datetime | None:
    """A ``datetime-local`` field's value (naive, in Viet Nam's clock), made aware."""
    if value is None:
        return None
    return value.replace(tzinfo=site_timezone())


class CreateForm(FlaskForm):
    """A site for one administrative unit of the national list, or a named one."""
    unit_code = SelectField(_l("Administrative unit"), validators=[Optional()])
    name = StringField(_l("Name"), [Optional(), Length(max=255)])
    # A new site is a component of the province's portal: never a province itself.
    kind = SelectField(_l("Kind of site"),
                       choices=[SelectChoice(k, v) for k, v in KIND_LABELS.items()
                                if k != TenantKind.PROVINCE.value],
                       default=TenantKind.DEPARTMENT.value, validators=[InputRequired()])
    label = StringField(_l("Domain label"), [Optional(), Length(max=63)],
                        description=_l("Leave empty to derive it from the name."))


class RenameForm(FlaskForm):
    name = StringField(_l("New name"), [InputRequired(), Length(max=255)])
    label = StringField(_l("New domain label"), [Optional(), Length(max=63)],
                        description=_l("Leave empty to derive it from the new name."))


class DomainForm(FlaskForm):
    hostname = StringField(_l("Host name"), [InputRequired(), Length(max=253)])
    locale = SelectField(_l("Language"), choices=[SelectChoice("vi", _l("Vietnamese")),
                                                  SelectChoice("en", _l("English"))])
    primary = BooleanField(_l("Make it the site's address in that language"))


class MoveForm(FlaskForm):
    parent = SelectField(_l("New parent site"), coerce=int, validators=[InputRequired()])
    label = StringField(_l("New domain label"), [Optional(), Length(max=63)],
                        description=_l("Leave empty to keep the current label."))


class MergeForm(FlaskForm):
    into = SelectField(_l("Site that takes it over"), coerce=int,
                       validators=[InputRequired()])
    confirm = HiddenField()


class AnnounceForm(FlaskForm):
    starts_at = DateTimeLocalField(_l("Suspended from"), [InputRequired()],
                                   format=_MOMENT_FORMATS)
    restores_at = DateTimeLocalField(_l("Expected back at"), [InputRequired()],
                                     format=_MOMENT_FORMATS)
    reason = TextAreaField(_l("Reason"), [Optional(), Length(max=2000)],
                           render_kw={"rows": 3})


class SuspendNowForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), [InputRequired(), Length(max=2000)],
                           render_kw={"rows": 3})
    restores_at = DateTimeLocalField(_l("Expected back at"), [Optional()],
                                     format=_MOMENT_FORMATS)


class ReasonForm(FlaskForm):
    """Archive (and resume, cancel: a bare CSRF-protected POST)."""
    reason = TextAreaField(_l("Reason"), [Optional(), Length(max=2000)],
                           render_kw={"rows": 3})
