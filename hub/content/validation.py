"""Checking and cleaning the data of a content item before anything is written.

``validate`` takes what a form (or an importer) sent, field by field, and returns typed,
clean values or raises ``ContentValidationError`` with one readable message per field.
Rich text goes through ``hub.core.sanitize.clean_html`` (the one sanitiser), plain
text through ``clean_text`` (NFC, no control characters). The rules of the regulation
live here: a legal document's effective date is not before its issue date, its number
(số, ký hiệu) is unique in the site, a procedure's link goes to the national portal over
http(s), images carry alternative text, a draft stays open for comment the site's
minimum number of working days.
"""

from __future__ import annotations

import enum
import json
import re
import unicodedata
from datetime import UTC, date, datetime, time
from typing import Any
from urllib.parse import urlsplit

from flask_babel import gettext as _
from sqlalchemy import select

from hub.content import consultation_period
from hub.content.fields import ATTACHMENT_ROLES, Field, fields_of, list_fields_of
from hub.content.models import ArticleKind, ContentItem, ContentType, LegalDocument
from hub.core.clock import local_today, site_timezone
from hub.core.sanitize import clean_html, clean_line, clean_text, missing_alt_images
from hub.core.slugs import slugify
from hub.core.text import fold_vietnamese
from hub.directory.models import Category
from hub.extensions import db
from hub.files.models import Attachment
from hub.formatting import format_day_short
from hub.workflow.errors import ContentValidationError
from tenants import context

T = ContentType


# --- keys and slugs ---------------------------------------------------------------

_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_SPACES_AROUND = re.compile(r"\s*([/\-.])\s*")
_NUMBER_PREFIX = re.compile(r"^(số|so)\s*[:.]?\s*", re.IGNORECASE)
_NUMBER_SHAPE = re.compile(r"^\d+[^\s/]*/\S+$")


def normalise_document_number(number: str) -> str:
    """As printed, tidied: "Số: 40 / 2024 / QĐ – UBND" -> "40/2024/QĐ-UBND"."""
    text = unicodedata.normalize("NFC", number).strip()
    text = _NUMBER_PREFIX.sub("", text)
    text = _DASHES.sub("-", text)
    return _SPACES_AROUND.sub(r"\1", text)


def document_number_key(number: str) -> str:
    """The folded number that must be unique per site: "40/2024/qd-ubnd"."""
    return re.sub(r"\s+", "", fold_vietnamese(normalise_document_number(number)))


def procedure_code_key(code: str) -> str:
    return re.sub(r"\s+", "", fold_vietnamese(unicodedata.normalize("NFC", code).strip()))


# --- parsers: each returns the typed value or raises _Invalid with a message --------

class _Invalid(ValueError):
    pass


def _parse_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise _Invalid(_("Enter a date such as 31/12/2026."))


def _parse_time(value: Any) -> time | None:
    if isinstance(value, time):
        return value
    text = str(value).strip().lower().replace("h", ":")
    for pattern in ("%H:%M", "%H:%M:%S", "%H:"):
        try:
            return datetime.strptime(text, pattern).time()
        except ValueError:
            continue
    raise _Invalid(_("Enter a time such as 07:30."))


def _parse_datetime(value: Any) -> datetime | None:
    """A moment as typed on the site (Vietnam time unless it says otherwise), in UTC."""
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value).strip()
        moment = None
        for pattern in ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M",
                        "%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M"):
            try:
                moment = datetime.strptime(text, pattern)
                break
            except ValueError:
                continue
        if moment is None:
            try:
                moment = datetime.fromisoformat(text)
            except ValueError:
                raise _Invalid(_("Enter a date and time such as 31/12/2026 14:00.")) \
                    from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=site_timezone())
    return moment.astimezone(UTC)


def _parse_enum(value: Any, choices: type[enum.Enum]) -> enum.Enum:
    if isinstance(value, choices):
        return value
    try:
        return choices(str(value).strip())
    except ValueError:
        raise _Invalid(_("Choose one of the listed values.")) from None


def _parse_int(value: Any) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        raise _Invalid(_("Enter a whole number.")) from None


def _parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "y", "yes", "on"}


def _parse_url(value: Any) -> str:
    text = str(value).strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(
            ch.isspace() for ch in text):
        raise _Invalid(_("Enter a web address starting with https:// or http://."))
    return text


def _parse_category(value: Any) -> int:
    category = db.session.get(Category, _parse_int(value))  # another site's: None
    if category is None:
        raise _Invalid(_("Choose a category of this site."))
    return category.id


