"""Life of a site: create, add a domain, suspend, resume, merge, rename, move, archive.

These are the province office's operations (the CLI today, the console later). Each
function changes the tenant tree and its domains, writes an audit entry for every site
it acts on, and only flushes: the caller commits once, or rolls back.

Rules kept here:
- Every host a site is given is checked before anything changes, so a collision raises
  ``DomainCollision`` naming both sites and leaves the session untouched. Never a
  silent "-2" suffix: two units with the same folded name is a decision for a person.
- Old addresses keep working. Rename and move keep the old host as a redirect domain;
  a merged site keeps its domains, and resolution answers them with a 301 to the
  successor.
- ``Tenant.path`` ("/<root id>/.../<own id>/") is maintained for the whole subtree.

Tenants and domains are not tenant-owned, but audit entries are, and they belong to the
site acted on; so every operation runs in an explicit ``unscoped()`` block.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar

from flask import current_app
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from hub.extensions import db
from hub.sites.acting import record_action
from hub.sites.refusals import (
    LIVE,
    DomainCollision,
    TenantOperationError,
    cannot_become,
    describe,
    refuse_live_children,
    refuse_root,
    status_clause,
)
from hub.sites.signals import tenant_merged
from tenants.context import unscoped
from tenants.models import Domain, Tenant, TenantKind, TenantStatus
from tenants.naming import (
    domain_label,
    first_label,
    parent_suffix,
    site_hostname,
    validate_hostname,
    validate_label,
)

P = ParamSpec("P")
R = TypeVar("R")

# IN (...) lists are chunked to stay far below SQLite's bound-parameter limit.
_CHUNK = 500


def _unscoped(function: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with unscoped():
            return function(*args, **kwargs)
    return wrapper


def default_suffix() -> str:
    """The domain a province portal hangs under: ``BASE_DOMAIN`` minus its first label
    (``localhost`` in development, ``gov.vn`` in production)."""
    return parent_suffix(current_app.config["BASE_DOMAIN"])


def label_includes_unit_type(kind: TenantKind, parent: Tenant | None) -> bool:
    # Article 4 names districts and 5th-level communes without their unit type
    # (binhgia, songgiap.caoloc); a commune directly under the province, the 2025
    # layout, follows the province's own choice (seed 000: xathongnhat).
    return (kind == TenantKind.COMMUNE and parent is not None
            and parent.kind == TenantKind.PROVINCE
            and bool(parent.setting("label_includes_unit_type", True)))


def default_label(name: str, kind: TenantKind | str, parent: Tenant | None) -> str:
    kind = TenantKind(kind)
    return domain_label(name, include_unit_type=label_includes_unit_type(kind, parent))


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]


def hosts_in_use(hostnames: Iterable[str]) -> dict[str, Tenant]:
    """Which of ``hostnames`` are already a domain, and of which site."""
    wanted = sorted(set(hostnames))
    taken: dict[str, Tenant] = {}
    with unscoped():
        for chunk in _chunks(wanted):
            for domain in db.session.scalars(select(Domain).where(Domain.hostname.in_(chunk))
                                             .options(selectinload(Domain.tenant))):
                taken[domain.hostname] = domain.tenant
    return taken


def _check_hosts_free(claims: Sequence[tuple[str, str | LazyString, Tenant | None]]) -> None:
    """Raise ``DomainCollision`` unless every (host, claimant, owner) claim is free.

    ``owner`` is the site the host will belong to, when it exists already: a host that
    is one of its own (an old name it returns to) is not a collision.
    """
    claimed: dict[str, str | LazyString] = {}
    for host, claimant, _ in claims:
        if host in claimed:
            raise DomainCollision(host, claimed[host], claimant)
        claimed[host] = claimant
    taken = hosts_in_use(claimed)
    for host, claimant, owner in claims:
        holder = taken.get(host)
        if holder is not None and (owner is None or holder.id != owner.id):
            raise DomainCollision(host, describe(holder), claimant)


@dataclass
class NewSite:
    """What ``create_tenants`` needs to know of one site."""
    name: str
    kind: TenantKind | str
    parent: Tenant | None = None
    label: str | None = None
    slug: str | None = None
    host: str | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    admin_code: str | None = None


@dataclass
class _Plan:
    site: NewSite
    kind: TenantKind
    host: str
    slug: str


def _plan(site: NewSite) -> _Plan:
    kind = TenantKind(site.kind)
    parent = site.parent
    if parent is not None and parent.status not in LIVE:
        raise TenantOperationError(_l("%(state)s; new sites cannot be created under it",
                                      state=status_clause(parent)))
    if site.host:
        host = validate_hostname(site.host)
        label = first_label(host)
    else:
        label = (validate_label(site.label) if site.label
                 else default_label(site.name, kind, parent))
        if parent is not None:
            if not parent.host:
                raise TenantOperationError(_l("%(site)s has no primary host",
                                              site=describe(parent)))
            host = site_hostname(label, parent.host)
        else:
            host = site_hostname(label, default_suffix())
    slug = site.slug or (f"{label}.{parent.slug}" if parent is not None else label)
    return _Plan(site=site, kind=kind, host=host, slug=slug)


@_unscoped
def create_tenants(sites: Sequence[NewSite]) -> list[Tenant]:
    """Create many sites at once (an import): a few statements, however many sites.

    Parents must exist already (flushed). All hosts and slugs are checked first.
    """
    plans = [_plan(site) for site in sites]
    _check_hosts_free([(p.host, _l("the new site %(name)s", name=p.site.name), None)
                       for p in plans])
    slugs = [p.slug for p in plans]
    taken = {s for s in slugs if slugs.count(s) > 1}
    for chunk in _chunks(slugs):
        taken.update(db.session.scalars(select(Tenant.slug).where(Tenant.slug.in_(chunk))))
    if taken:
        raise TenantOperationError(_l("slug already used by another site: %(slugs)s",
                                      slugs=", ".join(sorted(taken))))

    tenants = []
    for plan in plans:
        tenant = Tenant(slug=plan.slug, name=plan.site.name, kind=plan.kind,
                        parent=plan.site.parent, admin_code=plan.site.admin_code,
                        status=TenantStatus.ACTIVE, settings={})
        tenant.update_settings(**plan.site.settings)  # refuses unknown keys
        db.session.add(tenant)
        tenants.append(tenant)
    db.session.flush()  # ids, for the materialised paths

    for tenant, plan in zip(tenants, plans, strict=True):
        parent = plan.site.parent
        tenant.path = f"{parent.path if parent is not None else '/'}{tenant.id}/"
        db.session.add(Domain(hostname=plan.host, tenant=tenant, locale="vi",
                              is_primary=True, is_redirect=False))
        record_action("tenant.created", obj=tenant, tenant_id=tenant.id, name=tenant.name,
               kind=plan.kind.value, host=plan.host,
               parent=parent.slug if parent is not None else None)
    db.session.flush()
    return tenants


def create_tenant(name: str, kind: TenantKind | str, parent: Tenant | None = None,
                  label: str | None = None, slug: str | None = None,
                  host: str | None = None, settings: dict[str, Any] | None = None,
                  admin_code: str | None = None) -> Tenant:
    """Create one site with its primary Vietnamese host.

    The host is ``host`` if given, else ``<label>.<parent host>`` (``<label>.<suffix>``
    for a province), the label coming from the name by the naming rule unless given.
    """
    return create_tenants([NewSite(name=name, kind=kind, parent=parent, label=label,
                                   slug=slug, host=host, settings=settings or {},
                                   admin_code=admin_code)])[0]


@_unscoped
def add_domain(tenant: Tenant, hostname: str, locale: str = "vi",
               primary: bool = False) -> Domain:
    """Give ``tenant`` another host (``english.langson.gov.vn`` with locale ``en``).

    A new primary host of a locale turns the previous one into a redirect, so each
    site and language keeps exactly one canonical address.
    """
    host, locale = validate_hostname(hostname), locale.lower()
    if not locale.isalpha() or not 2 <= len(locale) <= 8:
        raise TenantOperationError(_l("%(locale)s is not a locale code",
                                      locale=repr(locale)))
    _check_hosts_free([(host, describe(tenant), None)])
    previous = tenant.primary_domain(locale) if primary else None
    if previous is not None:
        previous.is_primary, previous.is_redirect = False, True
    domain = Domain(hostname=host, tenant=tenant, locale=locale,
                    is_primary=primary, is_redirect=False)
    db.session.add(domain)
    record_action("domain.added", obj=tenant, tenant_id=tenant.id, host=host, locale=locale,
           primary=primary)
    db.session.flush()
    return domain


def _set_status(tenant: Tenant, allowed: tuple[TenantStatus, ...], status: TenantStatus,
                action: str, **detail: Any) -> Tenant:
    if tenant.status not in allowed:
        raise TenantOperationError(cannot_become(tenant, status))
    previous = tenant.status
    tenant.status = status
    record_action(action, obj=tenant, tenant_id=tenant.id, previous=previous.value, **detail)
    db.session.flush()
    return tenant


@_unscoped
def suspend(tenant: Tenant, reason: str | None = None) -> Tenant:
    """Take a site offline: its hosts answer 503 with the province office's contact."""
    return _set_status(tenant, (TenantStatus.ACTIVE,), TenantStatus.SUSPENDED,
                       "tenant.suspended", reason=reason)


