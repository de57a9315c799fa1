"""The forms of the office's reminders and periodic reports (Flask-WTF, CSRF)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from hub.console.periodic import KINDS


class GenerateForm(FlaskForm):
    """Make a periodic report: its kind, and a day inside the period it covers."""

    kind = SelectField(_l("Report"), choices=[SelectChoice(key, kind.label)
                                          for key, kind in KINDS.items()],
                       validators=[InputRequired()])
    on = DateField(_l("A day in the period"), validators=[InputRequired()],
                   description=_l("The report covers the quarter, half-year or year that "
                                  "holds this day."))


class RemindForm(FlaskForm):
    """"Remind now" on a site's page of the console (a button: the token alone)."""

    next = HiddenField()
