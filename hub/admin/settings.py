"""A site's settings screen for its admins (/quan-tri/cai-dat): the footer facts Circular
22/2023 requires, the English name, languages, deadline overrides, consultation periods,
the notice on personal data and the question form's optional fields.

Every value is checked here (``clean_settings``) before ``Tenant.update_settings`` takes
it: a refusal names the field and saves nothing (422). A save writes an audit entry
naming the keys that changed, never their values (a responsible person's name and
phone are personal data). The public pages of the site, whose footer shows these facts,
are dropped from the page cache by ``hub.cache.invalidation`` when the tenant row
commits; the host map (the English name, the province's contact) likewise.
"""

from __future__ import annotations

import re
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from hub.accounts.permissions import permission_required
from hub.admin.forms import (
    ENGLISH_FACTS,
    BannerForm,
    RemoveBannerForm,
    SettingsForm,
    deadline_field,
    deadline_unit_field,
)
from hub.audit.operations import record
from hub.content.consultation_period import MAX_DAYS as CONSULTATION_MAX_DAYS
from hub.content.deadlines import (
    RULE_KEYS,
    RULE_LABELS,
    InvalidDeadlineOverrides,
    clean_overrides,
    default_rules,
)
from hub.core.sanitize import clean_line, clean_text
from hub.extensions import db
from hub.intake.errors import FieldErrors
from hub.public.banner import site_banner
from hub.questions.fields import OPTIONAL_FIELDS, asked_fields
from i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES
from tenants.context import current_site
from tenants.models import FOOTER_FACTS, Tenant

LINE_MAX = 255
NOTICE_MAX = 10000
EMAIL_MAX = 254
PHONE_MAX = 40
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
_PHONE = re.compile(r"^\+?[\d\s.()\-]+$")
LINE_KEYS = ("governing_agency", "responsible_person", "address", "licence", "name_en",
             *ENGLISH_FACTS)
CONSULTATION_KEYS = ("consultation_min_working_days", "consultation_outcome_working_days")

FACT_LABELS = {
    "governing_agency": _l("Governing agency"),
    "responsible_person": _l("Responsible person"),
    "address": _l("Address"),
    "phone": _l("Phone"),
    "email": _l("Email"),
    "licence": _l("Licence"),
    "governing_agency_en": _l("Governing agency in English"),
    "responsible_person_en": _l("Responsible person in English"),
    "address_en": _l("Address in English"),
    "licence_en": _l("Licence in English"),
}


def missing_facts(tenant: Tenant) -> list[tuple[str, Any]]:
    """(key, label) of the footer facts ``tenant`` lacks: the notice on this screen and
    on the dashboard of those who may fill them in (the same check as the console's and
    ``/api/v1/structure``'s), and, for a site with an English host, the facts that host
    would lack."""
    keys = tenant.missing_footer_facts()
    if tenant.primary_domain("en") is not None:
        keys += [key for key in tenant.missing_footer_facts("en") if key not in keys]
    return [(key, FACT_LABELS[key]) for key in keys]


class SettingsError(FieldErrors):
    """Settings that cannot be saved; ``errors`` maps a form field to its message."""


def _whole_number(text: str, low: int, high: int) -> int | None:
    text = text.strip()
    if not text.isdigit():
        return None
    value = int(text)
    return value if low <= value <= high else None


def clean_settings(raw: dict[str, Any]) -> dict[str, Any]:
    """The settings to store (None: back to the default), or ``SettingsError``."""
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for key in LINE_KEYS:
        value = clean_line(raw.get(key))
        if len(value) > LINE_MAX:
            errors[key] = _("At most %(max)s characters, please.", max=LINE_MAX)
        cleaned[key] = value or None
    email = clean_line(raw.get("email")).lower()
    if email and (len(email) > EMAIL_MAX or not _EMAIL.match(email)):
        errors["email"] = _("This is not an email address (name@example.gov.vn).")
    cleaned["email"] = email or None
    phone = clean_line(raw.get("phone"))
    if phone and (len(phone) > PHONE_MAX or not _PHONE.match(phone)
                  or sum(ch.isdigit() for ch in phone) < 6):
        errors["phone"] = _("A telephone number has at least 6 digits; spaces, dots, "
                            "dashes, brackets and a leading + are fine.")
    cleaned["phone"] = phone or None
    languages = [str(code) for code in raw.get("languages") or []]
    if any(code not in SUPPORTED_LOCALES for code in languages):
        errors["languages"] = _("The hub supports these languages only: %(codes)s.",
                                codes=", ".join(SUPPORTED_LOCALES))
    elif DEFAULT_LOCALE not in languages:
        errors["languages"] = _("Every site publishes in Vietnamese: keep it selected.")
    cleaned["languages"] = [code for code in SUPPORTED_LOCALES if code in languages]
    for key in CONSULTATION_KEYS:
        text = str(raw.get(key) or "").strip()
        number = _whole_number(text, 1, CONSULTATION_MAX_DAYS) if text else None
        if text and number is None:
            errors[key] = _("Please enter a whole number from 1 to %(max)s, or leave it "
                            "empty for the office's default.", max=CONSULTATION_MAX_DAYS)
        cleaned[key] = number
    notice = clean_text(raw.get("privacy_notice"))
    if len(notice) > NOTICE_MAX:
        errors["privacy_notice"] = _("At most %(max)s characters, please.", max=NOTICE_MAX)
    cleaned["privacy_notice"] = notice or None
    fields = [str(key) for key in raw.get("question_fields") or []]
    if any(key not in OPTIONAL_FIELDS for key in fields):
        errors["question_fields"] = _("Choose among the fields listed.")
    cleaned["question_fields"] = [key for key in OPTIONAL_FIELDS if key in fields]
    overrides, override_errors = _clean_deadlines(raw.get("deadline_overrides") or {})
    errors.update(override_errors)
    cleaned["deadline_overrides"] = overrides or None
    if errors:
        raise SettingsError(errors)
    return cleaned