@_unscoped
def resume(tenant: Tenant) -> Tenant:
    return _set_status(tenant, (TenantStatus.SUSPENDED,), TenantStatus.ACTIVE,
                       "tenant.resumed")


@_unscoped
def archive(tenant: Tenant, reason: str | None = None) -> Tenant:
    """Close a site for good: its hosts answer 410; its rows stay for the record."""
    refuse_root(tenant, "archived")
    refuse_live_children(tenant, "archiving")
    return _set_status(tenant, LIVE, TenantStatus.ARCHIVED, "tenant.archived",
                       reason=reason)


@_unscoped
def merge(tenant: Tenant, into: Tenant) -> Tenant:
    """Merge ``tenant`` into ``into`` (communes merged in 2025): its hosts 301 there."""
    if tenant.id == into.id:
        raise TenantOperationError(_l("%(site)s cannot be merged into itself",
                                      site=describe(tenant)))
    refuse_root(tenant, "merged")
    if into.status not in LIVE:
        raise TenantOperationError(_l("%(state)s; merge into the site that replaced it",
                                      state=status_clause(into)))
    if into.path.startswith(tenant.path):
        raise TenantOperationError(_l("%(site)s is a sub-site of %(parent)s",
                                      site=describe(into), parent=describe(tenant)))
    refuse_live_children(tenant, "merging")
    _set_status(tenant, LIVE, TenantStatus.MERGED, "tenant.merged",
                into=into.slug, into_host=into.host)
    tenant.successor = into  # after the status check, so a refusal changes nothing
    db.session.flush()
    tenant_merged.send(tenant, into=into)
    return tenant


