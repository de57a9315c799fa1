"""Host -> tenant resolution, the first thing every request does.

The Host header is normalised (case, port, trailing dot, IDNA) and looked up in an
in-process map of every domain. The map is rebuilt when domains or tenants change: the
process that commits the change bumps a version (in Redis when configured, otherwise in
a file shared by the workers of one machine) and every worker compares that version
before each lookup, so all gunicorn workers see a new domain on their next request.

Outcomes: serve the tenant; 301 to the primary host (redirect domain, merged tenant);
503 with the province office's contact and the expected restoration time (suspended,
or within a planned suspension's window, read from the clock); 410 (archived); 404 (unknown host,
never a default tenant).
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import Flask, abort, current_app, g, has_app_context, redirect, request
from sqlalchemy import event, select
from sqlalchemy.orm import Session, selectinload
from werkzeug.exceptions import ServiceUnavailable

from hub.core import clock
from hub.core.lifecycle import after_commit, attach, end_session
from hub.core.redis import SharedRedis, shared_redis
from hub.core.versions import SharedVersions
from hub.extensions import db
from tenants import context
from tenants.models import Domain, MovedAddress, SiteSuspension, Tenant, TenantStatus
from tenants.suspensions import Window, announced_window, current_window, windows_of

logger = logging.getLogger(__name__)
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
# Paths that answer on any host: health checks, /metrics (refused to strangers) and
# static assets.
HOSTLESS_PREFIXES = ("/healthz", "/metrics", "/static/")


def normalise_host(raw: str | None) -> str | None:
    """Return the canonical ASCII hostname of a Host header, or None if it is not one."""
    if not raw:
        return None
    host = raw.strip()
    if not host or len(host) > 300 or host.startswith("["):
        return None  # empty, absurd or an IPv6 literal: no site is served by address
    if ":" in host:
        host, _, port = host.rpartition(":")
        if not port.isdigit() or ":" in host:
            return None
    host = host.rstrip(".").lower()
    if not host:
        return None
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    labels = host.split(".")
    if len(host) > 253 or not all(_LABEL.match(label) for label in labels):
        return None
    return host


@dataclass(frozen=True)
class Contact:
    """The office to contact when a site is unavailable (the province's footer facts)."""
    name: str
    phone: str | None = None
    email: str | None = None
    address: str | None = None


@dataclass(frozen=True)
class Site:
    """What a host resolves to: a snapshot, safe to share between requests."""
    hostname: str
    tenant_id: int
    tenant_slug: str
    tenant_name: str
    kind: str
    locale: str
    action: str  # "serve" | "redirect" | "suspended" | "gone"
    redirect_host: str | None = None
    contact: Contact | None = None
    alternates: dict[str, str] = field(default_factory=dict)  # locale -> primary host
    # Open suspensions, planned or immediate (``tenants.suspensions``): the request's
    # clock decides whether one is announced, in force or over.
    suspensions: tuple[Window, ...] = ()
    # A merged site's host: the merged sites from it to the final successor, each of
    # which may have moved some old paths (``MovedAddress``).
    merge_chain: tuple[int, ...] = ()

    def suspension_in_force(self, now: datetime | None = None) -> Window | None:
        return current_window(self.suspensions, now or clock.utcnow())

    def suspension_ahead(self, now: datetime | None = None) -> Window | None:
        return announced_window(self.suspensions, now or clock.utcnow())


def _primary_host(tenant: Tenant, locale: str) -> str | None:
    domain = tenant.primary_domain(locale) or tenant.primary_domain("vi")
    return domain.hostname if domain else None


def _final_successor(tenant: Tenant, by_id: dict[int, Tenant]) -> Tenant | None:
    seen: set[int] = set()
    current = tenant
    while current.status == TenantStatus.MERGED and current.successor_id:
        if current.id in seen:
            return None
        seen.add(current.id)
        current = by_id.get(current.successor_id)  # type: ignore[assignment]
        if current is None:
            return None
    return current if current.status != TenantStatus.MERGED else None


def _merge_chain(tenant: Tenant, by_id: dict[int, Tenant]) -> tuple[int, ...]:
    chain: list[int] = []
    current: Tenant | None = tenant
    while current is not None and current.status == TenantStatus.MERGED \
            and current.id not in chain:
        chain.append(current.id)
        current = by_id.get(current.successor_id) if current.successor_id else None
    return tuple(chain)


def _contact_for(tenant: Tenant, by_id: dict[int, Tenant]) -> Contact:
    root = by_id.get(tenant.ancestor_ids[0]) if tenant.ancestor_ids else None
    office = root or tenant
    return Contact(
        name=office.setting("governing_agency") or office.name,
        phone=office.setting("phone"),
        email=office.setting("email"),
        address=office.setting("address"),
    )


def build_host_map(session: Session) -> dict[str, Site]:
    tenants = session.scalars(select(Tenant).options(selectinload(Tenant.domains))).all()
    by_id = {tenant.id: tenant for tenant in tenants}
    open_rows: dict[int, list[SiteSuspension]] = {}
    for row in session.scalars(select(SiteSuspension).where(
            SiteSuspension.cancelled_at.is_(None), SiteSuspension.ended_at.is_(None))):
        open_rows.setdefault(row.tenant_id, []).append(row)
    hosts: dict[str, Site] = {}
    for tenant in tenants:
        windows = windows_of(open_rows.get(tenant.id, ()))
        alternates = {d.locale: d.hostname for d in tenant.domains
                      if d.is_primary and not d.is_redirect}
        for domain in tenant.domains:
            common: dict[str, Any] = dict(
                hostname=domain.hostname, tenant_id=tenant.id, tenant_slug=tenant.slug,
                tenant_name=tenant.name_in(domain.locale), kind=tenant.kind.value,
                locale=domain.locale,
                alternates=alternates, suspensions=windows)
            if tenant.status == TenantStatus.MERGED:
                successor = _final_successor(tenant, by_id)
                target = _primary_host(successor, domain.locale) if successor else None
                hosts[domain.hostname] = (
                    Site(**common, action="redirect", redirect_host=target,
                         merge_chain=_merge_chain(tenant, by_id))
                    if target
                    else Site(**common, action="gone", contact=_contact_for(tenant, by_id)))
            elif tenant.status == TenantStatus.ARCHIVED:
                hosts[domain.hostname] = Site(**common, action="gone",
                                              contact=_contact_for(tenant, by_id))
            elif tenant.status == TenantStatus.SUSPENDED:
                hosts[domain.hostname] = Site(**common, action="suspended",
                                              contact=_contact_for(tenant, by_id))
            elif domain.is_redirect:
                target = _primary_host(tenant, domain.locale)
                hosts[domain.hostname] = (
                    Site(**common, action="redirect", redirect_host=target) if target
                    else Site(**common, action="gone", contact=_contact_for(tenant, by_id)))
            else:
                hosts[domain.hostname] = Site(
                    **common, action="serve",
                    contact=_contact_for(tenant, by_id) if windows else None)
    return hosts


class HostVersion:
    """A shared version of the domain table, so every worker reloads its map: a token
    in ``PORTAL_HOST_CACHE_FILE`` for the workers of one machine and, with Redis, under
    ``portal:hosts.version`` for every node (``hub.core.versions``)."""

    def __init__(self, file_path: str, link: SharedRedis | None) -> None:
        path = Path(file_path)
        self.name = path.name
        self.versions = SharedVersions(path.parent, link, "portal:")

    def read(self) -> str:
        return self.versions.read(self.name)

    def bump(self) -> None:
        self.versions.bump(self.name)


class HostCache:
    def __init__(self, version: HostVersion) -> None:
        self.version = version
        self._lock = threading.Lock()
        self._hosts: dict[str, Site] | None = None
        self._seen_version: object = object()

    def invalidate(self) -> None:
        self._hosts = None

    def lookup(self, hostname: str) -> Site | None:
        current_version = self.version.read()
        hosts = self._hosts
        if hosts is None or current_version != self._seen_version:
            with self._lock:
                with context.unscoped():
                    hosts = build_host_map(db.session)
                self._hosts = hosts
                self._seen_version = current_version
        return hosts.get(hostname)


def _track_host_changes(session: Session, flush_context: Any, instances: Any) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, (Tenant, Domain, SiteSuspension)):
            # The app is found now: the commit may come after its context is gone.
            cache = current_app.extensions.get("portal_hosts") if has_app_context() else None
            if cache is not None:
                after_commit(session, "hosts_changed", _announce_host_changes, cache)
            return


