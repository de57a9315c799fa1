"""The province portal's list of component sites, grouped by kind (Article 10.3).

The list of sites is public: tenants are not tenant-owned and the ``domain`` registry is
readable by every site (its row-level-security policy allows SELECT), so the read needs
no ``unscoped()`` block — opening one in a public request would only widen what the
database lets that transaction see.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from hub.extensions import db
from hub.public.urls import site_link
from tenants.models import Tenant, TenantKind, TenantStatus

GROUP_LABELS = {
    TenantKind.DEPARTMENT: _l("Departments and agencies"),
    TenantKind.DISTRICT: _l("Districts"),
    TenantKind.COMMUNE: _l("Communes and wards"),
    TenantKind.UNIT: _l("Other units"),
}


@dataclass(frozen=True)
class SiteLink:
    name: str
    url: str


def component_sites(province: Tenant) -> list[tuple[str, str, list[SiteLink]]]:
    """(kind, label, links) for every active site under ``province``, by kind."""
    tenants = db.session.scalars(
        select(Tenant).options(selectinload(Tenant.domains))
        .where(Tenant.path.startswith(province.path), Tenant.id != province.id,
               Tenant.status == TenantStatus.ACTIVE)
        .order_by(Tenant.name)).all()
    groups: dict[TenantKind, list[SiteLink]] = {kind: [] for kind in GROUP_LABELS}
    for tenant in tenants:
        host = tenant.host
        if host and tenant.kind in groups:
            groups[tenant.kind].append(SiteLink(tenant.name, site_link(host)))
    return [(kind.value, str(GROUP_LABELS[kind]), links)
            for kind, links in groups.items() if links]
