"""Forms of the translation screens (Flask-WTF: every POST carries a CSRF token)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, HiddenField, IntegerField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from hub.content.forms import LANGUAGE_LABELS
from hub.translation.states import STEPS


class RequestForm(FlaskForm):
    """An approver asks the translation office for a translation of an item."""

    target_locale = SelectField(_l("Translate into"), validators=[InputRequired()])
    office = SelectField(_l("Translation office"), coerce=int, validators=[InputRequired()])
    due_on = DateField(_l("Due date"), [Optional()])
    note = TextAreaField(_l("Note for the translator"), [Length(max=2000)],
                         render_kw={"rows": 3})

    def prepare(self, source_locale: str, offices: list[tuple[int, str]]) -> RequestForm:
        self.target_locale.choices = [SelectChoice(code, label)
                                      for code, label in LANGUAGE_LABELS.items()
                                      if code != source_locale]
        self.office.choices = [SelectChoice(value, name) for value, name in offices]
        return self


class StepForm(FlaskForm):
    action = SelectField(choices=[SelectChoice(name, step.label)
                                  for name, step in STEPS.items()],
                         validators=[InputRequired()])
    comment = TextAreaField(_l("Comment or reason"), [Length(max=5000)],
                            render_kw={"rows": 3})
    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class DraftForm(FlaskForm):
    """The translation's fields come as ``field-<name>`` (their set depends on the
    content type); the form checks the token and the versions."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    source_revision = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    intent = HiddenField(default="save")


class ImportForm(FlaskForm):
    file = FileField(_l("XLIFF file"), [FileRequired(message=_l("Please choose a file."))])
    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
