"""Forms of the staff's report screens (the CSRF token of every POST is checked by
CSRFProtect before the view). Each carries the report's ``version``: a step taken on an
outdated page is refused (409)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired
from wtforms.widgets import HiddenInput

from hub.problems.operations import NOTE_MAX
from hub.problems.states import CLOSING_STATES, STATE_LABELS


class StepForm(FlaskForm):
    class Meta:
        csrf = False  # checked for every POST by CSRFProtect, before the view

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class CloseForm(StepForm):
    outcome = RadioField(_l("Outcome"), choices=[
        SelectChoice(state.value, STATE_LABELS[state]) for state in CLOSING_STATES],
        validate_choice=False)
    note = TextAreaField(_l("Note (sent to the reporter if they left an email)"),
                         render_kw={"rows": 3, "maxlength": NOTE_MAX})


class TakeDownForm(StepForm):
    reason = TextAreaField(_l("Reason for taking the item down"),
                           render_kw={"rows": 3, "maxlength": NOTE_MAX},
                           id="take-down-reason")
