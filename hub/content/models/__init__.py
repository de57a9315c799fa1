"""Content models. Import from here: ``from hub.content.models import Article``."""

from hub.content.models.attachments import ItemAttachment
from hub.content.models.consultations import Consultation, ConsultationPhase
from hub.content.models.items import ContentItem, ContentType
from hub.content.models.revisions import Revision, WorkflowEvent
from hub.content.models.types import (
    NORMATIVE_TYPES,
    TYPES_RULED_BY_NUMBER,
    Article,
    ArticleKind,
    Disclosure,
    DisclosureKind,
    DocumentRelation,
    LegalDocument,
    LegalDocumentType,
    Page,
    PageKind,
    Procedure,
    Register,
    ScheduleEntry,
    Validity,
    register_of,
)

__all__ = [
    "NORMATIVE_TYPES", "TYPES_RULED_BY_NUMBER",
    "Article", "ArticleKind", "Consultation", "ConsultationPhase", "ContentItem",
    "ContentType", "Disclosure", "DisclosureKind", "DocumentRelation",
    "ItemAttachment", "LegalDocument", "LegalDocumentType", "Page",
    "PageKind", "Procedure", "Register", "Revision", "ScheduleEntry", "Validity",
    "WorkflowEvent", "register_of",
]