@dataclass
class _Rehost:
    tenant: Tenant
    old_host: str
    new_host: str


def _subtree(tenant: Tenant) -> list[Tenant]:
    """The site and its descendants, parents before children."""
    rows = db.session.scalars(select(Tenant).where(Tenant.path.startswith(tenant.path))
                              .options(selectinload(Tenant.domains))).all()
    return sorted(rows, key=lambda row: (len(row.ancestor_ids), row.id))


def _plan_rehost(subtree: list[Tenant], new_host: str) -> list[_Rehost]:
    """New primary hosts of a site and of every descendant named under its old host."""
    root = subtree[0]
    old_root_host = root.host
    if old_root_host is None:
        raise TenantOperationError(_l("%(site)s has no primary host", site=describe(root)))
    plans = [_Rehost(root, old_root_host, new_host)]
    for tenant in subtree[1:]:
        host = tenant.host
        # Sub-sites named under the old host follow it; a sub-site with a host of its
        # own choosing (assigned by hand) keeps it.
        if host and host.endswith("." + old_root_host):
            plans.append(_Rehost(tenant, host,
                                 host[:-len(old_root_host)] + new_host))
    changed = [plan for plan in plans if plan.old_host != plan.new_host]
    _check_hosts_free([(p.new_host, describe(p.tenant), p.tenant) for p in changed])
    return changed


