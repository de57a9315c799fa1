"""Every site's figures for a period, on one row each: what the province office's
console shows, and what its reminders and periodic reports are made of.

Each figure is one ``Provider``: a key, a column label, and ``compute(tenant_ids,
period, now)`` answering for many sites at once (a fixed number of grouped statements,
whatever the number of sites). ``site_rows`` runs every registered provider inside
``unscoped()`` — the office reads across sites only there, and only as aggregates —
and judges each site: compliant when none of its figures is a shortcoming. A provider
registered without ``compute`` is "not yet available": its column is there, its
values are None.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from hub.console.periods import KINDS, Period, period_of, periods_before, read_period
from hub.core.clock import utcnow
from hub.extensions import db
from tenants.context import unscoped
from tenants.models import Tenant, TenantKind, TenantStatus

# A site setting that announces a planned suspension (Decree 224/2026): set by the
# office's site screens; any value but an empty one marks the row.
ANNOUNCED_SUSPENSION_SETTING = "planned_suspension"

STATES = ("active", "announced_suspension", "suspended", "merged", "archived")
STATE_LABELS = {
    "active": _l("Active"),
    "announced_suspension": _l("Suspension announced"),
    "suspended": _l("Suspended"),
    "merged": _l("Merged"),
    "archived": _l("Archived"),
}
KIND_LABELS = {
    TenantKind.PROVINCE.value: _l("Province"),
    TenantKind.DEPARTMENT.value: _l("Department"),
    TenantKind.DISTRICT.value: _l("District"),
    TenantKind.COMMUNE.value: _l("Commune"),
    TenantKind.UNIT.value: _l("Unit"),
}
NOT_AVAILABLE = _l("not yet available")


@dataclass(frozen=True)
class Figure:
    """One site's value of one provider."""
    text: str                       # the cell, as read
    sort: Any                       # what the column sorts by (None last)
    shortcoming: str | None = None  # in words, when the figure falls short
    numbers: dict[str, Any] = field(default_factory=dict)   # for exports and reports


@dataclass(frozen=True)
class Provider:
    key: str
    label: Any                      # lazy string: the column's heading
    compute: Callable[[list[int], Period, datetime], dict[int, Figure]] | None
    explanation: Any = ""           # what the figure counts, and its legal basis

    @property
    def available(self) -> bool:
        return self.compute is not None


_PROVIDERS: dict[str, Provider] = {}


def register(provider: Provider) -> Provider:
    """Add (or replace) a provider; columns keep the order of first registration."""
    _PROVIDERS[provider.key] = provider
    return provider


def providers() -> list[Provider]:
    """Every registered provider, in column order (the built-in ones are registered by
    ``hub.console.providers``, imported when the app is built)."""
    return list(_PROVIDERS.values())


@dataclass
class SiteRow:
    tenant_id: int
    slug: str
    name: str
    host: str | None
    kind: str
    legacy_district: str | None
    state: str                      # one of STATES
    figures: dict[str, Figure | None] = field(default_factory=dict)
    compliant: bool = True
    shortcomings: list[str] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


def state_of(tenant: Tenant) -> str:
    if tenant.status is TenantStatus.ACTIVE:
        return ("announced_suspension" if tenant.setting(ANNOUNCED_SUSPENSION_SETTING)
                else "active")
    return tenant.status.value


def legacy_district(tenant: Tenant, by_id: dict[int, Tenant]) -> str | None:
    """The district a site belongs to, or belonged to before the 2025 reorganisation."""
    if tenant.kind is TenantKind.DISTRICT:
        return tenant.name
    parent = by_id.get(tenant.parent_id) if tenant.parent_id else None
    if parent is not None and parent.kind is TenantKind.DISTRICT:
        return parent.name
    return None


def sites(tenant_ids: list[int] | None = None) -> list[Tenant]:
    """The sites (every one by default) with their domains, in the tree's order."""
    query = select(Tenant).options(selectinload(Tenant.domains)).order_by(Tenant.path)
    if tenant_ids is not None:
        query = query.where(Tenant.id.in_(tenant_ids))
    return list(db.session.scalars(query))


def site_rows(period: Period, *, now: datetime | None = None,
              tenant_ids: list[int] | None = None) -> list[SiteRow]:
    """One row per site (every site, or those of ``tenant_ids``) with every provider's
    figure for ``period``, judged at ``now``. A fixed number of statements."""
    now = now or utcnow()
    every = providers()
    with unscoped():
        tenants = sites(None)
        by_id = {tenant.id: tenant for tenant in tenants}
        chosen = tenants if tenant_ids is None else [
            by_id[i] for i in tenant_ids if i in by_id]
        ids = [tenant.id for tenant in chosen]
        computed = {provider.key: (provider.compute(ids, period, now)
                                   if provider.compute and ids else {})
                    for provider in every}
    rows = []
    for tenant in chosen:
        row = SiteRow(tenant.id, tenant.slug, tenant.name, tenant.host, tenant.kind.value,
                      legacy_district(tenant, by_id), state_of(tenant))
        for provider in every:
            figure = computed[provider.key].get(tenant.id) if provider.available else None
            row.figures[provider.key] = figure
            if figure is not None and figure.shortcoming:
                row.shortcomings.append(figure.shortcoming)
        row.compliant = not row.shortcomings
        rows.append(row)
    return rows


__all__ = ["ANNOUNCED_SUSPENSION_SETTING", "KINDS", "NOT_AVAILABLE", "STATES",
           "STATE_LABELS", "Figure", "Period", "Provider", "SiteRow", "period_of",
           "periods_before", "providers", "read_period", "register", "site_rows",
           "sites", "state_of"]
