"""Sites as the public sees them: each site's name in the host's language, and the
province portal's list of component sites, grouped by kind (Article 10.3).

A site's name is the official Vietnamese one (``Tenant.name``) on Vietnamese hosts. On
an English host it is the English name the office set (``name_en``: the header, title,
footer, feeds, API and search of ``english.langson.gov.vn`` say "Lang Son Province"),
else the Vietnamese name without diacritics and with its unit type in English ("Xã Tân
Đoàn" -> "Tan Doan Commune"): one rule, ``Tenant.name_in``, which the host map uses too.

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

# The site setting that names a site on hosts of each language (Vietnamese hosts use
# the official name).
GROUP_LABELS = {
    TenantKind.DEPARTMENT: _l("Departments and agencies"),
    TenantKind.DISTRICT: _l("Districts"),
    TenantKind.COMMUNE: _l("Communes and wards"),
    TenantKind.UNIT: _l("Other units"),
}


def site_name(tenant: Tenant, locale: str) -> str:
    """``tenant``'s name on a host of ``locale`` (the rule is ``Tenant.name_in``)."""
    return tenant.name_in(locale)


@dataclass(frozen=True)
class SiteLink:
    name: str
    url: str


def component_sites(province: Tenant, locale: str = "vi"
                    ) -> list[tuple[str, str, list[SiteLink]]]:
    """(kind, label, links) for every active site under ``province``, by kind, named
    and linked in ``locale`` where a site has a name and a host in it."""
    tenants = db.session.scalars(
        select(Tenant).options(selectinload(Tenant.domains))
        .where(Tenant.path.startswith(province.path), Tenant.id != province.id,
               Tenant.status == TenantStatus.ACTIVE)
        .order_by(Tenant.name)).all()
    groups: dict[TenantKind, list[SiteLink]] = {kind: [] for kind in GROUP_LABELS}
    for tenant in tenants:
        domain = tenant.primary_domain(locale) or tenant.primary_domain("vi")
        if domain is not None and tenant.kind in groups:
            groups[tenant.kind].append(SiteLink(site_name(tenant, locale),
                                                site_link(domain.hostname)))
    if locale != "vi":  # the database sorted the Vietnamese names
        for links in groups.values():
            links.sort(key=lambda link: link.name.casefold())
    return [(kind.value, str(GROUP_LABELS[kind]), links)
            for kind, links in groups.items() if links]