def _apply_rehost(plans: list[_Rehost], action: str, cause: Tenant) -> None:
    for plan in plans:
        for domain in plan.tenant.domains:
            if domain.hostname == plan.old_host:
                domain.is_primary, domain.is_redirect = False, True
        returning = next((d for d in plan.tenant.domains if d.hostname == plan.new_host), None)
        if returning is not None:  # back to an address it had before
            returning.is_primary, returning.is_redirect, returning.locale = True, False, "vi"
        else:
            db.session.add(Domain(hostname=plan.new_host, tenant=plan.tenant, locale="vi",
                                  is_primary=True, is_redirect=False))
        if plan.tenant is not cause:
            record_action("tenant.rehosted", obj=plan.tenant, tenant_id=plan.tenant.id,
                   old_host=plan.old_host, new_host=plan.new_host,
                   because=f"{action} of {cause.slug}")


@_unscoped
def rename(tenant: Tenant, new_name: str, new_label: str | None = None) -> Tenant:
    """Rename a site; its new label (from the new name unless given) makes a new host.

    The old host becomes a redirect domain, and so do the hosts of sub-sites that were
    named under it (``songgiap.caoloc...`` follows ``caoloc`` to its new name).
    """
    new_name = new_name.strip()
    if not new_name:
        raise TenantOperationError(_l("a site needs a name"))
    label = (validate_label(new_label) if new_label
             else default_label(new_name, tenant.kind, tenant.parent))
    old_name, old_host = tenant.name, tenant.host
    parent_host = tenant.parent.host if tenant.parent is not None else None
    new_host = site_hostname(label, parent_host or parent_suffix(old_host or ""))
    plans = _plan_rehost(_subtree(tenant), new_host)
    tenant.name = new_name
    _apply_rehost(plans, "rename", tenant)
    record_action("tenant.renamed", obj=tenant, tenant_id=tenant.id, old_name=old_name,
           new_name=new_name, old_host=old_host, new_host=new_host)
    db.session.flush()
    return tenant


@_unscoped
def move(tenant: Tenant, new_parent: Tenant, new_label: str | None = None) -> Tenant:
    """Re-parent a site (a 5th-level commune moving under the province after 2025).

    The site keeps its label unless ``new_label`` is given; its host, and the hosts of
    sub-sites named under it, are recomputed under the new parent, the old ones kept as
    redirect domains. ``path`` is rewritten for the whole subtree.
    """
    refuse_root(tenant, "moved")
    if new_parent.path.startswith(tenant.path):
        raise TenantOperationError(_l("%(site)s cannot move under itself or its own "
                                      "sub-site %(parent)s", site=describe(tenant),
                                      parent=describe(new_parent)))
    if new_parent.status not in LIVE:
        raise TenantOperationError(_l("%(state)s; sites cannot move under it",
                                      state=status_clause(new_parent)))
    if not new_parent.host:
        raise TenantOperationError(_l("%(site)s has no primary host",
                                      site=describe(new_parent)))
    old_parent, old_host = tenant.parent, tenant.host
    if old_parent is not None and old_parent.id == new_parent.id and not new_label:
        raise TenantOperationError(_l("%(site)s is already under %(parent)s",
                                      site=describe(tenant), parent=describe(new_parent)))
    label = validate_label(new_label) if new_label else first_label(old_host or "")
    new_host = site_hostname(label, new_parent.host)
    subtree = _subtree(tenant)
    plans = _plan_rehost(subtree, new_host)

    old_path, new_path = tenant.path, f"{new_parent.path}{tenant.id}/"
    for member in subtree:
        member.path = new_path + member.path[len(old_path):]
    tenant.parent = new_parent
    _apply_rehost(plans, "move", tenant)
    record_action("tenant.moved", obj=tenant, tenant_id=tenant.id,
           old_parent=old_parent.slug if old_parent is not None else None,
           new_parent=new_parent.slug, old_host=old_host, new_host=new_host,
           old_path=old_path, new_path=new_path)
    db.session.flush()
    return tenant
