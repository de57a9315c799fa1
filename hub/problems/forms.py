"""The public form of a problem report (Flask-WTF; the CSRF token of every POST is
checked by CSRFProtect before the view). The fields carry what was typed; the rules are
``operations.check_submission``'s, whose messages the controller puts on the fields."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from hub.problems.models import ProblemReason
from hub.problems.operations import BODY_MAX, EMAIL_MAX
from hub.problems.states import REASON_LABELS


class ReportForm(FlaskForm):
    class Meta:
        csrf = False  # checked for every POST by CSRFProtect, before the view

    reason = RadioField(_l("What is wrong?"),
                        choices=[SelectChoice(reason.value, REASON_LABELS[reason])
                                 for reason in ProblemReason], validate_choice=False)
    body = TextAreaField(_l("Describe the problem"),
                         render_kw={"rows": 6, "maxlength": BODY_MAX})
    email = StringField(_l("Email for a reply (optional)"),
                        render_kw={"type": "email", "autocomplete": "email",
                                   "maxlength": EMAIL_MAX, "inputmode": "email"})
    consent = BooleanField(_l("I agree that my email is used to tell me what became of "
                              "my report, as the notice on personal data explains."))

    def values(self) -> dict[str, str]:
        return {"reason": self.reason.data or "", "body": self.body.data or "",
                "email": self.email.data or ""}

    def show_errors(self, errors: dict[str, str]) -> None:
        for key, message in errors.items():
            field = getattr(self, key, None)
            if field is not None and hasattr(field, "errors"):
                field.errors = [message]