def _clean_deadlines(raw: dict[str, tuple[str, str]]) -> tuple[dict[str, Any],
                                                                  dict[str, str]]:
    """The overrides typed on the screen, checked by the rules' own check
    (``hub.content.deadlines.clean_overrides``, which ``rules_for`` applies too)."""
    wanted: dict[str, dict[str, Any]] = {}
    errors: dict[str, str] = {}
    for key, (amount, unit) in raw.items():
        amount = str(amount or "").strip()
        if not amount:
            continue
        if not amount.isdigit():
            errors[deadline_field(key)] = _("The amount must be a whole number.")
            continue
        wanted[key] = {"amount": int(amount), "unit": unit}
    try:
        return clean_overrides(wanted, default_rules()), errors
    except InvalidDeadlineOverrides as invalid:
        errors.update({deadline_field(key): message
                       for key, message in invalid.errors.items()})
        return {}, errors


def save_settings(tenant: Tenant, values: dict[str, Any], *, by: Any) -> list[str]:
    """Store the cleaned ``values``; return the keys that changed (audited by name)."""
    changed = sorted(key for key, value in values.items()
                     if tenant.setting(key) != value)
    if changed:
        tenant.update_settings(**{key: values[key] for key in changed})
        db.session.flush()
        record("site.settings_changed", actor=by, obj=tenant, tenant_id=tenant.id,
               keys=changed)
    return changed


# --- the screen -----------------------------------------------------------------------

def _form_for(tenant: Tenant) -> SettingsForm:
    form = SettingsForm(formdata=None)
    for key in (*FOOTER_FACTS, "name_en", *ENGLISH_FACTS, "privacy_notice",
                *CONSULTATION_KEYS):
        value = tenant.setting(key)
        form[key].data = "" if value is None else str(value)
    form.languages.data = list(tenant.setting("languages") or [DEFAULT_LOCALE])
    form.question_fields.data = list(asked_fields(tenant))
    rules = default_rules()
    overrides = tenant.setting("deadline_overrides") or {}
    for key, amount, unit in form.deadline_fields():
        own = overrides.get(key) if isinstance(overrides, dict) else None
        amount.data = str(own["amount"]) if isinstance(own, dict) and "amount" in own \
            else ""
        if unit is not None:
            unit.data = (own or {}).get("unit") if isinstance(own, dict) else None
            unit.data = unit.data or (rules[key].unit if key in rules else "working_days")
    return form


def settings_page(tenant: Tenant, form: SettingsForm | None = None, *,
                  banner_form: BannerForm | None = None, error: str | None = None,
                  status: int = 200):  # type: ignore[no-untyped-def]
    """The screen with ``form`` (the site's values when None) and the banner's form."""
    return render_template(
        "admin/settings.html", form=form or _form_for(tenant), error=error, tenant=tenant,
        banner_form=banner_form or BannerForm(formdata=None),
        remove_banner_form=RemoveBannerForm(formdata=None), banner=site_banner(tenant),
        missing=missing_facts(tenant),
        rules=default_rules(), rule_labels=RULE_LABELS, rule_keys=RULE_KEYS,
        deadline_unit_field=deadline_unit_field,
        consultation_max=CONSULTATION_MAX_DAYS), status


@permission_required("settings.manage")
def settings():  # type: ignore[no-untyped-def]
    tenant = db.get_or_404(Tenant, current_site().tenant_id)
    if request.method == "GET":
        return settings_page(tenant)
    form = SettingsForm()
    if not form.validate_on_submit():
        return settings_page(tenant, form, error=_("The form has expired. Please send it again."),
                     status=400)
    try:
        values = clean_settings(form.values())
    except SettingsError as invalid:
        form.show_errors(invalid.errors)
        return settings_page(tenant, form, status=422, error=_(
            "The settings were not saved. Please correct what is marked below."))
    changed = save_settings(tenant, values, by=current_user._get_current_object())
    flash(_("The settings have been saved.") if changed
          else _("Nothing had changed."), "success")
    return redirect(url_for("admin.settings"))
