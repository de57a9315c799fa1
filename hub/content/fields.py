"""The fields of each content type: what a form shows, what validation checks, what a
revision keeps and how a change is labelled in a comparison.

One table per type (``TYPE_FIELDS``) beside the fields every item has
(``COMMON_FIELDS``). ``kind`` says how a value is cleaned (``validation.py``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from hub.content.models import (
    ArticleKind,
    ContentType,
    DisclosureKind,
    LegalDocumentType,
    PageKind,
    Validity,
)

T = ContentType


@dataclass(frozen=True)
class Field:
    name: str
    kind: str        # line | text | html | date | time | datetime | enum | int | bool | url
                     # | category | image
    label: Any
    required: bool = False
    max_length: int | None = None
    choices: type[enum.Enum] | None = None
    default: Any = None  # what an empty optional value becomes (columns without NULL)


COMMON_FIELDS: tuple[Field, ...] = (
    Field("title", "line", _l("Title"), required=True, max_length=500),
    Field("slug", "line", _l("Web address"), max_length=200),
    Field("summary", "text", _l("Summary")),                      # trích yếu / sapo
    Field("body", "html", _l("Content")),
    Field("category_id", "category", _l("Category")),
    Field("author_byline", "line", _l("Author"), max_length=200),   # Article 6.3
    Field("source", "line", _l("Source"), max_length=300),
    Field("featured", "bool", _l("Featured")),
)

# The photograph at the top of an item (ảnh đại diện), its description in the item's
# language (WCAG 1.1.1), caption and credit.
LEAD_IMAGE_FIELDS: tuple[Field, ...] = (
    Field("lead_image_id", "image", _l("Lead image")),
    Field("lead_image_alt", "line", _l("Description of the lead image"), max_length=500),
    Field("lead_image_caption", "line", _l("Caption of the lead image"), max_length=500),
    Field("lead_image_credit", "line", _l("Photo credit"), max_length=200),
)

TYPE_FIELDS: dict[ContentType, tuple[Field, ...]] = {
    T.ARTICLE: (
        Field("kind", "enum", _l("Kind of article"), choices=ArticleKind,
              default=ArticleKind.NEWS),
        Field("event_starts_at", "datetime", _l("Event date and time")),
        Field("event_place", "line", _l("Event place"), max_length=300),
        *LEAD_IMAGE_FIELDS,
    ),
    T.PAGE: (
        Field("kind", "enum", _l("Kind of page"), choices=PageKind, default=PageKind.OTHER),
        Field("org_chart_id", "image", _l("Organisation chart")),
        Field("org_tree", "text", _l("Organisation tree")),
        Field("position", "int", _l("Display order"), default=0),
        *LEAD_IMAGE_FIELDS,
    ),
    T.LEGAL_DOCUMENT: (
        Field("number", "line", _l("Number and symbol"), required=True, max_length=120),
        Field("document_type", "enum", _l("Type of document"), required=True,
              choices=LegalDocumentType),
        Field("issuer", "line", _l("Issuing authority"), required=True, max_length=300),
        Field("signer", "line", _l("Signed by"), max_length=200),
        Field("issued_on", "date", _l("Issue date"), required=True),
        Field("effective_on", "date", _l("Effective date")),
        Field("expires_on", "date", _l("Expiry date")),
        Field("validity", "enum", _l("Validity"), choices=Validity,
              default=Validity.IN_FORCE),
        Field("field", "line", _l("Field"), max_length=200),
        Field("gazette_number", "line", _l("Official gazette number"), max_length=60),
    ),
    T.PROCEDURE: (
        Field("code", "line", _l("Procedure code"), required=True, max_length=60),
        Field("field", "line", _l("Field"), max_length=200),
        Field("agency", "line", _l("Implementing agency"), max_length=300),
        Field("service_level", "line", _l("Online service level"), max_length=40),
        Field("steps", "html", _l("Steps")),
        Field("dossier", "html", _l("Dossier components")),
        Field("processing_time", "line", _l("Processing time"), max_length=300),
        Field("fees", "line", _l("Fees"), max_length=500),
        Field("legal_basis", "html", _l("Legal basis")),
        Field("national_portal_url", "url", _l("Link to the National Public Service "
                                               "Portal"), max_length=500),
        Field("effective_on", "date", _l("Effective date of the change")),
    ),
    T.SCHEDULE_ENTRY: (
        Field("leader", "line", _l("Leader"), required=True, max_length=200),
        Field("day", "date", _l("Date"), required=True),
        Field("starts_at", "time", _l("Start time")),
        Field("place", "line", _l("Place"), max_length=300),
        Field("participants", "text", _l("Participants")),
        Field("host_unit", "line", _l("Host unit"), max_length=300),
        *LEAD_IMAGE_FIELDS,
    ),
    T.CONSULTATION: (
        Field("drafting_agency", "line", _l("Drafting agency"), required=True,
              max_length=300),
        Field("field", "line", _l("Field"), max_length=200),
        Field("opens_on", "date", _l("Comments open on"), required=True),
        Field("closes_on", "date", _l("Comments close on"), required=True),
        Field("contact_person", "line", _l("Contact person"), max_length=300),
        Field("clauses", "text", _l("Articles and clauses (one per line)")),
    ),
    T.DISCLOSURE: (
        Field("kind", "enum", _l("Kind of disclosure"), required=True,
              choices=DisclosureKind),
        Field("period", "line", _l("Period"), max_length=60),
        Field("period_start", "date", _l("Period start")),
        Field("period_end", "date", _l("Period end")),
    ),
}

# Lists kept beside the fields: files of the item, documents a document replaces/amends.
LIST_LABELS: dict[str, Any] = {
    "attachments": _l("Attached files"),
    "replaces": _l("Replaces"),
    "amends": _l("Amends"),
}
ATTACHMENT_ROLES = ("file", "image", "form", "note")
RELATIONS = ("replaces", "amends")


def fields_of(content_type: ContentType) -> tuple[Field, ...]:
    return COMMON_FIELDS + TYPE_FIELDS[ContentType(content_type)]


def list_fields_of(content_type: ContentType) -> tuple[str, ...]:
    extra = RELATIONS if ContentType(content_type) is T.LEGAL_DOCUMENT else ()
    return ("attachments", *extra)


def field_label(content_type: ContentType, name: str) -> str:
    for spec in fields_of(content_type):
        if spec.name == name:
            return str(spec.label)
    return str(LIST_LABELS.get(name, name))

