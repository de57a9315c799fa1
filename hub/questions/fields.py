"""The fields (lĩnh vực) a question is filed under: one list for the province, so the
province portal can filter every site's questions by the same fields. Keys are stored;
labels are translated (an English host shows no Vietnamese)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

FIELDS: dict[str, object] = {
    "land": _l("Land"),
    "construction": _l("Construction and housing"),
    "tax": _l("Tax, fees and charges"),
    "labour": _l("Labour, employment and social insurance"),
    "education": _l("Education and training"),
    "health": _l("Health"),
    "transport": _l("Transport"),
    "justice": _l("Justice and civil status"),
    "business": _l("Business registration and investment"),
    "agriculture": _l("Agriculture and rural development"),
    "environment": _l("Natural resources and environment"),
    "culture": _l("Culture, sports and tourism"),
    "science": _l("Science and technology"),
    "information": _l("Information and communications"),
    "other": _l("Other"),
}


def field_label(key: str) -> str:
    return str(FIELDS.get(key, key))


# The form's optional fields a site may choose to ask (the setting ``question_fields``);
# the name, the field, the title and the question itself are always asked.
OPTIONAL_FIELDS: dict[str, object] = {
    "email": _l("Email"),
    "phone": _l("Telephone"),
    "attachment": _l("Attached file"),
}


def asked_fields(tenant: Any) -> tuple[str, ...]:
    """The optional fields the site's question form asks: its setting, else all."""
    chosen = tenant.setting("question_fields") if tenant is not None else None
    if not isinstance(chosen, list):
        return tuple(OPTIONAL_FIELDS)
    return tuple(key for key in OPTIONAL_FIELDS if key in chosen)
