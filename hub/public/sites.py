"""Sites as the public sees them: each site's name in the host's language, and the
directory of the component sites under a site (``/don-vi``, Article 10.3), grouped by
kind, the communes still under a legacy district by that district.

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

from dataclasses import dataclass, replace

from flask import render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from hub.cache.memo import tenant_memo
from hub.core.text import fold_vietnamese
from hub.extensions import db
from hub.public.urls import site_link
from tenants.context import current_site
from tenants.models import Tenant, TenantKind, TenantStatus

# The directory's headings, by kind of site.
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
    folded: str = ""    # the name folded (``fold_vietnamese``): what the directory matches


@dataclass(frozen=True)
class SiteGroup:
    """One heading of the directory: a kind of site, or the communes of one legacy
    district (``district`` names it), and its sites by name."""
    kind: str
    label: str
    links: tuple[SiteLink, ...]
    district: SiteLink | None = None


def site_directory(root: Tenant, locale: str = "vi") -> tuple[SiteGroup, ...]:
    """Every active site under ``root`` (the province portal's directory, Article 10.3),
    read with its hosts in two statements: departments, districts, then communes and
    wards, those still under a legacy district grouped by it, named and linked in
    ``locale`` where a site has a name and a host in it."""
    tenants = db.session.scalars(
        select(Tenant).options(selectinload(Tenant.domains))
        .where(Tenant.path.startswith(root.path), Tenant.id != root.id,
               Tenant.status == TenantStatus.ACTIVE)).all()
    links: dict[int, SiteLink] = {}
    for tenant in tenants:
        domain = tenant.primary_domain(locale) or tenant.primary_domain("vi")
        if domain is not None:
            name = site_name(tenant, locale)
            links[tenant.id] = SiteLink(name, site_link(domain.hostname),
                                        fold_vietnamese(name))
    by_kind: dict[TenantKind, list[SiteLink]] = {kind: [] for kind in GROUP_LABELS}
    by_district: dict[int, list[SiteLink]] = {}
    for tenant in tenants:
        link = links.get(tenant.id)
        if link is None or tenant.kind not in by_kind:
            continue
        if tenant.kind == TenantKind.COMMUNE and tenant.parent_id in links \
                and tenant.parent_id != root.id:
            by_district.setdefault(tenant.parent_id, []).append(link)  # type: ignore[arg-type]
        else:
            by_kind[tenant.kind].append(link)
    groups = [SiteGroup(kind.value, str(GROUP_LABELS[kind]), tuple(_by_name(found)))
              for kind, found in by_kind.items() if found]
    groups += [SiteGroup(TenantKind.COMMUNE.value,
                         str(_l("Communes and wards of the former %(district)s",
                                district=links[district_id].name)),
                         tuple(_by_name(found)), district=links[district_id])
               for district_id, found in sorted(by_district.items(),
                                                key=lambda pair: links[pair[0]].folded)]
    return tuple(groups)


def _by_name(links: list[SiteLink]) -> list[SiteLink]:
    # By the folded name, near the Vietnamese alphabet ("Bắc Sơn" before "Bình Gia"),
    # which the database's byte order of the names is not.
    return sorted(links, key=lambda link: (link.folded, link.name))


def matching(groups: tuple[SiteGroup, ...], query: str) -> tuple[SiteGroup, ...]:
    """The groups with only the sites whose folded name holds every word of ``query``
    ("tan doan" finds "Tân Đoàn"); groups left empty are dropped."""
    words = fold_vietnamese(query).split()
    if not words:
        return groups
    kept = (replace(group, links=tuple(link for link in group.links
                                       if all(word in link.folded for word in words)))
            for group in groups)
    return tuple(group for group in kept if group.links)


def component_sites() -> tuple[SiteGroup, ...]:
    """The directory of the sites under this host's site (none under most sites): kept
    until the site's content generation changes, which a new, renamed, moved or closed
    site bumps on each of its ancestors (``hub.cache.invalidation``)."""
    return tenant_memo("site_directory", _directory)


def _directory() -> tuple[SiteGroup, ...]:
    site = current_site()
    tenant = db.get_or_404(Tenant, site.tenant_id)
    return site_directory(tenant, site.locale)


# The directory's search: a plain GET form (``?q=tan doan``), filtered again as one types
# where JavaScript runs (``static/sites.js``).
QUERY_MAX = 100


def directory() -> str:
    """``/don-vi``: every component site under this one, searchable by name."""
    query = (request.args.get("q") or "").strip()[:QUERY_MAX]
    groups = component_sites()
    found = matching(groups, query)
    return render_template("public/sites.html", groups=found, query=query,
                           total=sum(len(group.links) for group in groups),
                           found=sum(len(group.links) for group in found))
