"""Forms of the consultation pages (Flask-WTF). The fields carry what was typed; the
rules are the service's (``operations.check_comment``), whose messages the controller
puts on the fields."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from hub.consultations.labels import KIND_LABELS, RESPONSE_LABELS
from hub.consultations.models import CommenterKind, Response
from hub.consultations.operations import BODY_MAX, NAME_MAX, ORGANISATION_MAX


class CommentForm(FlaskForm):
    """A comment on a draft. The honeypot and the proof are written by the template and
    read from the request as they are."""

    class Meta:
        csrf = False  # checked for every POST by CSRFProtect, before the view

    kind = RadioField(_l("You comment"),
                      choices=[SelectChoice(kind.value, KIND_LABELS[kind])
                               for kind in CommenterKind],
                      default=CommenterKind.PERSON.value, validate_choice=False)
    name = StringField(_l("Your name"), render_kw={"autocomplete": "name",
                                                   "maxlength": NAME_MAX})
    organisation = StringField(_l("Organisation (when you comment on its behalf)"),
                               render_kw={"autocomplete": "organization",
                                          "maxlength": ORGANISATION_MAX})
    email = StringField(_l("Email (optional)"),
                        render_kw={"type": "email", "autocomplete": "email",
                                   "maxlength": 254, "inputmode": "email"})
    clause = SelectField(_l("Article or clause"), validate_choice=False)
    body = TextAreaField(_l("Your comment"), render_kw={"rows": 10, "maxlength": BODY_MAX})
    attachment = FileField(_l("Attach a file (optional)"))
    consent = BooleanField(_l("I agree that my personal data is processed to receive my "
                              "comment, as the notice on personal data explains."))

    def prepare(self, clauses: list[str]) -> CommentForm:
        self.clause.choices = [SelectChoice("", _l("The draft as a whole"))] + [
            SelectChoice(clause, clause) for clause in clauses]
        return self

    def values(self) -> dict[str, str]:
        return {"kind": self.kind.data or "", "name": self.name.data or "",
                "organisation": self.organisation.data or "",
                "email": self.email.data or "", "clause": self.clause.data or "",
                "body": self.body.data or ""}

    def show_errors(self, errors: dict[str, str]) -> None:
        for key, message in errors.items():
            field = getattr(self, key, None)
            if field is not None and hasattr(field, "errors"):
                field.errors = [message]


class ModerateForm(FlaskForm):
    reason = TextAreaField(_l("Reason (required to hide)"), render_kw={"rows": 2})


class RespondForm(FlaskForm):
    response = SelectField(_l("Response"), choices=[
        SelectChoice(r.value, RESPONSE_LABELS[r]) for r in Response])
    explanation = TextAreaField(_l("Explanation"), render_kw={"rows": 3})


class OutcomeForm(FlaskForm):
    summary = TextAreaField(_l("General note of the agency (optional)"),
                            render_kw={"rows": 4})
