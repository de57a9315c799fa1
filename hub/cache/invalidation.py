"""Bump a tenant's page-cache generation after a commit that changed its content.

One listener covers every writer (workflow, directory, settings, imports): before each
flush it notes the tenants of the tenant-owned rows being written; after the outermost
commit (``hub.core.lifecycle.after_commit``) it bumps their generations. Bumping after
the commit means no request can re-cache the old page under the new generation. A site created,
renamed or moved also bumps its ancestors (the province home lists every site). ORM bulk
UPDATE/DELETE statements are noted too, since they change rows without a flush.
"""

from __future__ import annotations

import functools
from typing import Any

from flask import current_app, g, has_app_context, has_request_context
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from hub.core.lifecycle import after_commit
from tenants import context
from tenants.isolation import TenantOwned, is_tenant_owned
from tenants.models import Domain, Tenant

INFO_KEY = "page_cache_tenants"
# The generation that moves with any site's (ids start at 1).
EVERY_SITE = 0
# Rows that never change what a visitor sees: counting views, audit, the search
# outbox and visitors' ratings (never shown on a public page) must not empty the cache.
IGNORED_TABLES = frozenset({"page_view_count", "audit_entry", "search_outbox", "rating",
                            "page_usefulness", "rating_daily_key", "rating_seen"})


def note_tenant(session: Session, tenant_id: int | None) -> None:
    """Invalidate ``tenant_id``'s pages when this session's transaction commits."""
    if tenant_id is None or not has_app_context():
        return
    store = current_app.extensions.get("portal_page_cache")
    if store is not None:
        after_commit(session, INFO_KEY, functools.partial(_bump, store), set()).add(
            int(tenant_id))


def _tenant_and_ancestors(session: Session, tenant: Tenant | None) -> set[int]:
    if tenant is None:
        return set()
    ids = {tenant.id} if tenant.id is not None else set()
    ids.update(tenant.ancestor_ids if tenant.path else [])
    if tenant.parent_id is not None:
        ids.add(tenant.parent_id)
    return ids


def _before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, TenantOwned):
            if getattr(obj, "__tablename__", "") not in IGNORED_TABLES:
                note_tenant(session, obj.tenant_id or context.current_tenant_id())
        elif isinstance(obj, Tenant):
            for tenant_id in _tenant_and_ancestors(session, obj):
                note_tenant(session, tenant_id)
            if obj.id is None and obj.parent is not None:  # the parent lists it
                note_tenant(session, obj.parent.id)
        elif isinstance(obj, Domain):
            with session.no_autoflush:
                tenant = obj.tenant or (session.get(Tenant, obj.tenant_id)
                                        if obj.tenant_id else None)
            for tenant_id in _tenant_and_ancestors(session, tenant):
                note_tenant(session, tenant_id)


def _bulk_statement(state: ORMExecuteState) -> None:
    if (state.is_update or state.is_delete) and any(
            is_tenant_owned(mapper) and mapper.local_table.name not in IGNORED_TABLES
            for mapper in state.all_mappers):
        note_tenant(state.session, context.current_tenant_id())


def _bump(store: Any, tenants: set[int]) -> None:
    for tenant_id in sorted(tenants):
        store.bump(tenant_id)
    if tenants:
        store.bump(EVERY_SITE)  # what sums up every site (``hub.cache.memo.hub_memo``)
    if has_request_context():
        g.pop("_page_generations", None)  # read anew by the rest of the request


_installed: list[bool] = []


def install() -> None:
    """Register the listeners once per process (session events are class-wide)."""
    if _installed:
        return
    event.listen(Session, "before_flush", _before_flush)
    event.listen(Session, "do_orm_execute", _bulk_statement)
    _installed.append(True)
