"""How content types, their kinds and attachment roles are named to staff.

One table per vocabulary, so the list, the dashboard, the item page and the filters
call things by the same name. States and actions are named by the workflow
(``hub.workflow.states``), deadline states by ``hub.content.deadlines.STATE_LABELS``.
Type slugs are the Vietnamese path segments of the create screens
(``/quan-tri/noi-dung/moi/van-ban``).
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from hub.content.models import (
    ArticleKind,
    ContentType,
    DisclosureKind,
    LegalDocumentType,
    PageKind,
    Register,
    Validity,
)

TYPE_LABELS: dict[ContentType, Any] = {
    ContentType.ARTICLE: _l("News article"),
    ContentType.PAGE: _l("Page"),
    ContentType.LEGAL_DOCUMENT: _l("Legal document"),
    ContentType.PROCEDURE: _l("Administrative procedure"),
    ContentType.SCHEDULE_ENTRY: _l("Work schedule entry"),
    ContentType.DISCLOSURE: _l("Disclosure"),
    ContentType.CONSULTATION: _l("Draft for consultation"),
}

# Path segments of the create screens, in Vietnamese like every path of the portal.
TYPE_SLUGS: dict[ContentType, str] = {
    ContentType.ARTICLE: "tin-bai",
    ContentType.PAGE: "trang",
    ContentType.LEGAL_DOCUMENT: "van-ban",
    ContentType.PROCEDURE: "thu-tuc",
    ContentType.SCHEDULE_ENTRY: "lich-cong-tac",
    ContentType.DISCLOSURE: "cong-khai",
    ContentType.CONSULTATION: "du-thao",
}
TYPES_BY_SLUG: dict[str, ContentType] = {slug: t for t, slug in TYPE_SLUGS.items()}

ATTACHMENT_ROLE_LABELS: dict[str, Any] = {
    "file": _l("Document file"),
    "image": _l("Image"),
    "form": _l("Form to download"),
    "note": _l("Explanatory note (tờ trình)"),
}

ARTICLE_KIND_LABELS: dict[ArticleKind, Any] = {
    ArticleKind.NEWS: _l("News"),
    ArticleKind.EVENT: _l("News of an event"),
    ArticleKind.PROPAGANDA: _l("Propaganda and legal guidance"),
    ArticleKind.DIRECTION: _l("Direction and operation"),
    ArticleKind.PHOTO: _l("Photo news"),
}

PAGE_KIND_LABELS: dict[PageKind, Any] = {
    PageKind.INTRODUCTION: _l("Introduction"),
    PageKind.HISTORY: _l("History"),
    PageKind.NATURAL_CONDITIONS: _l("Natural conditions"),
    PageKind.CULTURE: _l("Culture"),
    PageKind.RELICS: _l("Relics and landscapes"),
    PageKind.ORGANISATION: _l("Organisation structure"),
    PageKind.FUNCTIONS: _l("Functions, duties and powers"),
    PageKind.MAP: _l("Administrative map"),
    PageKind.OTHER: _l("Other"),
}

DOCUMENT_TYPE_LABELS: dict[LegalDocumentType, Any] = {
    LegalDocumentType.LAW: _l("Law"),
    LegalDocumentType.DECREE: _l("Decree"),
    LegalDocumentType.CIRCULAR: _l("Circular"),
    LegalDocumentType.DECISION: _l("Decision"),
    LegalDocumentType.DIRECTIVE: _l("Directive"),
    LegalDocumentType.RESOLUTION: _l("Resolution"),
    LegalDocumentType.PLAN: _l("Plan"),
    LegalDocumentType.OFFICIAL_LETTER: _l("Official letter"),
    LegalDocumentType.NOTICE: _l("Notice"),
    LegalDocumentType.REPORT: _l("Report"),
    LegalDocumentType.OTHER: _l("Other"),
}

VALIDITY_LABELS: dict[Validity, Any] = {
    Validity.IN_FORCE: _l("In force"),
    Validity.EXPIRED: _l("Expired"),
    Validity.PARTLY_EXPIRED: _l("Partly expired"),
    Validity.NOT_YET: _l("Not yet in force"),
}

DISCLOSURE_KIND_LABELS: dict[DisclosureKind, Any] = {
    DisclosureKind.BUDGET: _l("Budget"),
    DisclosureKind.PUBLIC_INVESTMENT: _l("Public investment"),
    DisclosureKind.PROCUREMENT: _l("Public procurement"),
    DisclosureKind.STATISTICS: _l("Statistics"),
    DisclosureKind.PLAN: _l("Strategies, plans and planning"),
}

REGISTER_LABELS: dict[Register, Any] = {
    Register.NORMATIVE: _l("Legal normative documents"),
    Register.DIRECTIVE: _l("Directive and administrative documents"),
}

# Every enum an item's field may hold -> how its values are named.
ENUM_LABELS: dict[type, dict[Any, Any]] = {
    ArticleKind: ARTICLE_KIND_LABELS,
    PageKind: PAGE_KIND_LABELS,
    LegalDocumentType: DOCUMENT_TYPE_LABELS,
    Validity: VALIDITY_LABELS,
    Register: REGISTER_LABELS,
    DisclosureKind: DISCLOSURE_KIND_LABELS,
}
