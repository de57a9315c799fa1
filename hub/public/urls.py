"""Canonical addresses of public items: one scheme, used by pages, the API, feeds, the
sitemap and search results.

Every item lives at ``/<section>/<slug>`` on its own site's host in its own language
(slugs are unique per site and language), with ``/in`` (print view) and ``/tai-ve``
(download) below it.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import has_request_context, request
from sqlalchemy import select

from hub.content.models import ContentItem, ContentType
from hub.extensions import db
from tenants.context import current_site
from tenants.models import Domain

# Vietnamese path segment of each type's pages (Circular 22/2023 sections).
SECTIONS: dict[ContentType, str] = {
    ContentType.ARTICLE: "tin-tuc",
    ContentType.PAGE: "gioi-thieu",
    ContentType.LEGAL_DOCUMENT: "van-ban",
    ContentType.PROCEDURE: "thu-tuc",
    ContentType.SCHEDULE_ENTRY: "lich-cong-tac",
    ContentType.DISCLOSURE: "cong-khai",
}
TYPES_BY_SECTION: dict[str, ContentType] = {v: k for k, v in SECTIONS.items()}


def item_path(item: ContentItem, suffix: str = "") -> str:
    """``/tin-tuc/<slug>`` (plus ``/in`` or ``/tai-ve`` as ``suffix``)."""
    return f"/{SECTIONS[ContentType(item.type)]}/{item.slug}{suffix}"


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


def base_url(host: str) -> str:
    """``http://host[:port]`` with the scheme and development port of this request."""
    scheme, port = "https", ""
    if has_request_context():
        from tenants.resolution import port_suffix
        scheme, port = request.scheme, port_suffix()
    return f"{scheme}://{host}{port}"


def site_link(host: str) -> str:
    """``//host[:port]/``: a link to another site's home that keeps the reader's scheme
    (behind a TLS-terminating proxy the request itself may look like plain HTTP)."""
    port = ""
    if has_request_context():
        from tenants.resolution import port_suffix
        port = port_suffix()
    return f"//{host}{port}/"


def item_url(item: ContentItem, external: bool = False, suffix: str = "",
             hosts: dict[int, dict[str, str]] | None = None) -> str:
    """The canonical path of ``item``, or with ``external`` its full URL on its own
    site's host in its own language."""
    path = item_path(item, suffix)
    if not external:
        return path
    host = site_host(item.tenant_id, item.locale, hosts)
    return f"{base_url(host)}{path}" if host else path
