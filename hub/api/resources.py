"""The content types the API publishes, described once.

Each ``Resource`` says where its list lives, which model it reads, which fields of that
type it adds to the common ones, which filters it accepts and how its list is ordered.
The controllers, the serializer and the OpenAPI document all read this table, so the
document cannot describe fields or filters the endpoints do not have.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement

from hub.api.params import Param, bool_param, date_param, enum_param, int_param, text_param
from hub.content.models import (
    Article,
    ArticleKind,
    Consultation,
    ContentItem,
    Disclosure,
    DisclosureKind,
    LegalDocument,
    LegalDocumentType,
    Page,
    PageKind,
    Procedure,
    Register,
    ScheduleEntry,
    Validity,
)
from hub.core.openapi import N_

STRING = {"type": "string"}
DATE = {"type": ["string", "null"], "format": "date"}
DATETIME = {"type": ["string", "null"], "format": "date-time"}
# Local wall-clock time (Asia/Ho_Chi_Minh) without an offset, so not RFC 3339 "time".
TIME = {"type": ["string", "null"], "pattern": "^[0-2][0-9]:[0-5][0-9](:[0-5][0-9])?$"}
INT_OR_NULL = {"type": ["integer", "null"]}


def enum_schema(choices: Any, nullable: bool = False) -> dict[str, Any]:
    values = [c.value for c in choices]
    return {"type": ["string", "null"] if nullable else "string",
            "enum": values + ([None] if nullable else [])}


@dataclass(frozen=True)
class Resource:
    name: str                                   # path segment and OpenAPI tag
    schema_name: str                            # components/schemas name
    model: type[ContentItem]
    fields: tuple[tuple[str, dict[str, Any]], ...]   # type-specific (attribute, schema)
    filters: tuple[Param, ...]
    # The date that ``from``/``to``/``year`` filter on: a Date column, or None for the
    # publication time.
    date_column: Any = None
    order: tuple[Any, ...] = ()
    summary: str = ""
    # Computed fields beyond the columns (``serialize.EXTRAS`` fills them): in lists and
    # details, in details only; and the component schemas they refer to.
    extra_fields: tuple[tuple[str, dict[str, Any]], ...] = ()
    detail_fields: tuple[tuple[str, dict[str, Any]], ...] = ()
    schemas: dict[str, Any] = field(default_factory=dict)

    @property
    def endpoint(self) -> str:
        return self.name.replace("-", "_")

    @property
    def list_endpoint(self) -> str:
        return f"api.{self.endpoint}_list"

    @property
    def item_endpoint(self) -> str:
        return f"api.{self.endpoint}_item"

    def order_by(self) -> tuple[ColumnElement[Any], ...]:
        return self.order or (ContentItem.published_at.desc(), ContentItem.id.desc())


CATEGORY = text_param("category", "Slug of a category; its sub-categories are included.")
DATE_RANGE = (
    date_param("from", "Only items dated on or after this day (YYYY-MM-DD)."),
    date_param("to", "Only items dated on or before this day (YYYY-MM-DD)."),
    int_param("year", 1900, 2100, "Only items dated in this year."),
)

RESOURCES: tuple[Resource, ...] = (
    Resource(
        "articles", "Article", Article,
        (("kind", enum_schema(ArticleKind)), ("event_starts_at", DATETIME),
         ("event_place", STRING)),
        (enum_param("kind", ArticleKind, "Kind of article."),
         bool_param("featured", "Only featured (true) or only other (false) articles."),
         CATEGORY, *DATE_RANGE),
        summary=N_("News, events and announcements.")),
    Resource(
        "pages", "Page", Page,
        (("kind", enum_schema(PageKind)), ("position", {"type": "integer"})),
        (enum_param("kind", PageKind, "Kind of page."), CATEGORY),
        order=(Page.position, ContentItem.title, ContentItem.id),
        summary=N_("Static pages: introduction, history, organisation, functions.")),
    Resource(
        "legal-documents", "LegalDocument", LegalDocument,
        (("number", STRING), ("document_type", enum_schema(LegalDocumentType)),
         ("issuer", STRING), ("signer", STRING), ("issued_on", DATE),
         ("effective_on", DATE), ("expires_on", DATE),
         ("validity", enum_schema(Validity)), ("field", STRING),
         ("gazette_number", STRING), ("register", enum_schema(Register))),
        (enum_param("type", LegalDocumentType, "Type of document."),
         enum_param("register", Register,
                    "Register: normative (legal normative documents: laws, decrees, "
                    "circulars, and decisions and resolutions numbered with their year, "
                    "as 40/2024/QĐ-UBND) or directive (directive and administrative "
                    "documents: directives, official letters, notices, plans, reports, "
                    "individual decisions as 1234/QĐ-UBND)."),
         text_param("issuer", "Issuing authority (exact name)."),
         text_param("field", "Field (exact name)."),
         enum_param("validity", Validity, "Validity."),
         CATEGORY, *DATE_RANGE),
        date_column=LegalDocument.issued_on,
        order=(LegalDocument.issued_on.desc(), ContentItem.id.desc()),
        summary=N_("Legal documents, normative and directive; dates filter on the issue date.")),
    Resource(
        "procedures", "Procedure", Procedure,
        (("code", STRING), ("field", STRING), ("agency", STRING),
         ("service_level", STRING), ("steps", STRING), ("dossier", STRING),
         ("processing_time", STRING), ("fees", STRING), ("legal_basis", STRING),
         ("national_portal_url", STRING), ("effective_on", DATE)),
        (text_param("field", "Field (exact name)."),
         text_param("agency", "Implementing agency (exact name)."),
         text_param("level", "Online service level (exact value)."),
         CATEGORY, *DATE_RANGE),
        order=(Procedure.code, ContentItem.id),
        summary=N_("Administrative procedures.")),
    Resource(
        "schedule", "ScheduleEntry", ScheduleEntry,
        (("leader", STRING), ("day", DATE), ("starts_at", TIME), ("place", STRING),
         ("participants", STRING), ("host_unit", STRING)),
        (text_param("leader", "Leader (exact name)."), *DATE_RANGE),
        date_column=ScheduleEntry.day,
        order=(ScheduleEntry.day, ScheduleEntry.starts_at, ContentItem.id),
        summary=N_("The leaders' work schedule; dates filter on the day of the entry.")),
    Resource(
        "disclosures", "Disclosure", Disclosure,
        (("kind", enum_schema(DisclosureKind)), ("period", STRING),
         ("period_start", DATE), ("period_end", DATE)),
        (enum_param("kind", DisclosureKind, "Kind of disclosure."), CATEGORY,
         *DATE_RANGE),
        summary=N_("Disclosures: budget, public investment, procurement, statistics.")),
)

class ConsultationState(str, enum.Enum):
    """Where a draft for consultation stands today (the ``state`` filter and field)."""
    UPCOMING = "upcoming"
    OPEN = "open"
    CLOSED = "closed"                        # closed, the agency analysing the comments
    OUTCOME_PUBLISHED = "outcome_published"  # the agency published its responses


def _schema_ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


CONSULTATIONS = Resource(
    "consultations", "Consultation", Consultation,
    (("drafting_agency", STRING), ("field", STRING), ("opens_on", DATE),
     ("closes_on", DATE), ("contact_person", STRING)),
    (enum_param("state", ConsultationState, "Where the draft stands today."),
     text_param("field", "Field (exact name)."), CATEGORY, *DATE_RANGE),
    date_column=Consultation.opens_on,
    order=(Consultation.opens_on.desc(), ContentItem.id.desc()),
    summary=N_("Drafts for public consultation (003 Art. 5.1.m), with the published "
               "comments and the agency's outcome; dates filter on the opening day."),
    extra_fields=(("state", enum_schema(ConsultationState)),
                  ("clauses", {"type": "array", "items": STRING}),
                  ("outcome_published_at", DATETIME)),
    detail_fields=(("comments", {"type": "array",
                                 "items": _schema_ref("ConsultationComment")}),
                   ("outcome", {"oneOf": [{"type": "null"},
                                          _schema_ref("ConsultationOutcome")]})),
    schemas={
        "ConsultationComment": {
            "type": "object", "additionalProperties": False,
            "required": ["id", "sender", "on_behalf_of_organisation", "clause", "body",
                         "received_at", "file_url", "response", "explanation"],
            "properties": {
                "id": {"type": "integer"}, "sender": STRING,
                "on_behalf_of_organisation": {"type": "boolean"},
                "clause": {**STRING, "description": "Empty: the draft as a whole."},
                "body": STRING, "received_at": {"type": "string", "format": "date-time"},
                "file_url": {"type": ["string", "null"], "format": "uri"},
                "response": {"type": ["string", "null"],
                             "enum": ["accepted", "partly_accepted", "not_accepted",
                                      None],
                             "description": "Shown once the outcome is published."},
                "explanation": STRING}},
        "ConsultationOutcome": {
            "type": "object", "additionalProperties": False,
            "required": ["published_at", "summary", "docx_url", "csv_url"],
            "properties": {
                "published_at": {"type": "string", "format": "date-time"},
                "summary": STRING,
                "docx_url": {"type": "string", "format": "uri"},
                "csv_url": {"type": "string", "format": "uri"}}},
    })
RESOURCES = (*RESOURCES, CONSULTATIONS)

BY_NAME: dict[str, Resource] = {resource.name: resource for resource in RESOURCES}
BY_MODEL: dict[type[ContentItem], Resource] = {r.model: r for r in RESOURCES}
# Body-like fields left out of lists (they can be long); details carry them.
DETAIL_ONLY = frozenset({"body", "steps", "dossier", "legal_basis", "participants"})
