"""An item's metadata as staff read it on its page: one row per field of its type.

The fields and their labels are the workflow's (``hub.content.validation.fields_of``),
so the page, the form and the revision diff name a field the same way. Values are
escaped here, except rich text, which was sanitised when it was saved.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from markupsafe import Markup, escape

from hub.content import labels
from hub.content.models import ContentItem
from hub.content.validation import fields_of
from hub.extensions import db
from hub.files.models import Attachment

# Shown elsewhere on the page: the heading, summary and body; byline and source first.
_SHOWN_APART = frozenset({"title", "summary", "body", "author_byline", "source"})


@dataclass(frozen=True)
class Detail:
    name: str
    label: str
    value: Markup
    kind: str


def _enum_label(value: enum.Enum) -> str:
    table = labels.ENUM_LABELS.get(type(value), {})
    return str(table.get(value, value.value))


def display_value(kind: str, value: Any) -> Markup:
    """One value, readable and escaped (rich text as saved: it is sanitised)."""
    if value is None or value == "":
        return Markup("")
    if kind == "html":
        return Markup(value)  # noqa: S704 - sanitised by clean_html when saved
    if isinstance(value, enum.Enum):
        return escape(_enum_label(value))
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return escape(format_datetime(moment, "HH:mm dd/MM/yyyy"))
    if isinstance(value, date):
        return escape(format_date(value, "dd/MM/yyyy"))
    if isinstance(value, time):
        return escape(value.strftime("%H:%M"))
    if isinstance(value, bool):
        return escape(_("Yes") if value else _("No"))
    return escape(value)


def item_details(item: ContentItem) -> list[Detail]:
    details = []
    for spec in fields_of(item.type):
        if spec.name in _SHOWN_APART:
            continue
        value = getattr(item, spec.name, None)
        if spec.kind == "category":
            value = item.category.name if item.category is not None else ""
        elif spec.kind == "image" and value:
            attachment = db.session.get(Attachment, value)
            value = attachment.filename if attachment is not None else ""
        details.append(Detail(spec.name, str(spec.label), display_value(spec.kind, value),
                              spec.kind))
    if getattr(item, "relations", None):
        for relation, label in (("replaces", _("Replaces")), ("amends", _("Amends"))):
            numbers = [r.target.number for r in item.relations if r.relation == relation]
            if numbers:
                details.append(Detail(relation, label, escape(", ".join(numbers)), "line"))
    return details
