"""Forms of the site settings and approver scopes screens (Flask-WTF: CSRF on every POST).

The fields only carry what was typed: the rules (formats, ranges, the languages the hub
supports, the deadline overrides' shape) are ``hub.admin.settings.clean_settings``'s,
whose messages come back onto their fields, so a wrong value reads the same wherever
it was entered.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length
from wtforms.widgets import CheckboxInput, ListWidget

from hub.content.deadlines import QUESTION_RULE_KEYS, RULE_KEYS
from hub.content.forms import LANGUAGE_LABELS
from hub.questions.fields import OPTIONAL_FIELDS
from i18n import SUPPORTED_LOCALES
from tenants.models import WORDED_FACTS, fact_key

# The settings of the footer facts the English host shows in English.
ENGLISH_FACTS = tuple(fact_key(key, "en") for key in WORDED_FACTS)

UNIT_CHOICES = [SelectChoice("working_days", _l("working days")),
                SelectChoice("working_hours", _l("working hours"))]


class CheckboxesField(SelectMultipleField):
    """A list of checkboxes (one per choice) instead of a multiple select."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def deadline_field(key: str) -> str:
    return f"deadline_{key}"


def deadline_unit_field(key: str) -> str:
    return f"deadline_{key}_unit"


class BannerForm(FlaskForm):
    """The header's banner picture (``hub.admin.banner``): the uploads' checks decide."""
    file = FileField(_l("Banner picture (JPEG, PNG or WebP, about 1600 × 200 pixels)"))
    alt_text = StringField(_l("Text alternative of the picture"), [Length(max=500)])


class RemoveBannerForm(FlaskForm):
    """Back to the header's own band: the token alone."""


class SettingsForm(FlaskForm):
    # Circular 22/2023: the facts every portal's footer carries.
    governing_agency = StringField(_l("Governing agency"))
    responsible_person = StringField(_l("Responsible person"))
    address = StringField(_l("Address"))
    phone = StringField(_l("Phone"), render_kw={"type": "tel", "autocomplete": "off"})
    email = StringField(_l("Email"), render_kw={"type": "email", "autocomplete": "off"})
    licence = StringField(_l("Licence"))
    name_en = StringField(_l("Name of the site in English"))
    # The worded facts as the English host shows them.
    governing_agency_en = StringField(_l("Governing agency in English"))
    responsible_person_en = StringField(_l("Responsible person in English"))
    address_en = StringField(_l("Address in English"))
    licence_en = StringField(_l("Licence in English"))
    languages = CheckboxesField(
        _l("Languages of the site's content"), validate_choice=False,
        choices=[SelectChoice(code, LANGUAGE_LABELS.get(code, code))
                 for code in SUPPORTED_LOCALES])
    consultation_min_working_days = StringField(
        _l("Shortest comment period on a draft (working days)"),
        render_kw={"inputmode": "numeric"})
    consultation_outcome_working_days = StringField(
        _l("Time to publish the response to the comments (working days)"),
        render_kw={"inputmode": "numeric"})
    privacy_notice = TextAreaField(_l("Notice on personal data"), render_kw={"rows": 10})
    question_fields = CheckboxesField(
        _l("Optional fields of the question form"), validate_choice=False,
        choices=[SelectChoice(key, label) for key, label in OPTIONAL_FIELDS.items()])

    def deadline_fields(self) -> list[tuple[str, Any, Any]]:
        """(rule key, amount field, unit field or None) in the order of the rules."""
        return [(key, self[deadline_field(key)],
                 self[deadline_unit_field(key)] if key not in QUESTION_RULE_KEYS else None)
                for key in RULE_KEYS]

    def values(self) -> dict[str, Any]:
        """What was typed, as ``clean_settings`` takes it."""
        data: dict[str, Any] = {name: self[name].data for name in (
            "governing_agency", "responsible_person", "address", "phone", "email",
            "licence", "name_en", *ENGLISH_FACTS, "consultation_min_working_days",
            "consultation_outcome_working_days", "privacy_notice")}
        data["languages"] = list(self.languages.data or [])
        data["question_fields"] = list(self.question_fields.data or [])
        data["deadline_overrides"] = {
            key: (amount.data or "", unit.data if unit is not None else "working_days")
            for key, amount, unit in self.deadline_fields()}
        return data

    def show_errors(self, errors: dict[str, str]) -> None:
        for name, message in errors.items():
            if name in self:
                self[name].errors = [message]


# One amount (and a unit, except for the answers to questions, always in working days)
# per deadline rule; empty: the office's rule applies.
for _key in RULE_KEYS:
    setattr(SettingsForm, deadline_field(_key), StringField(
        _l("Amount"), render_kw={"inputmode": "numeric"}))
    if _key not in QUESTION_RULE_KEYS:
        setattr(SettingsForm, deadline_unit_field(_key), SelectField(
            _l("Unit"), choices=UNIT_CHOICES, validate_choice=False))


class ApproverScopeForm(FlaskForm):
    categories = CheckboxesField(_l("Categories this approver approves"),
                                 validate_choice=False, coerce=int)
