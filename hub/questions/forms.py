"""Forms of the public question pages (Flask-WTF: every POST carries a CSRF token).

The fields only carry and show what was typed: the rules are the service's
(``operations.check_submission``), whose messages the controller puts on the fields,
so the form says the same thing with or without JavaScript and staff's entry form
cannot drift from the citizen's.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from hub.questions.fields import FIELDS, OPTIONAL_FIELDS
from hub.questions.models import QuestionKind
from hub.questions.operations import BODY_MAX, NAME_MAX, TITLE_MAX
from hub.questions.states import KIND_LABELS


class AskForm(FlaskForm):
    """A citizen's question or petition. The honeypot (``website``) and the proof
    (``altcha``) are written by the template and read from the request as they are:
    they are not the citizen's data and are never shown back."""

    class Meta:
        csrf = False  # checked for every POST by CSRFProtect, before the view

    kind = RadioField(_l("What are you sending?"),
                      choices=[SelectChoice(kind.value, KIND_LABELS[kind])
                               for kind in QuestionKind],
                      default=QuestionKind.QUESTION.value, validate_choice=False)
    name = StringField(_l("Your name"), render_kw={"autocomplete": "name",
                                                   "maxlength": NAME_MAX})
    email = StringField(_l("Email (optional)"),
                        render_kw={"type": "email", "autocomplete": "email",
                                   "maxlength": 254, "inputmode": "email"})
    phone = StringField(_l("Telephone (optional)"),
                        render_kw={"type": "tel", "autocomplete": "tel", "maxlength": 20})
    field = SelectField(_l("Field"), validate_choice=False)
    title = StringField(_l("Title of your question"), render_kw={"maxlength": TITLE_MAX})
    body = TextAreaField(_l("Your question"), render_kw={"rows": 10,
                                                         "maxlength": BODY_MAX})
    attachment = FileField(_l("Attach a file (optional)"))
    consent = BooleanField(_l("I agree that my personal data is processed to answer me, "
                              "as the notice on personal data explains."))

    def __init__(self, *args: object, asked: tuple[str, ...] = tuple(OPTIONAL_FIELDS),
                 **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # The optional fields the site asks (its setting ``question_fields``); the
        # others are neither shown nor read.
        self.asked = asked
        self.field.choices = [SelectChoice("", _l("Choose a field"))] + [
            SelectChoice(key, label) for key, label in FIELDS.items()]

    def values(self) -> dict[str, str]:
        """What was typed, as ``operations.check_submission`` takes it."""
        return {"name": self.name.data or "",
                "email": (self.email.data or "") if "email" in self.asked else "",
                "phone": (self.phone.data or "") if "phone" in self.asked else "",
                "field": self.field.data or "",
                "title": self.title.data or "", "body": self.body.data or "",
                "kind": self.kind.data or ""}

    def show_errors(self, errors: dict[str, str]) -> None:
        """Put the service's messages on their fields (unknown keys are the form's)."""
        for key, message in errors.items():
            field = getattr(self, key, None)
            if field is not None and hasattr(field, "errors"):
                field.errors = [message]


class TrackForm(FlaskForm):
    class Meta:
        csrf = False  # checked for every POST by CSRFProtect, before the view

    code = StringField(_l("Tracking code"), name="ma",
                       render_kw={"autocomplete": "off", "spellcheck": "false",
                                  "autocapitalize": "characters", "maxlength": 40})
