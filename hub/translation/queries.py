"""Read-only queries of the translation screens: the queue, the dashboard's sections and
the English coverage report of the province office.

The queue needs no tenant in its queries: on a site's host the isolation rule shows
its own requests, on the office's host the requests sent to it, and nothing else.
The coverage report reads across sites inside an explicit ``unscoped()`` block and
returns counts and states only (DESIGN: "Province-office console").
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from hub.content.models import Page, PageKind
from hub.core.clock import local_today
from hub.directory.models import Person
from hub.extensions import db
from hub.translation.models import (
    DUE_STATES,
    OPEN_STATES,
    TranslationRequest,
    TranslationState,
)
from hub.workflow.states import ContentStatus
from tenants import context
from tenants.context import unscoped
from tenants.models import Domain, Tenant, TenantStatus

PAGE_SIZE = 25
S = TranslationState


def xliff_key(req: TranslationRequest) -> str:
    """Names the request and the source revision an exported file was made from."""
    return f"translation-request-{req.id}-r{req.source_revision}"


@dataclass(frozen=True)
class QueueFilters:
    state: TranslationState | None = None
    mine: bool = False
    overdue: bool = False
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> QueueFilters | None:
        """None when a value is not one of the offered ones (the view answers 400)."""
        try:
            state = TranslationState(args["state"]) if args.get("state") else None
            page = int(args.get("page") or 1)
        except ValueError:
            return None
        if page < 1 or page > 100_000:
            return None
        return cls(state=state, mine=args.get("mine") == "1",
                   overdue=args.get("overdue") == "1", page=page)


@dataclass
class Queue:
    requests: list[TranslationRequest]
    total: int
    page: int
    pages: int
    sites: dict[int, str] = field(default_factory=dict)
    today: date = field(default_factory=local_today)


def queue(filters: QueueFilters, user: Any) -> Queue:
    stmt = select(TranslationRequest)
    if filters.state is not None:
        stmt = stmt.where(TranslationRequest.state == filters.state)
    else:
        stmt = stmt.where(TranslationRequest.state != S.CANCELLED)
    if filters.mine:
        stmt = stmt.where(or_(TranslationRequest.assignee_id == user.id,
                              TranslationRequest.requested_by_id == user.id))
    if filters.overdue:
        stmt = stmt.where(TranslationRequest.due_on < local_today(),
                          TranslationRequest.state.in_(DUE_STATES))
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = db.session.scalars(
        stmt.options(selectinload(TranslationRequest.assignee))
        .order_by(TranslationRequest.due_on.is_(None), TranslationRequest.due_on,
                  TranslationRequest.id.desc())
        .limit(PAGE_SIZE).offset((filters.page - 1) * PAGE_SIZE)).all()
    return Queue(list(rows), total, filters.page, max(1, math.ceil(total / PAGE_SIZE)),
                 sites=_site_names({r.tenant_id for r in rows} | {r.partner_tenant_id
                                                                  for r in rows}))


def _site_names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = db.session.execute(select(Tenant.id, Tenant.name).where(Tenant.id.in_(ids)))
    return {tenant_id: name for tenant_id, name in rows}


@dataclass
class Board:
    """The translation part of the staff dashboard."""
    to_do: list[TranslationRequest]        # office: open work; site: waiting for review
    overdue: list[TranslationRequest]
    outdated: list[TranslationRequest]
    sites: dict[int, str]
    today: date


def board(limit: int = 10) -> Board:
    here = context.current_tenant_id()
    today = local_today()
    base = (select(TranslationRequest).options(selectinload(TranslationRequest.assignee))
            .order_by(TranslationRequest.due_on.is_(None), TranslationRequest.due_on)
            .limit(limit))
    office_side = TranslationRequest.partner_tenant_id == here
    to_do = db.session.scalars(base.where(or_(
        office_side & TranslationRequest.state.in_(
            [S.REQUESTED, S.IN_PROGRESS, S.RETURNED]),
        (TranslationRequest.tenant_id == here) & (TranslationRequest.state == S.SUBMITTED),
        office_side & (TranslationRequest.state == S.SUBMITTED)))).all()
    overdue = db.session.scalars(base.where(
        TranslationRequest.due_on < today,
        TranslationRequest.state.in_(DUE_STATES))).all()
    outdated = db.session.scalars(base.where(TranslationRequest.state == S.OUTDATED)).all()
    every = [*to_do, *overdue, *outdated]
    return Board(list(to_do), list(overdue), list(outdated),
                 _site_names({r.tenant_id for r in every}), today)


# --- the mandatory English set (003 Article 7.1) ---------------------------------------

REQUIRED_PAGES = (PageKind.ORGANISATION, PageKind.FUNCTIONS)


@dataclass
class Coverage:
    site: Tenant
    host: str | None
    # per required part: "missing" | "outdated" | "in_translation" | "present"
    parts: dict[str, str]
    contacts: tuple[int, int]        # English entries, Vietnamese entries

    @property
    def complete(self) -> bool:
        return all(state == "present" for state in self.parts.values())


def english_sites() -> list[tuple[Tenant, str | None]]:
    """Active sites with English enabled: an English host or "en" in their languages.

    Sites and the domain registry are public (see ``hub.public.sites``): no
    ``unscoped()`` block is needed to read them. Two statements, whatever the number
    of sites."""
    sites = db.session.scalars(select(Tenant).where(
        Tenant.status == TenantStatus.ACTIVE).order_by(Tenant.path)).all()
    hosts = dict(db.session.execute(select(Domain.tenant_id, Domain.hostname).where(
        Domain.locale == "en", Domain.is_primary.is_(True),
        Domain.is_redirect.is_(False))).all())
    return [(site, hosts.get(site.id)) for site in sites
            if site.id in hosts or "en" in site.setting("languages", [])]


def english_coverage() -> list[Coverage]:
    sites = english_sites()
    ids = [site.id for site, _host in sites]
    if not ids:
        return []
    with unscoped():
        pages = db.session.execute(
            select(Page.tenant_id, Page.kind, Page.source_changed_at)
            .where(Page.tenant_id.in_(ids), Page.kind.in_(REQUIRED_PAGES),
                   Page.locale == "en", Page.status == ContentStatus.PUBLISHED)).all()
        requests = db.session.execute(
            select(TranslationRequest.tenant_id, Page.kind, TranslationRequest.state)
            .join(Page, Page.id == TranslationRequest.source_item_id)
            .where(TranslationRequest.tenant_id.in_(ids),
                   TranslationRequest.state.in_(OPEN_STATES))).all()
        people = db.session.execute(
            select(Person.tenant_id, Person.locale, func.count(Person.id))
            .where(Person.tenant_id.in_(ids)).group_by(Person.tenant_id, Person.locale)).all()
    english: dict[tuple[int, PageKind], str] = {}
    for tenant_id, kind, changed in pages:
        if english.get((tenant_id, kind)) != "present":  # one up-to-date page suffices
            english[(tenant_id, kind)] = "outdated" if changed is not None else "present"
    asked = {(tenant_id, kind) for tenant_id, kind, _state in requests}
    counts = {(tenant_id, locale): count for tenant_id, locale, count in people}
    report = []
    for site, host in sites:
        parts = {}
        for kind in REQUIRED_PAGES:
            state = english.get((site.id, kind), "missing")
            if state == "missing" and (site.id, kind) in asked:
                state = "in_translation"
            parts[kind.value] = state
        contacts = (counts.get((site.id, "en"), 0), counts.get((site.id, "vi"), 0))
        parts["contacts"] = "present" if contacts[0] else "missing"
        report.append(Coverage(site, host, parts, contacts))
    return report
