"""The province office's list of staff accounts across every site (003 Article 13.1.e:
accounts unused, accounts of people who left).

Read inside an explicit ``unscoped()`` block opened by the caller, on the province host.
A page is two statements whatever its size: the accounts (with whether a second factor
exists) and the memberships of those accounts with their sites' names. The actions
(disable, enable, revoke a membership, reset a second factor) are the services of
``operations`` and ``second_factor``, the same the CLI uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import abort
from sqlalchemy import Select, func, or_, select

from hub.accounts.models import HubRole, Membership, SecondFactor, SiteRole, User
from hub.core.clock import aware
from hub.extensions import db
from tenants.context import current_site
from tenants.models import Tenant

PER_PAGE = 50


def on_province_host() -> bool:
    """Is this request on the province's host (where the office's screens live)?"""
    site = current_site()
    return site is not None and site.action == "serve" \
        and str(getattr(site.kind, "value", site.kind)) == "province"


def province_host_only() -> None:
    """The office's screens answer 404 on any other host, whoever asks."""
    if not on_province_host():
        abort(404)


@dataclass
class AccountFilter:
    q: str = ""
    site_id: int | None = None
    role: str = ""
    idle_days: int | None = None
    never: bool = False
    state: str = ""
    page: int = 1


@dataclass
class AccountRow:
    user: User
    has_second_factor: bool
    locked: bool
    last_login: datetime | None
    memberships: list[tuple[Membership, str]] = field(default_factory=list)


@dataclass(frozen=True)
class AccountPage:
    rows: list[AccountRow]
    page: int
    has_next: bool


def _member_where(user_column: Any, *, site_id: int | None,
                  role: SiteRole | None) -> Any:
    condition = select(Membership.id).where(Membership.user_id == user_column)
    if site_id is not None:
        condition = condition.where(Membership.tenant_id == site_id)
    if role is not None:
        condition = condition.where(Membership.role == role)
    return condition.exists()


def _filtered(statement: Select[Any], wanted: AccountFilter, now: datetime) -> Select[Any]:
    if wanted.q:
        text = wanted.q.lower()
        statement = statement.where(or_(
            func.lower(User.email).contains(text, autoescape=True),
            func.lower(User.display_name).contains(text, autoescape=True)))
    hub_role = next((r for r in HubRole if r.value == wanted.role), None)
    site_role = next((r for r in SiteRole if r.value == wanted.role), None)
    if hub_role is not None:
        statement = statement.where(User.hub_role == hub_role)
    if wanted.site_id is not None or site_role is not None:
        statement = statement.where(_member_where(User.id, site_id=wanted.site_id,
                                                  role=site_role))
    if wanted.never:
        statement = statement.where(User.last_login_at.is_(None))
    elif wanted.idle_days is not None:
        since = now - timedelta(days=wanted.idle_days)
        statement = statement.where(or_(User.last_login_at.is_(None),
                                        User.last_login_at < since))
    if wanted.state == "enabled":
        statement = statement.where(User.is_enabled.is_(True))
    elif wanted.state == "disabled":
        statement = statement.where(User.is_enabled.is_(False))
    elif wanted.state == "locked":
        statement = statement.where(User.locked_until > now)
    return statement


def page_of(wanted: AccountFilter, now: datetime, per_page: int = PER_PAGE) -> AccountPage:
    """One page of accounts by email, with their memberships (two statements)."""
    statement = (select(User, SecondFactor.user_id.is_not(None))
                 .outerjoin(SecondFactor, SecondFactor.user_id == User.id)
                 .order_by(User.email))
    found = db.session.execute(_filtered(statement, wanted, now)
                               .limit(per_page + 1)
                               .offset((wanted.page - 1) * per_page)).all()
    rows = []
    for user, has_factor in found[:per_page]:
        until = aware(user.locked_until)
        rows.append(AccountRow(user, bool(has_factor), until is not None and until > now,
                               aware(user.last_login_at)))
    by_user = {row.user.id: row for row in rows}
    if by_user:
        for membership, site_name in db.session.execute(
                select(Membership, Tenant.name)
                .join(Tenant, Tenant.id == Membership.tenant_id)
                .where(Membership.user_id.in_(by_user))
                .order_by(Tenant.name, Membership.role)):
            by_user[membership.user_id].memberships.append((membership, site_name))
    return AccountPage(rows, wanted.page, len(found) > per_page)

