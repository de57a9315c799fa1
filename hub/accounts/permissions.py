"""Who may do what, and the one check every view uses.

``PERMISSIONS`` is the single table of the hub's permissions: one row per permission
name, listing the site roles (from memberships on the site being acted on) and the hub
roles that hold it. ``hub_admin`` (the province office) holds every permission on every
site and is therefore not repeated in each row. A user acts on a site only through a
membership there or a hub role: site roles never carry over from one site to another.

Views check with ``@permission_required("members.manage")`` or ``require(...)``;
templates and services ask ``can(user, "...")``. Later capabilities add rows here
(``content.create``, ``content.approve`` ...), never checks of role names at call sites.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any, Literal, TypeVar

from flask import abort, g, has_request_context
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from hub.accounts.models import HubRole, Membership, SiteRole
from hub.core.http import fail
from hub.extensions import db, login_manager
from tenants import context

S = SiteRole
H = HubRole
EVERY_SITE_ROLE = frozenset(SiteRole)


@dataclass(frozen=True)
class Grant:
    """Who holds one permission. ``scope="hub"``: not tied to a site (the console)."""
    site_roles: frozenset[SiteRole] = frozenset()
    hub_roles: frozenset[HubRole] = frozenset()
    scope: Literal["site", "hub"] = "site"


def _grant(site: Iterable[SiteRole] = (), hub: Iterable[HubRole] = (),
           scope: Literal["site", "hub"] = "site") -> Grant:
    # hub_admin holds everything; listing it in every row would only invite forgetting it.
    return Grant(frozenset(site), frozenset(hub) | {H.HUB_ADMIN}, scope)


PERMISSIONS: dict[str, Grant] = {
    # name: who holds it (besides hub_admin)                   # what it allows
    # The staff area's front page; the auditor's shows only what it may read.
    "admin.access": _grant(site=EVERY_SITE_ROLE, hub={H.HUB_AUDITOR}),
    # One's own account page: password, second factor (whoever may log in here).
    "account.own": _grant(site=EVERY_SITE_ROLE, hub={H.HUB_AUDITOR}),
    "members.manage": _grant(site={S.SITE_ADMIN}),              # add/remove site members
    "settings.manage": _grant(site={S.SITE_ADMIN}),             # footer facts, languages
    "audit.view": _grant(site={S.SITE_ADMIN}, hub={H.HUB_AUDITOR}),  # read the audit log
    "audit.view_all": _grant(hub={H.HUB_AUDITOR}, scope="hub"),  # every site's log
    "console.view": _grant(hub={H.HUB_AUDITOR}, scope="hub"),   # province-office console
    "console.manage": _grant(scope="hub"),                      # act in the console
    # Content and the editorial workflow (002 Article 17.2: administration, approval,
    # updating; 003 Article 13.2.d: contributors).
    "content.view": _grant(site={S.SITE_ADMIN, S.APPROVER, S.EDITOR, S.CONTRIBUTOR}),
    "content.create": _grant(site={S.SITE_ADMIN, S.APPROVER, S.EDITOR, S.CONTRIBUTOR}),
    "content.edit_any": _grant(site={S.SITE_ADMIN, S.APPROVER, S.EDITOR}),  # not only own
    "content.submit": _grant(site={S.SITE_ADMIN, S.APPROVER, S.EDITOR, S.CONTRIBUTOR}),
    "content.approve": _grant(site={S.SITE_ADMIN, S.APPROVER}),   # publish, schedule, return
    "content.unpublish": _grant(site={S.SITE_ADMIN, S.APPROVER}),
    "content.take_down": _grant(site={S.SITE_ADMIN, S.APPROVER}),  # 003 Article 8.2.b
    "content.archive": _grant(site={S.SITE_ADMIN, S.APPROVER}),
    "content.restore_revision": _grant(site={S.SITE_ADMIN, S.APPROVER, S.EDITOR}),
    "attachments.upload": _grant(site={S.SITE_ADMIN, S.APPROVER, S.EDITOR, S.CONTRIBUTOR}),
    "procedures.import": _grant(site={S.SITE_ADMIN, S.APPROVER, S.EDITOR}),
    "structure.manage": _grant(site={S.SITE_ADMIN}),              # categories, menus
    "people.manage": _grant(site={S.SITE_ADMIN, S.EDITOR}),       # contacts directory
    "approver_scopes.manage": _grant(site={S.SITE_ADMIN}),
    "reports.view": _grant(site={S.SITE_ADMIN, S.APPROVER}, hub={H.HUB_AUDITOR}),
    "royalties.view": _grant(site={S.SITE_ADMIN}, hub={H.HUB_AUDITOR}),
    "calendar.manage": _grant(scope="hub"),                       # swapped working days
    # Translation (003 Articles 7, 8.3). On the item's site: ask, review, cancel; on the
    # translation office's site: translate (translators) and review (its approvers).
    "translation.view": _grant(site={S.SITE_ADMIN, S.APPROVER, S.EDITOR, S.TRANSLATOR}),
    "translation.request": _grant(site={S.SITE_ADMIN, S.APPROVER}),
    "translation.work": _grant(site={S.TRANSLATOR}),
    "translation.review": _grant(site={S.SITE_ADMIN, S.APPROVER}),
    "translation.coverage": _grant(hub={H.HUB_AUDITOR}, scope="hub"),  # English set
    # Citizens' questions (003 Article 9.6; 002 Article 14): the unit's staff classify,
    # forward, draft and send progress notices; the head (or whom they authorised,
    # 002 Article 14.3), here the approvers, sends the answer and publishes it.
    "questions.view": _grant(site={S.SITE_ADMIN, S.APPROVER, S.EDITOR},
                             hub={H.HUB_AUDITOR}),
    "questions.answer": _grant(site={S.SITE_ADMIN, S.APPROVER, S.EDITOR}),
    "questions.approve": _grant(site={S.SITE_ADMIN, S.APPROVER}),
    # Visitors' ratings (003 Article 3.8.d): the comments are read and hidden by the
    # board; the figures are on the reports page (``reports.view``).
    "ratings.moderate": _grant(site={S.SITE_ADMIN, S.APPROVER}),
    # Reports of wrong or harmful content (003 Article 8.2, 000 Article 5.2): the
    # editors read the queue; approvers close reports and take items down from it.
    "problems.view": _grant(site={S.SITE_ADMIN, S.APPROVER, S.EDITOR},
                            hub={H.HUB_AUDITOR}),
    "problems.handle": _grant(site={S.SITE_ADMIN, S.APPROVER}),
    # Comments on drafts for consultation (003 Articles 3.8.c, 5.1.m): the board's staff
    # read them and draft the agency's responses; approvers publish or hide a comment
    # and publish the outcome (bảng tổng hợp, tiếp thu, giải trình).
    "consultations.view": _grant(site={S.SITE_ADMIN, S.APPROVER, S.EDITOR},
                                 hub={H.HUB_AUDITOR}),
    "consultations.moderate": _grant(site={S.SITE_ADMIN, S.APPROVER}),
    "consultations.respond": _grant(site={S.SITE_ADMIN, S.APPROVER, S.EDITOR}),
    "consultations.publish_outcome": _grant(site={S.SITE_ADMIN, S.APPROVER}),
}


class UnknownPermission(KeyError):
    """A permission name that is not in the table: a programming error, never a 403."""


def grant_for(permission: str) -> Grant:
    try:
        return PERMISSIONS[permission]
    except KeyError:
        raise UnknownPermission(permission) from None


def permissions_of(role: SiteRole | HubRole) -> set[str]:
    """Every permission a role holds (for documentation, the console and tests)."""
    if isinstance(role, HubRole):
        return {name for name, grant in PERMISSIONS.items() if role in grant.hub_roles}
    return {name for name, grant in PERMISSIONS.items()
            if grant.scope == "site" and role in grant.site_roles}


def _is_user(user: Any) -> bool:
    return (user is not None and getattr(user, "is_authenticated", False)
            and getattr(user, "is_enabled", False))


def roles_on(user: Any, tenant_id: int | None) -> set[SiteRole]:
    """The user's roles on a site, from one (tenant-scoped) query, cached per request.

    The query goes through the normal tenant scope: asked from one site's host about
    another site, it finds nothing, which is the answer isolation requires.
    """
    if not _is_user(user) or tenant_id is None:
        return set()
    cache: dict[tuple[int, int], frozenset[SiteRole]] | None = (
        g.setdefault("_portal_roles", {}) if has_request_context() else None)
    key = (user.id, tenant_id)
    if cache is not None and key in cache:
        return set(cache[key])
    roles = frozenset(db.session.scalars(
        select(Membership.role).where(Membership.user_id == user.id,
                                      Membership.tenant_id == tenant_id)))
    if cache is not None:
        cache[key] = roles
    return set(roles)


def forget_roles() -> None:
    """Drop the per-request cache after memberships changed in this request."""
    if has_request_context():
        g.pop("_portal_roles", None)


def has_access(user: Any, tenant_id: int | None) -> bool:
    """May the user log in and act on this site at all (a membership or a hub role)?"""
    if not _is_user(user):
        return False
    return user.hub_role is not None or bool(roles_on(user, tenant_id))


def can(user: Any, permission: str, tenant_id: int | None = None) -> bool:
    """Does ``user`` hold ``permission`` on the site ``tenant_id`` (default: this host's)?"""
    grant = grant_for(permission)
    if not _is_user(user):
        return False
    if user.hub_role is not None and user.hub_role in grant.hub_roles:
        return True
    if grant.scope == "hub":
        return False
    if tenant_id is None:
        tenant_id = context.current_tenant_id()
    return bool(roles_on(user, tenant_id) & grant.site_roles)


def require(permission: str) -> None:
    """Stop the request unless the current user holds ``permission`` on this site.

    Anonymous visitors are sent to the login page (with ``next``); a logged-in user
    without the permission gets a 403 with a reason they can read.
    """
    grant_for(permission)  # an unknown name fails loudly even for anonymous visitors
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if not can(current_user, permission):
        fail(403, _("Your account does not have permission to do this on this site."))


F = TypeVar("F", bound=Callable[..., Any])


def permission_required(permission: str) -> Callable[[F], F]:
    """View decorator: ``@permission_required("members.manage")``."""
    grant_for(permission)  # checked at import time: a typo breaks the app, not security

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            require(permission)
            return view(*args, **kwargs)
        return wrapped  # type: ignore[return-value]
    return decorator


# How roles are named to people (the members page, the CLI's listing).
ROLE_LABELS: dict[SiteRole | HubRole, Any] = {
    S.SITE_ADMIN: _l("Site administrator"),
    S.APPROVER: _l("Approver"),
    S.EDITOR: _l("Editor"),
    S.CONTRIBUTOR: _l("Contributor"),
    S.TRANSLATOR: _l("Translator"),
    H.HUB_ADMIN: _l("Province office administrator"),
    H.HUB_AUDITOR: _l("Province office auditor"),
}
