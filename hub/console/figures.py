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
from functools import cached_property
from typing import Any, NamedTuple

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from hub.cache.memo import hub_memo
from hub.console.periods import KINDS, Period, period_of, periods_before, read_period
from hub.core.clock import utcnow
from hub.extensions import db
from tenants.context import unscoped
from tenants.models import Domain, SiteSuspension, Tenant, TenantKind, TenantStatus
from tenants.suspensions import Window, state_at, windows_of

# A site setting that announces a planned suspension (Decree 224/2026): set by the
# office's site screens; any value but an empty one marks the row.

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


Words = Callable[[dict[str, Any]], tuple[str, str | None]]


@dataclass(frozen=True)
class Figure:
    """One site's value of one provider.

    The words (the cell's text, the shortcoming) are written only when something reads
    them: a table of 700 sites shows a page of them, and translating every cell of
    every site would cost more than counting them.
    """
    numbers: dict[str, Any]         # the counts, for exports and reports
    sort: Any                       # what the column sorts by (None last)
    short: bool                     # the figure falls short of the regulation
    words: Words                    # numbers -> (text, shortcoming or None)

    @cached_property
    def _said(self) -> tuple[str, str | None]:
        return self.words(self.numbers)

    @property
    def text(self) -> str:
        """The cell, as read."""
        return self._said[0]

    @property
    def shortcoming(self) -> str | None:
        """The shortcoming in words, or None when the figure does not fall short."""
        return self._said[1] if self.short else None


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

    @property
    def shortcomings(self) -> list[str]:
        """What falls short, in words, in the order of the columns."""
        return [figure.shortcoming for figure in self.figures.values()
                if figure is not None and figure.short and figure.shortcoming]

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


class SiteFacts(NamedTuple):
    """What the table shows of a site itself, read as plain columns."""
    id: int
    slug: str
    name: str
    kind: TenantKind
    status: TenantStatus
    parent_id: int | None
    settings: dict[str, Any] | None


def suspension_windows() -> dict[int, tuple[Window, ...]]:
    """The open suspension windows of every site (one statement: there are few)."""
    rows: dict[int, list[SiteSuspension]] = {}
    for row in db.session.scalars(select(SiteSuspension).where(
            SiteSuspension.cancelled_at.is_(None), SiteSuspension.ended_at.is_(None))):
        rows.setdefault(row.tenant_id, []).append(row)
    return {tenant_id: windows_of(found) for tenant_id, found in rows.items()}


def state_of(site: Any, windows: tuple[Window, ...] = (), now: datetime | None = None) -> str:
    """The site's state (a ``Tenant`` or ``SiteFacts``) at ``now``, from its status and
    its suspension windows (``tenants.suspensions``): a planned suspension is
    "announced_suspension" until it begins, then "suspended" until the restoration."""
    state = state_at(site.status.value, windows, now or utcnow())
    return "announced_suspension" if state == "announced" else state


def legacy_district(site: SiteFacts, by_id: dict[int, SiteFacts]) -> str | None:
    """The district a site belongs to, or belonged to before the 2025 reorganisation."""
    if site.kind is TenantKind.DISTRICT:
        return site.name
    parent = by_id.get(site.parent_id) if site.parent_id else None
    if parent is not None and parent.kind is TenantKind.DISTRICT:
        return parent.name
    return None


def sites() -> list[SiteFacts]:
    """Every site, in the tree's order (two statements with ``hosts``)."""
    return [SiteFacts(*row) for row in db.session.execute(
        select(Tenant.id, Tenant.slug, Tenant.name, Tenant.kind, Tenant.status,
               Tenant.parent_id, Tenant.settings).order_by(Tenant.path, Tenant.id))]


def hosts() -> dict[int, str]:
    """Each site's primary Vietnamese host."""
    return dict(db.session.execute(select(Domain.tenant_id, Domain.hostname).where(
        Domain.locale == "vi", Domain.is_primary.is_(True),
        Domain.is_redirect.is_(False))).all())


def site_rows(period: Period, *, now: datetime | None = None,
              tenant_ids: list[int] | None = None) -> list[SiteRow]:
    """One row per site (every site, or those of ``tenant_ids``) with every provider's
    figure for ``period``, judged at ``now``. A fixed number of statements."""
    now = now or utcnow()
    every = providers()
    with unscoped():
        tenants = sites()
        host_of = hosts()
        windows = suspension_windows()
        by_id = {tenant.id: tenant for tenant in tenants}
        chosen = tenants if tenant_ids is None else [
            by_id[i] for i in tenant_ids if i in by_id]
        ids = [tenant.id for tenant in chosen]
        computed = {provider.key: (provider.compute(ids, period, now)
                                   if provider.compute and ids else {})
                    for provider in every}
    rows = []
    for tenant in chosen:
        row = SiteRow(tenant.id, tenant.slug, tenant.name, host_of.get(tenant.id),
                      tenant.kind.value,
                      legacy_district(tenant, by_id),
                      state_of(tenant, windows.get(tenant.id, ()), now))
        short = False
        for provider in every:
            figure = computed[provider.key].get(tenant.id) if provider.available else None
            row.figures[provider.key] = figure
            short = short or (figure is not None and figure.short)
        row.compliant = not short
        rows.append(row)
    return rows


def rows_now(period: Period) -> tuple[list[SiteRow], datetime]:
    """Every site's row for ``period`` as judged this minute, and that minute: kept in the
    hub's memo until any site's content changes or the minute turns, so the office
    paging, sorting and filtering 700 sites computes the figures once. The rows are
    shared between requests: read them, never change them."""
    minute = utcnow().replace(second=0, microsecond=0)
    rows = hub_memo("console.rows", lambda: site_rows(period, now=minute),
                    period.kind, period.first, period.last, minute)
    return rows, minute


__all__ = ["KINDS", "KIND_LABELS", "NOT_AVAILABLE",
           "STATES", "STATE_LABELS", "Figure", "Period", "Provider", "SiteFacts", "SiteRow",
           "Words", "hosts", "legacy_district", "period_of", "periods_before", "providers",
           "read_period", "register", "rows_now", "site_rows", "sites", "state_of",
           "suspension_windows"]