def _announce_host_changes(cache: HostCache) -> None:
    cache.invalidate()
    cache.version.bump()


def init_app(app: Flask) -> None:
    cache = HostCache(HostVersion(app.config["HOST_CACHE_FILE"], shared_redis(app)))
    app.extensions["portal_hosts"] = cache
    if not event.contains(Session, "before_flush", _track_host_changes):
        event.listen(Session, "before_flush", _track_host_changes)
    app.add_template_global(port_suffix)
    app.add_template_global(context.current_site)

    def resolve_tenant() -> Any:
        if request.path.startswith(HOSTLESS_PREFIXES):
            return None
        hostname = normalise_host(request.host)
        site = cache.lookup(hostname) if hostname else None
        if site is None:
            abort(404)
        g.locale = site.locale
        if site.action == "serve" and site.suspension_in_force() is not None:
            site = replace(site, action="suspended")  # a planned suspension has begun
        g.tenant_token = context.enter_site(site)
        if site.action == "redirect":
            target = f"{request.scheme}://{site.redirect_host}{port_suffix()}"
            path = None
            for merged_id in site.merge_chain:  # A merged into B, B later into C
                path = moved_path(merged_id, path or request.path) or path
            if path is not None:
                target += path + (f"?{request.query_string.decode('latin-1')}"
                                  if request.query_string else "")
            else:
                target += request.full_path if request.query_string else request.path
            return redirect(target, code=301)
        if site.action == "suspended":
            window = site.suspension_in_force()
            restores_at = window.restores_at if window is not None else None
            if restores_at is not None and restores_at <= clock.utcnow():
                restores_at = None  # an estimate already passed: no date to promise
            raise ServiceUnavailable(retry_after=restores_at)
        if site.action == "gone":
            abort(410)
        return None

    def clear_tenant(exc: BaseException | None) -> None:
        token = g.pop("tenant_token", None)
        if token is not None:
            # The request's work is over (committed or rolled back by now): end its
            # session first, so that leaving the tenant re-scopes no open transaction
            # (on PostgreSQL, one round trip more on every request).
            end_session()
            context.reset(token)

    attach(app, "site", resolve_tenant)
    attach(app, "leave_site", clear_tenant)


def moved_path(tenant_id: int, path: str) -> str | None:
    """Where ``path`` of the merged site ``tenant_id`` lives on its successor, when not
    at the same path (an item renamed as it moved); its print/download views follow."""
    parent = path.rstrip("/").rpartition("/")[0]
    candidates = [path] + ([parent] if parent else [])
    with context.unscoped():
        row = db.session.scalars(select(MovedAddress).where(
            MovedAddress.from_tenant_id == tenant_id, MovedAddress.path.in_(candidates))
            .order_by(MovedAddress.id.desc())).first()
    if row is None:
        return None
    return row.target_path + path[len(row.path):]


def port_suffix() -> str:
    # Keep a development port (":8000") on redirects; production runs on 80/443.
    raw = request.host
    if ":" in raw and not raw.startswith("["):
        port = raw.rpartition(":")[2]
        if port.isdigit() and port not in ("80", "443"):
            return f":{port}"
    return ""


def host_cache() -> HostCache:
    return current_app.extensions["portal_hosts"]
