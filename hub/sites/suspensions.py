"""Suspending a site: announced ahead (planned), or at once with a reason (immediate).

Decree 224/2026 (as reported in the mission brief): a planned suspension is announced at
least ``NOTICE_WORKING_DAYS`` working days ahead, with the expected restoration time. The
announcement is a ``SiteSuspension`` row; from then on the site's pages carry a banner,
at ``starts_at`` the site answers 503 with the restoration time, and after
``restores_at`` it is served again. Nothing has to run at those moments: the host map
keeps the windows and each request compares them with the clock
(``tenants.suspensions``). ``close_finished`` (a background job) closes windows whose
restoration time has passed, so that cached pages lose their banner.

An immediate suspension also sets ``Tenant.status`` (``operations.suspend``), needs a
reason, and is marked ``immediate`` in its row and its audit entry.

Like ``hub.sites.operations``: flush only, an audit entry for every change, unscoped.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from hub.core import clock
from hub.deadlines.calendar import working_days_between
from hub.extensions import db
from hub.sites import operations
from hub.sites.acting import record_action
from hub.sites.operations import _unscoped
from hub.sites.refusals import TenantOperationError, describe, status_clause
from tenants.models import SiteSuspension, Tenant, TenantStatus
from tenants.suspensions import state_at, windows_of

NOTICE_WORKING_DAYS = 7


def open_suspensions(tenant: Tenant) -> list[SiteSuspension]:
    return list(db.session.scalars(
        select(SiteSuspension).where(SiteSuspension.tenant_id == tenant.id,
                                     SiteSuspension.cancelled_at.is_(None),
                                     SiteSuspension.ended_at.is_(None))
        .order_by(SiteSuspension.starts_at)))


def site_state(tenant: Tenant, now: datetime | None = None) -> str:
    """``active``, ``announced``, ``suspended``, ``merged`` or ``archived`` at ``now``."""
    return state_at(tenant.status.value, windows_of(open_suspensions(tenant)),
                    now or clock.utcnow())


def states_of(tenants: list[Tenant], now: datetime | None = None) -> dict[int, str]:
    """``site_state`` of many sites in one query (the console's table of every site)."""
    now = now or clock.utcnow()
    rows: dict[int, list[SiteSuspension]] = {}
    ids = [tenant.id for tenant in tenants]
    for start in range(0, len(ids), 500):
        for row in db.session.scalars(select(SiteSuspension).where(
                SiteSuspension.tenant_id.in_(ids[start:start + 500]),
                SiteSuspension.cancelled_at.is_(None), SiteSuspension.ended_at.is_(None))):
            rows.setdefault(row.tenant_id, []).append(row)
    return {tenant.id: state_at(tenant.status.value, windows_of(rows.get(tenant.id, ())), now)
            for tenant in tenants}


def _user_id(by: object | None) -> int | None:
    return getattr(by, "id", None)


@_unscoped
def announce(tenant: Tenant, starts_at: datetime, restores_at: datetime, reason: str = "",
             by: object | None = None) -> SiteSuspension:
    """Announce a planned suspension; refused if fewer than 7 working days ahead."""
    now = clock.utcnow()
    starts_at, restores_at = clock.as_utc(starts_at), clock.as_utc(restores_at)
    if tenant.status != TenantStatus.ACTIVE:
        raise TenantOperationError(_l("%(state)s; only an active site can be suspended",
                                      state=status_clause(tenant)))
    if restores_at <= starts_at:
        raise TenantOperationError(_l("the restoration time must be after the start"))
    notice = working_days_between(now, starts_at)
    if notice < NOTICE_WORKING_DAYS:
        raise TenantOperationError(_l(
            "a planned suspension must be announced at least %(days)d working days ahead; "
            "%(day)s is only %(notice)d working days away", days=NOTICE_WORKING_DAYS,
            day=f"{clock.to_local(starts_at):%d/%m/%Y}", notice=notice))
    for other in open_suspensions(tenant):
        if other.restores_at is None or (clock.aware(other.starts_at) < restores_at
                                         and starts_at < clock.aware(other.restores_at)):  # type: ignore[operator]
            raise TenantOperationError(_l("%(site)s already has a suspension announced for "
                                          "that time; cancel it first",
                                          site=describe(tenant)))
    row = SiteSuspension(tenant_id=tenant.id, starts_at=starts_at, restores_at=restores_at,
                         reason=reason.strip(), immediate=False, announced_at=now,
                         announced_by_id=_user_id(by))
    db.session.add(row)
    db.session.flush()
    record_action("tenant.suspension_announced", obj=tenant, tenant_id=tenant.id,
           suspension_id=row.id, starts_at=starts_at.isoformat(),
           restores_at=restores_at.isoformat(), reason=row.reason,
           working_days_notice=notice)
    db.session.flush()  # inside the unscoped block: the entry belongs to the site
    return row


@_unscoped
def cancel(row: SiteSuspension) -> SiteSuspension:
    """Withdraw an announcement that has not begun."""
    now = clock.utcnow()
    if not row.is_open or row.immediate:
        raise TenantOperationError(_l("this suspension is no longer announced"))
    if clock.aware(row.starts_at) <= now:  # type: ignore[operator]
        raise TenantOperationError(_l("this suspension has begun; resume the site instead"))
    row.cancelled_at = now
    record_action("tenant.suspension_cancelled", obj=row, tenant_id=row.tenant_id,
           starts_at=clock.as_utc(row.starts_at).isoformat())
    db.session.flush()
    return row


@_unscoped
def suspend_now(tenant: Tenant, reason: str, restores_at: datetime | None = None,
                by: object | None = None) -> SiteSuspension:
    """Suspend at once: a reason is required, and the suspension is marked immediate."""
    reason = (reason or "").strip()
    if not reason:
        raise TenantOperationError(_l("an immediate suspension needs a reason"))
    now = clock.utcnow()
    if restores_at is not None:
        restores_at = clock.as_utc(restores_at)
        if restores_at <= now:
            raise TenantOperationError(_l("the restoration time must be in the future"))
    operations.suspend(tenant, reason=reason)  # audited as tenant.suspended
    row = SiteSuspension(tenant_id=tenant.id, starts_at=now, restores_at=restores_at,
                         reason=reason, immediate=True, announced_at=now,
                         announced_by_id=_user_id(by))
    db.session.add(row)
    db.session.flush()
    record_action("tenant.suspended_immediately", obj=tenant, tenant_id=tenant.id,
           suspension_id=row.id, reason=reason,
           restores_at=restores_at.isoformat() if restores_at else None)
    db.session.flush()
    return row


@_unscoped
def resume(tenant: Tenant) -> Tenant:
    """Put a site back online: an immediate suspension lifted, a planned one in force
    ended early."""
    now = clock.utcnow()
    in_force = [row for row in open_suspensions(tenant)
                if clock.aware(row.starts_at) <= now]  # type: ignore[operator]
    if tenant.status == TenantStatus.SUSPENDED:
        operations.resume(tenant)
    elif not any(row.restores_at is None or now < clock.aware(row.restores_at)  # type: ignore[operator]
                 for row in in_force):
        raise TenantOperationError(_l("%(site)s is not suspended", site=describe(tenant)))
    else:
        record_action("tenant.resumed", obj=tenant, tenant_id=tenant.id, previous="suspended",
               planned=True)
    for row in in_force:
        row.ended_at = now
    db.session.flush()
    return tenant


@_unscoped
def close_finished() -> int:
    """Close planned windows whose restoration time has passed (a background job:
    idempotent, safe in several processes). The site is already served again by then;
    closing bumps its page cache so the banner goes."""
    now = clock.utcnow()
    rows = db.session.scalars(select(SiteSuspension).where(
        SiteSuspension.immediate.is_(False), SiteSuspension.cancelled_at.is_(None),
        SiteSuspension.ended_at.is_(None), SiteSuspension.restores_at <= now)).all()
    for row in rows:
        row.ended_at = clock.as_utc(row.restores_at)  # type: ignore[arg-type]
    db.session.flush()
    return len(rows)
