"""Which tenant the running code acts for.

A request sets it from the Host header before anything else; the CLI, the worker and
the province-office console set it explicitly. Code that must read across tenants opens
an ``unscoped()`` block, which is visible in review and in the database session
(PostgreSQL policies honour it only inside that block).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TenantContext:
    tenant_id: int | None = None
    unscoped: bool = False
    # The site a request's host resolved to (``tenants.resolution.Site``); it stays
    # through ``tenant_scope`` and ``unscoped`` blocks. A host that redirects, is
    # suspended or gone has a site but no tenant. None outside a request.
    site: Any = None


_current: ContextVar[TenantContext] = ContextVar(
    "portal_tenant", default=TenantContext())  # noqa: B039 - frozen, immutable


class TenantContextMissing(RuntimeError):
    """Tenant-owned data was queried with no tenant in context and no unscoped block."""


class TenantMismatch(RuntimeError):
    """A row of one tenant was written while acting for another."""


def current() -> TenantContext:
    return _current.get()


def current_tenant_id() -> int | None:
    return _current.get().tenant_id


def current_site() -> Any:
    """The site of this request's host (``tenants.resolution.Site``), None elsewhere."""
    return _current.get().site


def enter_site(site: Any) -> object:
    """Act for the site a request's host resolved to; returns a token for ``reset``.

    Only a site that is served scopes the tenant: the others (redirect, suspended,
    gone) are known to error pages but read nothing of their tenant.
    """
    serving = site.action == "serve"
    token = _current.set(TenantContext(tenant_id=site.tenant_id if serving else None,
                                       site=site))
    _notify_change()
    return token


def reset(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]
    _notify_change()


@contextmanager
def tenant_scope(tenant_id: int) -> Iterator[None]:
    """Act for one tenant (CLI, worker): queries and new rows are scoped to it."""
    token = _current.set(TenantContext(tenant_id=tenant_id, site=_current.get().site))
    _notify_change()
    try:
        yield
    finally:
        _current.reset(token)
        _notify_change()


@contextmanager
def unscoped() -> Iterator[None]:
    """Read or write across tenants: the console, workers, CLI, migrations of data."""
    token = _current.set(TenantContext(tenant_id=None, unscoped=True,
                                       site=_current.get().site))
    _notify_change()
    try:
        yield
    finally:
        _current.reset(token)
        _notify_change()


# The database layer registers a callback so that a context switch inside an open
# transaction re-applies the PostgreSQL session setting.
_listeners: list = []


def on_change(callback) -> None:  # type: ignore[no-untyped-def]
    _listeners.append(callback)


def _notify_change() -> None:
    for callback in _listeners:
        callback(_current.get())
