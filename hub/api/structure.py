"""The site's structure for the national monitoring platform (``/api/v1/structure``).

Circular 22/2023 and Decree 42/2022 Article 5.1 list the sections every portal must
carry. For each one this says where it is, whether it is there and has public content,
how much, and when it last changed, and which footer facts of Circular 22/2023 are
missing, so completeness can be checked by a machine instead of by a person clicking
through hundreds of sites.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from hub.api.queries import count_public, last_public_change
from hub.api.serialize import iso
from hub.content.models import (
    Article,
    ContentItem,
    Disclosure,
    LegalDocument,
    Page,
    PageKind,
    Procedure,
    ScheduleEntry,
)
from hub.directory.models import Person
from hub.extensions import db
from hub.public.queries import public_items
from hub.public.sites import site_name
from hub.public.urls import base_url, item_url
from hub.questions.models import Question, QuestionState
from tenants.context import current_site
from tenants.models import Tenant

INTRODUCTION_KINDS = (PageKind.INTRODUCTION, PageKind.HISTORY, PageKind.NATURAL_CONDITIONS,
                      PageKind.CULTURE, PageKind.RELICS, PageKind.MAP)
ORGANISATION_KINDS = (PageKind.ORGANISATION, PageKind.FUNCTIONS)


@dataclass(frozen=True)
class Section:
    code: str
    title: Any                      # lazy string
    legal_basis: str
    endpoint: str | None            # public page of the section
    measure: Callable[[], tuple[int, datetime | None]]


def _items(model: Any, *where: Any) -> Callable[[], tuple[int, datetime | None]]:
    return lambda: (count_public(model, *where), last_public_change(model, *where))


def _people(*where: Any) -> Callable[[], tuple[int, datetime | None]]:
    def measure() -> tuple[int, datetime | None]:
        count = db.session.scalar(select(func.count(Person.id)).where(
            Person.locale == current_site().locale, *where)) or 0
        return count, None  # the directory keeps no change time
    return measure


def _questions() -> tuple[int, datetime | None]:
    """This site's published questions in the host's language (``/api/v1/questions``
    lists them), and when the last was published."""
    where = (Question.state == QuestionState.PUBLISHED,
             Question.locale == current_site().locale)
    count = db.session.scalar(select(func.count(Question.id)).where(*where)) or 0
    return count, db.session.scalar(select(func.max(Question.published_at)).where(*where))


SECTIONS: tuple[Section, ...] = (
    Section("introduction", _l("Introduction"), "Decree 42/2022 Art. 5.1.a", None,
            _items(Page, Page.kind.in_(INTRODUCTION_KINDS))),
    Section("organisation", _l("Organisation structure, functions and duties"),
            "Decree 42/2022 Art. 5.1.a", "public.organisation",
            _items(Page, Page.kind.in_(ORGANISATION_KINDS))),
    Section("leaders", _l("Leaders"), "Decree 42/2022 Art. 5.1.a", "public.leaders",
            _people(Person.is_leader.is_(True))),
    Section("contacts", _l("Contacts"), "Decree 42/2022 Art. 5.1.e", "public.contacts",
            _people()),
    Section("legal_documents", _l("Legal documents"), "Decree 42/2022 Art. 5.1.c",
            "public.documents", _items(LegalDocument)),
    Section("procedures", _l("Administrative procedures"), "Decree 42/2022 Art. 5.1.d",
            "public.procedures", _items(Procedure)),
    Section("news", _l("News and events"), "Decree 42/2022 Art. 5.1.b", "public.news",
            _items(Article)),
    Section("schedule", _l("Leaders' work schedule"), "Decree 42/2022 Art. 5.1.b",
            "public.schedule", _items(ScheduleEntry)),
    Section("disclosures", _l("Public disclosures"), "Decree 42/2022 Art. 5.1.g-i",
            "public.disclosures", _items(Disclosure)),
    Section("questions", _l("Questions and answers"), "Decree 42/2022 Art. 5.1.k",
            "questions.index", _questions),
)


def _section_url(section: Section) -> str | None:
    if section.endpoint is None:
        if section.code == "introduction":
            page = db.session.scalar(
                public_items(Page).where(Page.kind.in_(INTRODUCTION_KINDS))
                .order_by(None).order_by(Page.position, Page.id).limit(1))
            if page is not None:
                return item_url(page, external=True)
        return None
    try:
        return url_for(section.endpoint, _external=True)
    except Exception:  # noqa: BLE001 - a section whose page is not built yet
        return None


def site_structure(tenant: Tenant) -> dict[str, Any]:
    sections = []
    for section in SECTIONS:
        count, changed = section.measure()
        url = _section_url(section)
        sections.append({
            "code": section.code, "title": str(section.title),
            "legal_basis": section.legal_basis, "url": url,
            "present": url is not None, "non_empty": count > 0, "count": count,
            "last_updated": iso(changed)})
    english_host = current_site().alternates.get("en")
    english = public_items(None, "en").order_by(None)
    english_count = db.session.scalar(select(func.count()).select_from(
        english.subquery())) or 0
    english_changed = db.session.scalar(english.with_only_columns(
        func.max(ContentItem.updated_at), maintain_column_froms=True))
    sections.append({
        "code": "english", "title": str(_l("English version")),
        "legal_basis": "Decree 42/2022 Art. 5.3",
        "url": f"{base_url(english_host)}/" if english_host else None,
        "present": english_host is not None, "non_empty": english_count > 0,
        "count": english_count, "last_updated": iso(english_changed)})
    # The footer facts Circular 22/2023 requires (``tenants.models.FOOTER_FACTS``, the
    # check the settings screen flags too).
    missing_facts = tenant.missing_footer_facts()
    return {"site": site_name(tenant, current_site().locale), "kind": tenant.kind.value,
            "locale": current_site().locale,
            "home": url_for("public.home", _external=True),
            # Publishing an answer is for those of general interest (003 Art. 9.6.b):
            # the questions section must be there, not necessarily hold one.
            "complete": not missing_facts and all(
                s["present"] and (s["non_empty"] or s["code"] == "questions")
                for s in sections),
            "missing_footer_facts": missing_facts,
            "sections": sections}