def _parse_image(value: Any) -> int:
    attachment = db.session.get(Attachment, _parse_int(value))
    if attachment is None or not attachment.is_image:
        raise _Invalid(_("Choose an image uploaded to this site."))
    if not (attachment.alt_text or "").strip():
        raise _Invalid(_("The image needs a text alternative (alt text) before it "
                         "can be used."))
    return attachment.id


def _clean_value(spec: Field, value: Any) -> Any:
    if spec.kind in ("line", "text", "html") and not isinstance(value, str):
        value = "" if value is None else str(value)
    if spec.kind == "line":
        return clean_line(value)
    if spec.kind == "text":  # multi-line plain text: line breaks are kept
        return clean_text(value)
    if spec.kind == "html":
        html = clean_html(value)
        if missing_alt_images(html):
            raise _Invalid(_("Every image needs a text alternative (alt text)."))
        return html
    if value is None or (isinstance(value, str) and not value.strip()):
        return False if spec.kind == "bool" else spec.default
    parse = {"date": _parse_date, "time": _parse_time, "datetime": _parse_datetime,
             "int": _parse_int, "bool": _parse_bool, "url": _parse_url,
             "category": _parse_category, "image": _parse_image}.get(spec.kind)
    if spec.kind == "enum":
        return _parse_enum(value, spec.choices)  # type: ignore[arg-type]
    return parse(value)  # type: ignore[misc]


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- lists: attachments and document relations ------------------------------------

def _as_list(value: Any) -> list[Any]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip().startswith("[") else value.split(",")
        except ValueError:
            raise _Invalid(_("The list could not be read.")) from None
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _clean_attachments(value: Any) -> list[tuple[int, str]]:
    cleaned: list[tuple[int, str]] = []
    for entry in _as_list(value):
        if isinstance(entry, dict):
            attachment_id, role = entry.get("attachment_id"), entry.get("role", "file")
        elif isinstance(entry, (list, tuple)):
            attachment_id, role = entry[0], entry[1] if len(entry) > 1 else "file"
        else:
            attachment_id, role = entry, "file"
        attachment = db.session.get(Attachment, _parse_int(attachment_id))
        if attachment is None:
            raise _Invalid(_("One of the files does not exist on this site."))
        if role not in ATTACHMENT_ROLES:
            raise _Invalid(_("Choose one of the listed values."))
        if role == "image" and not attachment.is_image:
            raise _Invalid(_("The file %(name)s is not an image.", name=attachment.filename))
        if attachment.is_image and not (attachment.alt_text or "").strip():
            raise _Invalid(_("The image %(name)s needs a text alternative (alt text).",
                             name=attachment.filename))
        if attachment.id not in {a for a, _role in cleaned}:
            cleaned.append((attachment.id, role))
    return cleaned


def _clean_relation(value: Any, item: ContentItem | None) -> list[int]:
    targets: list[int] = []
    for entry in _as_list(value):
        document = db.session.get(LegalDocument, _parse_int(entry))
        if document is None:
            raise _Invalid(_("One of the documents does not exist on this site."))
        if item is not None and document.id == item.id:
            raise _Invalid(_("A document cannot replace or amend itself."))
        if document.id not in targets:
            targets.append(document.id)
    return targets


# --- the whole item ---------------------------------------------------------------

def validate(content_type: ContentType, data: dict[str, Any],
             item: ContentItem | None = None, *, locale: str = "vi") -> dict[str, Any]:
    """Clean ``data`` for an item of ``content_type``; raise ``ContentValidationError``.

    Creating (``item`` None): every required field must be given. Saving: fields absent
    from ``data`` keep their current value; the cross-field rules are checked on the
    result. Unknown keys (a form's CSRF token, its button) are ignored.
    """
    content_type = ContentType(content_type)
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for spec in fields_of(content_type):
        if spec.name not in data:
            if item is None and spec.required:
                errors[spec.name] = _("This field is required.")
            continue
        try:
            value = _clean_value(spec, data[spec.name])
        except _Invalid as invalid:
            errors[spec.name] = str(invalid)
            continue
        if spec.required and _is_empty(value):
            errors[spec.name] = _("This field is required.")
        elif spec.max_length and isinstance(value, str) and len(value) > spec.max_length:
            errors[spec.name] = _("At most %(count)d characters.", count=spec.max_length)
        else:
            cleaned[spec.name] = value
    for name in list_fields_of(content_type):
        if name in data:
            try:
                cleaned[name] = (_clean_attachments(data[name]) if name == "attachments"
                                 else _clean_relation(data[name], item))
            except _Invalid as invalid:
                errors[name] = str(invalid)

    if cleaned.get("number"):
        cleaned["number"] = normalise_document_number(cleaned["number"])
    merged = _merged(content_type, cleaned, item)
    if "slug" in cleaned and cleaned["slug"]:
        cleaned["slug"] = slugify(cleaned["slug"])
        if not cleaned["slug"]:
            errors["slug"] = _("Use letters or digits in the web address.")
    errors.update(_cross_field_errors(content_type, merged, errors))
    if not errors:
        errors.update(_uniqueness_errors(content_type, cleaned, item,
                                         item.locale if item is not None else locale))
    if errors:
        raise ContentValidationError(errors)
    return cleaned


