"""Revisions: what an item looked like at each save, and readable differences.

A revision's ``snapshot`` holds every editable field (``validation.fields_of``) as JSON
(dates as ISO text, enums as their values) plus the item's files and, for a legal
document, what it replaces or amends. The same snapshot fed back to the save service is
how an old revision is restored (as a new revision, validated like any save).
"""

from __future__ import annotations

import difflib
import enum
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy import select

from hub.content.fields import field_label, fields_of, list_fields_of
from hub.content.models import ContentItem, ContentType, LegalDocument, Revision
from hub.directory.models import Category
from hub.extensions import db
from hub.files.models import Attachment
from hub.workflow.errors import WorkflowError

# Fields whose changes are shown line by line rather than as before/after.
_LONG_KINDS = ("html", "text")
_BLOCK_END = re.compile(r"(</(?:p|li|h[1-6]|tr|blockquote|ul|ol|table|div)>|<br\s*/?>)",
                        re.IGNORECASE)


@dataclass(frozen=True)
class DiffLine:
    kind: str      # "same" | "added" | "removed"
    text: Markup   # escaped


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    before: Markup                 # escaped, readable value (empty for long text)
    after: Markup
    lines: list[DiffLine] = field(default_factory=list)  # long text: line by line



class RevisionNotFound(WorkflowError, LookupError):
    """No revision with that number on this item (the view answers 404)."""

    http_status = 404

    def __init__(self, number: int) -> None:
        super().__init__(f"no revision {number}")
        self.number = number

def _json_value(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)  # SQLite: naive UTC
        return moment.astimezone(UTC).isoformat()
    if isinstance(value, (date, time)):
        return value.isoformat()
    return value


def snapshot(item: ContentItem) -> dict[str, Any]:
    """Every editable field of ``item`` as JSON-ready values."""
    data = {spec.name: _json_value(getattr(item, spec.name, None))
            for spec in fields_of(item.type)}
    data["attachments"] = [[link.attachment_id, link.role]
                           for link in sorted(item.attachments, key=lambda a: a.position)]
    if isinstance(item, LegalDocument):
        for relation in ("replaces", "amends"):
            data[relation] = sorted(r.target_id for r in item.relations
                                    if r.relation == relation)
    return data


def get_revision(item: ContentItem, number: int) -> Revision | None:
    return db.session.scalar(select(Revision).where(Revision.item_id == item.id,
                                                    Revision.number == number))


def history(item: ContentItem) -> list[Revision]:
    """The item's revisions, newest first."""
    return list(db.session.scalars(select(Revision).where(Revision.item_id == item.id)
                                   .order_by(Revision.number.desc())))


def restorable_data(revision: Revision) -> dict[str, Any]:
    """The revision's snapshot, without references to what no longer exists (a category
    or a document deleted since), ready for the save service."""
    data = dict(revision.snapshot)
    if data.get("category_id") and db.session.get(Category, data["category_id"]) is None:
        data["category_id"] = None
    for relation in ("replaces", "amends"):
        if relation in data:
            data[relation] = [i for i in data[relation]
                              if db.session.get(LegalDocument, i) is not None]
    data["attachments"] = [a for a in data.get("attachments", [])
                           if db.session.get(Attachment, a[0]) is not None]
    return data


def revision_note_label(note: str) -> str:
    """How a revision's note is shown: "create", "edit", "restore:3"."""
    kind, _sep, number = (note or "edit").partition(":")
    if kind == "create":
        return _("First version")
    if kind == "restore":
        return _("Restored from revision %(number)s", number=number)
    return _("Edited")


# --- comparing -----------------------------------------------------------------------

def compare(item: ContentItem, a: int, b: int) -> list[FieldChange]:
    """What changed from revision ``a`` to revision ``b`` of ``item``.

    Raises ``hub.workflow.errors.RevisionNotFound`` when either does not exist.
    """
    before, after = get_revision(item, a), get_revision(item, b)
    if before is None or after is None:
        raise RevisionNotFound(a if before is None else b)
    return compare_snapshots(item.type, before.snapshot, after.snapshot)


def compare_snapshots(content_type: ContentType, before: dict[str, Any],
                      after: dict[str, Any]) -> list[FieldChange]:
    """Readable differences between two snapshots (or a snapshot and a user's data)."""
    changes: list[FieldChange] = []
    kinds = {spec.name: spec.kind for spec in fields_of(content_type)}
    for name in [*kinds, *list_fields_of(content_type)]:
        old, new = before.get(name), after.get(name)
        if _same(old, new):
            continue
        label = field_label(content_type, name)
        if kinds.get(name) in _LONG_KINDS:
            changes.append(FieldChange(name, label, Markup(""), Markup(""),
                                       _line_diff(str(old or ""), str(new or ""))))
        else:
            changes.append(FieldChange(name, label, _display(name, kinds.get(name), old),
                                       _display(name, kinds.get(name), new)))
    return changes


def _same(old: Any, new: Any) -> bool:
    empty = (None, "", [], False)
    if old in empty and new in empty:
        return True
    return _json_value(old) == _json_value(new) or str(old) == str(new)


def _lines(text: str) -> list[str]:
    # Rich text is one long line of HTML: break it after block elements so the diff
    # shows paragraphs, not a single changed line.
    text = _BLOCK_END.sub(lambda m: m.group(1) + "\n", text)
    return [line.strip() for line in text.splitlines() if line.strip()]


def _line_diff(old: str, new: str) -> list[DiffLine]:
    lines: list[DiffLine] = []
    for entry in difflib.ndiff(_lines(old), _lines(new)):
        marker, text = entry[:2], entry[2:]
        if marker == "? ":
            continue  # ndiff's hint lines
        kind = {"+ ": "added", "- ": "removed"}.get(marker, "same")
        lines.append(DiffLine(kind, escape(text)))
    return lines


def _display(name: str, kind: str | None, value: Any) -> Markup:
    if value in (None, "", []):
        return Markup("")
    try:
        if kind == "category":
            category = db.session.get(Category, int(value))
            return escape(category.name if category else f"#{value}")
        if name == "attachments":
            names = []
            for attachment_id, role in value:
                attachment = db.session.get(Attachment, int(attachment_id))
                names.append(f"{attachment.filename if attachment else attachment_id}"
                             f" ({role})")
            return escape(", ".join(names))
        if name in ("replaces", "amends"):
            numbers = []
            for document_id in value:
                document = db.session.get(LegalDocument, int(document_id))
                numbers.append(document.number if document else f"#{document_id}")
            return escape(", ".join(numbers))
        if kind == "date":
            return escape(format_date(date.fromisoformat(str(value))))
        if kind == "datetime":
            return escape(format_datetime(datetime.fromisoformat(str(value))))
        if kind == "bool":
            return escape(_("Yes") if value else _("No"))
    except (TypeError, ValueError):
        pass  # an unexpected shape in an old snapshot: show it as it is
    return escape(str(value))
