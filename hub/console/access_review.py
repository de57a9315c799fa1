"""The yearly review of access risks (003 Article 13.1.e; 13.1.đ): invalid access,
accounts used wrongly, accounts of people who left.

Read from what the portal records, across every site (inside ``unscoped()``):
- failed logins and lockouts: the audit entries ``login.failed`` and ``login.locked``
  that ``hub.accounts.operations`` writes (wrong password, unknown account, locked
  account, no access, and the second step's wrong codes);
- accounts unused: enabled accounts with a role (on a site or in the hub) that nobody
  logged into for ``UNUSED_DAYS`` before the end of the period (or ever);
- people who left: disabled accounts (``user.disabled``) and revoked memberships
  (``membership.revoked``) in the period, and — the risk the review is for — disabled
  accounts that still hold a role somewhere.
Each risk gets a severity (``low`` … ``high``) from its count, so the office can report
"mức độ nghiêm trọng" as the Article asks.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from hub.accounts.models import Membership, User
from hub.audit.models import AuditEntry
from hub.console.documents import Table
from hub.core.clock import aware, start_of_day
from hub.extensions import db
from tenants.context import unscoped
from tenants.models import Tenant

UNUSED_DAYS = 90
LIST_LIMIT = 500  # rows of a detail table; the counts above it are complete
FAILED, LOCKED = "login.failed", "login.locked"
DISABLED, REVOKED = "user.disabled", "membership.revoked"


def _severity(count: int, medium: int, high: int) -> str:
    if count <= 0:
        return _("none")
    if count >= high:
        return _("high")
    return _("medium") if count >= medium else _("low")


def _window(first: date, last: date) -> tuple[datetime, datetime]:
    return start_of_day(first), start_of_day(last + timedelta(days=1))


def access_review(first: date, last: date) -> tuple[list[tuple[str, Any]], list[Table]]:
    """The review's summary figures and tables for the period ``first``–``last``."""
    start, end = _window(first, last)
    in_period = (AuditEntry.created_at >= start, AuditEntry.created_at < end)
    with unscoped():
        names = dict(db.session.execute(select(Tenant.id, Tenant.name)).all())
        per_site = {(tenant_id, action): count for tenant_id, action, count in
                    db.session.execute(
                        select(AuditEntry.tenant_id, AuditEntry.action,
                               func.count(AuditEntry.id))
                        .where(*in_period, AuditEntry.action.in_(
                            (FAILED, LOCKED, DISABLED, REVOKED)))
                        .group_by(AuditEntry.tenant_id, AuditEntry.action))}
        targeted = db.session.execute(
            select(AuditEntry.actor_label, func.count(AuditEntry.id))
            .where(*in_period, AuditEntry.action == FAILED)
            .group_by(AuditEntry.actor_label)
            .order_by(func.count(AuditEntry.id).desc(), AuditEntry.actor_label)
            .limit(20)).all()
        lockouts = db.session.execute(
            select(AuditEntry.created_at, AuditEntry.actor_label, AuditEntry.tenant_id)
            .where(*in_period, AuditEntry.action == LOCKED)
            .order_by(AuditEntry.created_at).limit(LIST_LIMIT)).all()
        revoked = db.session.execute(
            select(AuditEntry.created_at, AuditEntry.detail, AuditEntry.tenant_id,
                   AuditEntry.actor_label)
            .where(*in_period, AuditEntry.action == REVOKED)
            .order_by(AuditEntry.created_at).limit(LIST_LIMIT)).all()
        disabled_on = dict(db.session.execute(
            select(AuditEntry.object_id, func.max(AuditEntry.created_at))
            .where(AuditEntry.action == DISABLED, AuditEntry.object_type == "User",
                   AuditEntry.created_at < end)
            .group_by(AuditEntry.object_id)).all())
        roles = db.session.execute(
            select(Membership.user_id, func.count(Membership.id))
            .group_by(Membership.user_id)).all()
        role_count = dict(roles)
        unused_before = end - timedelta(days=UNUSED_DAYS)
        staff = db.session.execute(
            select(User.id, User.email, User.display_name, User.is_enabled,
                   User.last_login_at, User.hub_role, User.created_at)
            .where(or_(User.id.in_(select(Membership.user_id)), User.hub_role.is_not(None)))
            .order_by(User.email)).all()
    unused = [user for user in staff if user.is_enabled and user.created_at is not None
              and _aware(user.created_at) < unused_before
              and (user.last_login_at is None or _aware(user.last_login_at) < unused_before)]
    disabled = [user for user in staff if not user.is_enabled]
    disabled += list(_disabled_without_roles(staff))
    still_holding = [user for user in disabled if role_count.get(user.id)]

    def total(action: str) -> int:
        return sum(count for (_tenant, act), count in per_site.items() if act == action)

    failed, locked = total(FAILED), total(LOCKED)
    risks = Table("risks", _("Risks and their severity"),
                  [_("Risk"), _("Count"), _("Severity")], [
                      [_("Failed logins"), failed, _severity(failed, 100, 1000)],
                      [_("Accounts locked after repeated failures"), locked,
                       _severity(locked, 10, 50)],
                      [_("Accounts unused for %(days)d days", days=UNUSED_DAYS),
                       len(unused), _severity(len(unused), 1, 20)],
                      [_("Disabled accounts that still hold a role"), len(still_holding),
                       _severity(len(still_holding), 1, 1)],
                      [_("Memberships revoked in the period"), total(REVOKED), _("none")],
                      [_("Accounts disabled in the period"), total(DISABLED), _("none")]])
    hub_label = _("Hub (no site)")
    site_ids = sorted({tenant_id for tenant_id, _action in per_site},
                      key=lambda i: (i is None, names.get(i, "")))
    by_site = Table("sites", _("Failed logins and lockouts per site"),
                    [_("Site"), _("Failed logins"), _("Lockouts"),
                     _("Memberships revoked")],
                    [[names.get(tenant_id, hub_label) if tenant_id else hub_label,
                      per_site.get((tenant_id, FAILED), 0), per_site.get((tenant_id, LOCKED), 0),
                      per_site.get((tenant_id, REVOKED), 0)] for tenant_id in site_ids],
                    _("No failed login in the period."))
    targets = Table("targeted", _("Accounts most often tried"),
                    [_("Login name"), _("Failed logins")],
                    [[label or "—", count] for label, count in targeted],
                    _("No failed login in the period."))
    locks = Table("lockouts", _("Lockouts"), [_("When"), _("Account"), _("Site")],
                  [[moment, label or "—", names.get(tenant_id, hub_label)
                    if tenant_id else hub_label] for moment, label, tenant_id in lockouts],
                  _("No account was locked in the period."))
    idle = Table("unused", _("Accounts unused for %(days)d days", days=UNUSED_DAYS),
                 [_("Account"), _("Name"), _("Last login"), _("Roles")],
                 [[user.email, user.display_name, user.last_login_at or _("never"),
                   role_count.get(user.id, 0) + (1 if user.hub_role else 0)]
                  for user in unused[:LIST_LIMIT]],
                 _("Every account was used in the last %(days)d days.", days=UNUSED_DAYS))
    left = Table("left", _("Accounts of people who left"),
                 [_("Account"), _("Name"), _("Disabled on"), _("Roles still held")],
                 [[user.email, user.display_name, disabled_on.get(str(user.id)) or "—",
                   role_count.get(user.id, 0)] for user in disabled[:LIST_LIMIT]],
                 _("No account is disabled."))
    revocations = Table("revoked", _("Memberships revoked"),
                        [_("When"), _("Account"), _("Role"), _("Site"), _("By")],
                        [[moment, (detail or {}).get("email", "—"),
                          (detail or {}).get("role", "—"),
                          names.get(tenant_id, hub_label) if tenant_id else hub_label,
                          by or "—"] for moment, detail, tenant_id, by in revoked],
                        _("No membership was revoked in the period."))
    summary: list[tuple[str, Any]] = [
        (_("Failed logins"), failed), (_("Lockouts"), locked),
        (_("Accounts unused for %(days)d days", days=UNUSED_DAYS), len(unused)),
        (_("Disabled accounts"), len(disabled)),
        (_("Disabled accounts that still hold a role"), len(still_holding)),
        (_("Memberships revoked in the period"), total(REVOKED))]
    return summary, [risks, by_site, targets, locks, idle, left, revocations]


def _aware(moment: datetime) -> datetime:
    return aware(moment) or moment


def _disabled_without_roles(staff: list[Any]) -> list[Any]:
    """Disabled accounts are already in ``staff`` only when they kept a role; those that
    lost every role are listed too (read separately, they are few)."""
    known = {user.id for user in staff}
    with unscoped():
        return [user for user in db.session.execute(
            select(User.id, User.email, User.display_name, User.is_enabled,
                   User.last_login_at, User.hub_role, User.created_at)
            .where(User.is_enabled.is_(False)).order_by(User.email)).all()
            if user.id not in known]