def _merged(content_type: ContentType, cleaned: dict[str, Any],
            item: ContentItem | None) -> dict[str, Any]:
    values = {spec.name: getattr(item, spec.name, None) if item is not None else None
              for spec in fields_of(content_type)}
    values.update(cleaned)
    return values


def _cross_field_errors(content_type: ContentType, v: dict[str, Any],
                        known: dict[str, str]) -> dict[str, str]:
    errors: dict[str, str] = {}

    def check(field: str, bad: bool, message: str) -> None:
        if bad and field not in known and field not in errors:
            errors[field] = message

    if "lead_image_id" in v:
        check("lead_image_alt", bool(v["lead_image_id"] and not v.get("lead_image_alt")),
              _("Describe the lead image for readers who cannot see it."))

    if content_type is T.LEGAL_DOCUMENT:
        issued, effective, expires = v["issued_on"], v["effective_on"], v["expires_on"]
        if v.get("number"):
            check("number", not _NUMBER_SHAPE.match(normalise_document_number(v["number"])),
                  _("Enter the number and symbol as printed on the document, e.g. "
                    "40/2024/QĐ-UBND."))
        if issued:
            check("issued_on", issued > local_today(),
                  _("The issue date cannot be in the future."))
        if issued and effective:
            check("effective_on", effective < issued,
                  _("The effective date cannot be before the issue date."))
        start = effective or issued
        if start and expires:
            check("expires_on", expires <= start,
                  _("The expiry date must be after the effective date."))
    elif content_type is T.ARTICLE:
        check("event_starts_at", v["kind"] is ArticleKind.EVENT and not v["event_starts_at"],
              _("Enter when the event took place: its news is due 8 working hours "
                "after it."))
    elif content_type is T.CONSULTATION:
        opens, closes = v["opens_on"], v["closes_on"]
        if opens and closes:
            earliest = consultation_period.earliest_close(opens, context.current_tenant_id())
            check("closes_on", closes <= opens,
                  _("The closing date must be after the opening date."))
            check("closes_on", closes < earliest,
                  _("Comments must be received for at least %(days)s working days: close "
                    "them on %(day)s or later.",
                    days=consultation_period.minimum_working_days(
                        context.current_tenant_id()),
                    day=format_day_short(earliest)))
    elif content_type is T.DISCLOSURE:
        start, end = v["period_start"], v["period_end"]
        check("period_end", bool(start and end and end < start),
              _("The end of the period cannot be before its start."))
    return errors


def _uniqueness_errors(content_type: ContentType, cleaned: dict[str, Any],
                       item: ContentItem | None, locale: str) -> dict[str, str]:
    """Within this site (the tenant scope applies): a number, a code, an address."""
    errors: dict[str, str] = {}
    own_id = item.id if item is not None else None
    key = natural_key_for(content_type, cleaned)
    if key is not None:
        clash = db.session.scalars(
            select(ContentItem).where(ContentItem.type == content_type,
                                      ContentItem.locale == locale,
                                      ContentItem.natural_key == key,
                                      ContentItem.id != (own_id or 0)).limit(1)).first()
        if clash is not None:
            # Name the number as the existing document prints it: that is the one the
            # editor will find in the list.
            if content_type is T.LEGAL_DOCUMENT:
                errors["number"] = _("A document with the number %(number)s already "
                                     "exists on this site.", number=clash.number)
            else:
                errors["code"] = _("A procedure with the code %(code)s already exists on "
                                   "this site.", code=clash.code)
    if cleaned.get("slug"):
        taken = db.session.scalar(
            select(ContentItem.id).where(ContentItem.locale == locale,
                                         ContentItem.slug == cleaned["slug"],
                                         ContentItem.id != (own_id or 0)).limit(1))
        if taken is not None:
            errors["slug"] = _("This web address is already used by another item.")
    return errors


def natural_key_for(content_type: ContentType, values: dict[str, Any]) -> str | None:
    """The per-site unique key of an item, from the values given (None: unchanged/none)."""
    if content_type is T.LEGAL_DOCUMENT and values.get("number"):
        return document_number_key(values["number"])
    if content_type is T.PROCEDURE and values.get("code"):
        return procedure_code_key(values["code"])
    return None
