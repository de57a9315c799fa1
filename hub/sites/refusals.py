"""Why the rules refuse an operation on a site, in words the reader understands.

Refusals carry lazy translatable messages: the province office's screens show them in
the host's language (Vietnamese on the staff area), ``flask tenants ...`` in English
(it renders them under ``force_locale("en")``). Only the values filled into a message
(site names, slugs, hosts) are computed when the refusal is raised.
"""

from __future__ import annotations

from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from tenants.models import Tenant, TenantStatus

LIVE = (TenantStatus.ACTIVE, TenantStatus.SUSPENDED)


class TenantOperationError(Exception):
    """An operation the office asked for and the rules refuse; the message says why.

    The message is a lazy translatable string: the office's screens show it in the
    host's language, the CLI renders it in English (``force_locale("en")``).
    """


class DomainCollision(TenantOperationError):
    """A hostname is already taken (or claimed twice in one batch)."""

    def __init__(self, hostname: str, holder: str | LazyString,
                 claimant: str | LazyString) -> None:
        self.hostname, self.holder, self.claimant = hostname, holder, claimant
        super().__init__(_l("%(host)s is already the address of %(holder)s; it cannot also "
                            "be given to %(claimant)s. Choose another label.",
                            host=hostname, holder=holder, claimant=claimant))


def describe(tenant: Tenant) -> str:
    return f"{tenant.name} ({tenant.slug})"


def status_clause(tenant: Tenant) -> LazyString:
    """The first half of a refusal, '<site> is <status>', in the reader's language."""
    site = describe(tenant)
    if tenant.status == TenantStatus.ACTIVE:
        return _l("%(site)s is active", site=site)
    if tenant.status == TenantStatus.SUSPENDED:
        return _l("%(site)s is suspended", site=site)
    if tenant.status == TenantStatus.MERGED:
        return _l("%(site)s is merged", site=site)
    return _l("%(site)s is archived", site=site)


def cannot_become(tenant: Tenant, status: TenantStatus) -> LazyString:
    state = status_clause(tenant)
    if status == TenantStatus.SUSPENDED:
        return _l("%(state)s; it cannot be suspended", state=state)
    if status == TenantStatus.ACTIVE:
        return _l("%(state)s; it cannot be active", state=state)
    if status == TenantStatus.MERGED:
        return _l("%(state)s; it cannot be merged", state=state)
    return _l("%(state)s; it cannot be archived", state=state)


def refuse_root(tenant: Tenant, doing: str) -> None:
    """``doing``: "archived", "merged" or "moved"."""
    if tenant.parent_id is None:
        site = describe(tenant)
        if doing == "archived":
            raise TenantOperationError(_l("%(site)s is the province portal; it cannot be "
                                          "archived", site=site))
        if doing == "merged":
            raise TenantOperationError(_l("%(site)s is the province portal; it cannot be "
                                          "merged", site=site))
        raise TenantOperationError(_l("%(site)s is the province portal; it cannot be moved",
                                      site=site))


def refuse_live_children(tenant: Tenant, doing: str) -> None:
    # A live site under a retired one would keep a host named after a unit that no
    # longer exists: the office moves the sub-sites first.
    live = [child for child in tenant.children if child.status in LIVE]
    if live:
        names: Any = ", ".join(describe(child) for child in live[:5])
        if len(live) > 5:
            names = _l("%(names)s and %(count)d more", names=names, count=len(live) - 5)
        if doing == "merging":
            raise TenantOperationError(_l("%(site)s still has live sub-sites (%(names)s); "
                                          "move them before merging it",
                                          site=describe(tenant), names=names))
        raise TenantOperationError(_l("%(site)s still has live sub-sites (%(names)s); "
                                      "move them before archiving it",
                                      site=describe(tenant), names=names))
