"""Which fields of each content type are translated, and which are carried over.

Text a reader reads is translated (title, summary, body, a procedure's steps...), and
so are the author's byline and the source an item credits (Article 6.3), which the
translation shows in its own language ("Lang Son Province", not "Tỉnh Lạng Sơn");
numbers, codes, dates, names of signers and choices are the same in every language and
are copied from the source when the translation is published.
"""

from __future__ import annotations

from typing import Any

from hub.content.fields import Field, fields_of
from hub.content.models import ContentItem, ContentType

T = ContentType

COMMON = ("title", "summary", "body", "author_byline", "source")
# The lead image itself and its credit are the source's; what is said of it is translated.
LEAD_IMAGE = ("lead_image_alt", "lead_image_caption")
TRANSLATED: dict[ContentType, tuple[str, ...]] = {
    T.ARTICLE: (*COMMON, "event_place", *LEAD_IMAGE),
    T.PAGE: (*COMMON, *LEAD_IMAGE),
    T.LEGAL_DOCUMENT: (*COMMON, "issuer", "field"),
    T.PROCEDURE: (*COMMON, "field", "agency", "steps", "dossier", "processing_time",
                  "fees", "legal_basis"),
    T.SCHEDULE_ENTRY: (*COMMON, "leader", "place", "participants", "host_unit",
                       *LEAD_IMAGE),
    T.DISCLOSURE: (*COMMON, "period"),
    T.CONSULTATION: (*COMMON, "drafting_agency", "field", "contact_person", "clauses"),
}
# Never copied into the translation: its own address, and the lists kept beside fields
# (files are linked separately; relations point at Vietnamese documents).
NOT_CARRIED = frozenset({"slug", "category_id", "replaces", "amends", "attachments"})


def translated_fields(content_type: ContentType) -> tuple[Field, ...]:
    """The translated fields of a type, in form order, with their labels and kinds."""
    names = TRANSLATED[ContentType(content_type)]
    return tuple(spec for spec in fields_of(content_type) if spec.name in names)


def source_text(item: ContentItem) -> dict[str, str]:
    """The translated fields of ``item`` as they are now (what the office receives)."""
    return {spec.name: str(getattr(item, spec.name, None) or "")
            for spec in translated_fields(item.type)}


def carried_values(snapshot: dict[str, Any], content_type: ContentType) -> dict[str, Any]:
    """The source's other fields, from its revision snapshot, for the translation."""
    translated = set(TRANSLATED[ContentType(content_type)])
    return {name: value for name, value in snapshot.items()
            if name not in translated and name not in NOT_CARRIED}
