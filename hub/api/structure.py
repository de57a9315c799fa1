"""The site's structure for the national monitoring platform (``/api/v1/structure``).

Circular 22/2023 and Decree 42/2022 Article 5.1 list the sections every portal must
carry. For each one this says where it is, whether it is there and has public content,
how much, and when it last changed, so completeness can be checked by a machine instead
of by a person clicking through hundreds of sites.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

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
from hub.core.database import of_sites
from hub.directory.models import Person
from hub.extensions import db
from hub.public.queries import public_items
from hub.public.sites import site_name
from hub.public.urls import base_url, item_url
from hub.questions.models import Question, QuestionState
from hub.workflow.states import PUBLIC_STATES
from tenants.context import current_site
from tenants.models import Domain, Tenant

INTRODUCTION_KINDS = (PageKind.INTRODUCTION, PageKind.HISTORY, PageKind.NATURAL_CONDITIONS,
                      PageKind.CULTURE, PageKind.RELICS, PageKind.MAP)
ORGANISATION_KINDS = (PageKind.ORGANISATION, PageKind.FUNCTIONS)


@dataclass(frozen=True)
class Section:
    code: str
    title: Any                      # lazy string
    legal_basis: str
    endpoint: str | None            # public page of the section
    # What is counted: a content type and a condition, the people of the directory
    # ("people") or the published questions ("questions").
    model: Any
    where: tuple[Any, ...] = ()
    kinds: tuple[PageKind, ...] = ()    # the pages' kinds ``where`` asks for


Measure = dict[str, tuple[int, datetime | None]]   # section code -> (count, changed)


def _content(model: Any, where: tuple[Any, ...], ids: list[int], locale: str
             ) -> dict[int, tuple[int, datetime | None]]:
    query = (public_items(model, locale).where(model.tenant_id.in_(ids), *where)
             .order_by(None)
             .with_only_columns(model.tenant_id, func.count(),
                                func.max(ContentItem.updated_at),
                                maintain_column_froms=True)
             .group_by(model.tenant_id))
    return {tenant_id: (count, changed)
            for tenant_id, count, changed in db.session.execute(query)}


def _people(where: tuple[Any, ...], ids: list[int], locale: str
            ) -> dict[int, tuple[int, datetime | None]]:
    # The directory keeps no change time.
    return {tenant_id: (count, None) for tenant_id, count in db.session.execute(
        select(Person.tenant_id, func.count(Person.id))
        .where(Person.tenant_id.in_(ids), Person.locale == locale, *where)
        .group_by(Person.tenant_id))}


def _questions(ids: list[int], locale: str) -> dict[int, tuple[int, datetime | None]]:
    """Published questions in the host's language (``/api/v1/questions`` lists them),
    and when the last was published."""
    return {tenant_id: (count, changed) for tenant_id, count, changed in db.session.execute(
        select(Question.tenant_id, func.count(Question.id), func.max(Question.published_at))
        .where(Question.tenant_id.in_(ids), Question.state == QuestionState.PUBLISHED,
               Question.locale == locale)
        .group_by(Question.tenant_id))}


SECTIONS: tuple[Section, ...] = (
    Section("introduction", _l("Introduction"), "Decree 42/2022 Art. 5.1.a", None,
            Page, (Page.kind.in_(INTRODUCTION_KINDS),), INTRODUCTION_KINDS),
    Section("organisation", _l("Organisation structure, functions and duties"),
            "Decree 42/2022 Art. 5.1.a", "public.organisation",
            Page, (Page.kind.in_(ORGANISATION_KINDS),), ORGANISATION_KINDS),
    Section("leaders", _l("Leaders"), "Decree 42/2022 Art. 5.1.a", "public.leaders",
            "people", (Person.is_leader.is_(True),)),
    Section("contacts", _l("Contacts"), "Decree 42/2022 Art. 5.1.e", "public.contacts",
            "people"),
    Section("legal_documents", _l("Legal documents"), "Decree 42/2022 Art. 5.1.c",
            "public.documents", LegalDocument),
    Section("procedures", _l("Administrative procedures"), "Decree 42/2022 Art. 5.1.d",
            "public.procedures", Procedure),
    Section("news", _l("News and events"), "Decree 42/2022 Art. 5.1.b", "public.news",
            Article),
    Section("schedule", _l("Leaders' work schedule"), "Decree 42/2022 Art. 5.1.b",
            "public.schedule", ScheduleEntry),
    Section("disclosures", _l("Public disclosures"), "Decree 42/2022 Art. 5.1.g-i",
            "public.disclosures", Disclosure),
    Section("questions", _l("Questions and answers"), "Decree 42/2022 Art. 5.1.k",
            "questions.index", "questions"),
)
ENGLISH = Section("english", _l("English version"), "Decree 42/2022 Art. 5.3", None,
                  ContentItem)
# The footer facts of Circular 22/2023 a site's settings must hold.
FOOTER_FACT_LABELS = {
    "governing_agency": _l("governing agency"),
    "responsible_person": _l("responsible person"),
    "address": _l("address"),
    "phone": _l("phone"),
    "email": _l("email"),
    "licence": _l("licence"),
}


def measure_sites(ids: list[int], locale: str = "vi") -> dict[int, Measure]:
    """Every section's (count, last change) on each site in ``locale``, English's
    included: one grouped statement per section, whatever the number of sites."""
    measured: dict[int, Measure] = {tenant_id: {} for tenant_id in ids}
    for section in (*SECTIONS, ENGLISH):
        if section.model == "people":
            found = _people(section.where, ids, locale)
        elif section.model == "questions":
            found = _questions(ids, locale)
        elif section is ENGLISH:
            found = _content(ContentItem, (), ids, "en")
        else:
            found = _content(section.model, section.where, ids, locale)
        for tenant_id in ids:
            measured[tenant_id][section.code] = found.get(tenant_id, (0, None))
    return measured


def holds(code: str, present: bool, count: int) -> bool:
    """Whether a section is as required: there, and holding something. Publishing an
    answer is for those of general interest (003 Art. 9.6.b): the questions section
    must be there, not necessarily hold one."""
    return present and (count > 0 or code == "questions")


def is_complete(sections: list[dict[str, Any]], missing_facts: list[str]) -> bool:
    """The one definition of a complete structure (the API's ``complete``, the
    console's column): every section as required, every footer fact filled in."""
    return not missing_facts and all(
        holds(s["code"], s["present"], s["count"]) for s in sections)


def missing_facts(settings: dict[str, Any] | None) -> list[str]:
    """The footer facts a site's settings leave empty."""
    settings = settings or {}
    return [key for key in FOOTER_FACT_LABELS if not str(settings.get(key) or "").strip()]


@dataclass(frozen=True)
class StructureState:
    """A site's structure as the console reads it."""
    complete: bool
    missing_sections: list[str]     # codes of the sections missing or empty
    missing_facts: list[str]        # keys of the footer facts not filled in

    @property
    def missing(self) -> list[Any]:
        """The missing sections and footer facts in words (lazy strings)."""
        titles = {section.code: section.title for section in (*SECTIONS, ENGLISH)}
        return ([titles[code] for code in self.missing_sections]
                + [FOOTER_FACT_LABELS[key] for key in self.missing_facts])


def _held_by_sites(ids: list[int]) -> dict[int, set[str]]:
    """The sections each site holds something in (``SECTIONS`` and English), in three
    grouped statements over the public items, the pages and the people — whatever the
    number of sites. The questions section needs nothing to hold (see ``holds``)."""
    held: dict[int, set[str]] = {tenant_id: set() for tenant_id in ids}
    by_type = {section.model.__mapper__.polymorphic_identity: section.code
               for section in SECTIONS if isinstance(section.model, type)
               and section.model is not Page}
    for tenant_id, kind, locale in db.session.execute(
            select(ContentItem.tenant_id, ContentItem.type, ContentItem.locale)
            .where(of_sites(ContentItem.tenant_id, ids),
                   ContentItem.status.in_(PUBLIC_STATES),
                   ContentItem.locale.in_(("vi", "en")))
            .group_by(ContentItem.tenant_id, ContentItem.type, ContentItem.locale)):
        if tenant_id in held:
            if locale == "en":
                held[tenant_id].add(ENGLISH.code)
            elif kind in by_type:
                held[tenant_id].add(by_type[kind])
    by_kind = {kind: section.code for section in SECTIONS for kind in section.kinds}
    for tenant_id, kind in db.session.execute(
            select(Page.tenant_id, Page.kind)
            .where(of_sites(Page.tenant_id, ids), Page.status.in_(PUBLIC_STATES),
                   Page.locale == "vi", Page.kind.in_(list(by_kind)))
            .group_by(Page.tenant_id, Page.kind)):
        if tenant_id in held:
            held[tenant_id].add(by_kind[kind])
    for tenant_id, leader in db.session.execute(
            select(Person.tenant_id, Person.is_leader)
            .where(of_sites(Person.tenant_id, ids), Person.locale == "vi")
            .group_by(Person.tenant_id, Person.is_leader)):
        if tenant_id in held:
            held[tenant_id].add("contacts")
            if leader:
                held[tenant_id].add("leaders")
    return held


def structure_of_sites(ids: list[int]) -> dict[int, StructureState]:
    """The structure check of ``/api/v1/structure`` for many sites at once (their
    Vietnamese hosts), in a fixed number of statements. Run inside ``unscoped()``."""
    held = _held_by_sites(ids)
    english_hosts = set(db.session.scalars(select(Domain.tenant_id).where(
        Domain.tenant_id.in_(ids), Domain.locale == "en", Domain.is_primary.is_(True),
        Domain.is_redirect.is_(False))))
    result = {}
    for tenant_id, settings in db.session.execute(
            select(Tenant.id, Tenant.settings).where(Tenant.id.in_(ids))):
        found = held[tenant_id]
        # A section with a page of its own is there; the introduction when it holds
        # a page; English when the site has an English host.
        missing = [section.code for section in SECTIONS if not holds(
            section.code, section.endpoint is not None or section.code in found,
            int(section.code in found))]
        if not holds("english", tenant_id in english_hosts, int("english" in found)):
            missing.append("english")
        facts = missing_facts(settings)
        result[tenant_id] = StructureState(not missing and not facts, missing, facts)
    return result


def _section(section: Section, measured: Measure, url: str | None,
             present: bool) -> dict[str, Any]:
    count, changed = measured[section.code]
    return {"code": section.code, "title": str(section.title),
            "legal_basis": section.legal_basis, "url": url,
            "present": present, "non_empty": count > 0, "count": count,
            "last_updated": iso(changed)}


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
    site = current_site()
    measured = measure_sites([tenant.id], site.locale)[tenant.id]
    sections = []
    for section in SECTIONS:
        url = _section_url(section)
        sections.append(_section(section, measured, url, url is not None))
    english_host = site.alternates.get("en")
    sections.append(_section(ENGLISH, measured,
                             f"{base_url(english_host)}/" if english_host else None,
                             english_host is not None))
    facts = missing_facts(tenant.settings)
    return {"site": site_name(tenant, site.locale), "kind": tenant.kind.value,
            "locale": site.locale,
            "home": url_for("public.home", _external=True),
            "footer_facts_missing": facts,
            "complete": is_complete(sections, facts),
            "sections": sections}
