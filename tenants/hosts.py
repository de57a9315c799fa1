"""Where a site is reached: its primary host in each language, and the base address of
a host as this request sees it (the reader's scheme and development port).

Below every capability that writes addresses: the canonical address of an item
(``hub.content.addresses``), the public pages, feeds, mail and search build on it.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app, has_app_context, has_request_context, request
from sqlalchemy import select

from hub.extensions import db
from tenants.context import current_site
from tenants.models import Domain


def site_host(tenant_id: int, locale: str = "vi",
              hosts: dict[int, dict[str, str]] | None = None) -> str | None:
    """The primary host of a tenant in ``locale`` (its Vietnamese host as a fallback);
    from ``hosts`` (``primary_hosts``) when the caller loaded many sites' at once."""
    if hosts is not None and tenant_id in hosts:
        return hosts[tenant_id].get(locale) or hosts[tenant_id].get("vi")
    if has_request_context():
        site = current_site()
        if site is not None and site.tenant_id == tenant_id:
            return site.alternates.get(locale) or site.alternates.get("vi") \
                or site.hostname
    # Another site's item, named alone (a mail): lists of many sites' items (search
    # documents) pass ``hosts``, read for all of them at once.
    by_locale = primary_hosts([tenant_id])[tenant_id]
    return by_locale.get(locale) or by_locale.get("vi")


def primary_hosts(tenant_ids: Iterable[int]) -> dict[int, dict[str, str]]:
    """The primary host of each of ``tenant_ids`` by language, in one query."""
    hosts: dict[int, dict[str, str]] = {tenant_id: {} for tenant_id in tenant_ids}
    if hosts:
        for domain in db.session.scalars(select(Domain).where(
                Domain.tenant_id.in_(hosts), Domain.is_primary.is_(True),
                Domain.is_redirect.is_(False))):
            hosts[domain.tenant_id][domain.locale] = domain.hostname
    return hosts


def public_base_url(host: str) -> str:
    """``scheme://host[:port]`` for an address that leaves the request (a mail): the
    scheme of this request (the connection's, or a trusted proxy's), the port of the
    ``PUBLIC_PORT`` setting. Never the port of the request's ``Host`` header: whoever
    sends the request chooses it, and a link to a port of theirs would carry the
    reader's token there."""
    scheme = request.scheme if has_request_context() else "https"
    port = current_app.config.get("PUBLIC_PORT") if has_app_context() else None
    default = {"http": 80, "https": 443}.get(scheme)
    return f"{scheme}://{host}" + (f":{port}" if port and port != default else "")


def base_url(host: str) -> str:
    """``http://host[:port]`` with the scheme and development port of this request."""
    scheme, port = "https", ""
    if has_request_context():
        from tenants.resolution import port_suffix
        scheme, port = request.scheme, port_suffix()
    return f"{scheme}://{host}{port}"
