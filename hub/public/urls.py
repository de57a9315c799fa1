"""The public site's addresses, from one table: the URL rules of the ``public``
blueprint, the sections items live in, and every path the pages, lists, menus, the API,
feeds, the sitemap and search results link to.

Every item lives at ``/<section>/<slug>`` on its own site's host in its own language
(slugs are unique per site and language), with ``/in`` (print view) and ``/tai-ve``
(download) below it. The public pages (templates, lists, menus) link by formatting
these rules (``public_path``, ``item_path``): a string format where ``url_for`` builds
the URL through Werkzeug's map, a few percent of a page for a handful of links.
``tests/public/test_urls.py`` holds the two equal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from flask import has_request_context, request
from sqlalchemy import select

from hub.content.models import ContentItem, ContentType
from hub.extensions import db
from tenants.context import current_site
from tenants.models import Domain


class Route(NamedTuple):
    endpoint: str                    # of the ``public`` blueprint
    rule: str
    shows: ContentType | None = None  # the page of one item of this type


# Vietnamese paths (Circular 22/2023 sections).
_PAGES: tuple[Route, ...] = (
    Route("home", "/"),
    Route("news", "/tin-tuc"),
    Route("article", "/tin-tuc/<slug>", ContentType.ARTICLE),
    Route("category", "/chuyen-muc/<slug>"),
    Route("documents", "/van-ban"),
    Route("document", "/van-ban/<slug>", ContentType.LEGAL_DOCUMENT),
    Route("procedures", "/thu-tuc"),
    Route("procedure", "/thu-tuc/<slug>", ContentType.PROCEDURE),
    Route("schedule", "/lich-cong-tac"),
    Route("schedule_entry", "/lich-cong-tac/<slug>", ContentType.SCHEDULE_ENTRY),
    Route("disclosures", "/cong-khai"),
    Route("disclosure", "/cong-khai/<slug>", ContentType.DISCLOSURE),
    Route("pages", "/gioi-thieu"),
    Route("page", "/gioi-thieu/<slug>", ContentType.PAGE),
    Route("organisation", "/co-cau-to-chuc"),
    Route("leaders", "/lanh-dao"),
    Route("contacts", "/danh-ba"),
)
# The path segment of each type's pages: ``/tin-tuc/<slug>`` -> ``tin-tuc``.
SECTIONS: dict[ContentType, str] = {
    route.shows: route.rule.split("/")[1] for route in _PAGES if route.shows is not None}
TYPES_BY_SECTION: dict[str, ContentType] = {v: k for k, v in SECTIONS.items()}
ITEM_ENDPOINTS: dict[ContentType, str] = {
    route.shows: route.endpoint for route in _PAGES if route.shows is not None}
_ANY_SECTION = "<any({}):section>".format(",".join(f'"{s}"' for s in SECTIONS.values()))

ROUTES: tuple[Route, ...] = _PAGES + (
    Route("print_view", f"/{_ANY_SECTION}/<slug>/in"),   # in ấn (Article 10.3)
    Route("download", f"/{_ANY_SECTION}/<slug>/tai-ve"),  # lưu trữ (Article 10.3)
)
RULES: dict[str, str] = {route.endpoint: route.rule for route in ROUTES}
# Each rule as a format string: ``/tin-tuc/<slug>`` -> ``/tin-tuc/{slug}``.
_PATHS: dict[str, str] = {endpoint: re.sub(r"<(?:[^<>]*:)?(\w+)>", r"{\1}", rule)
                          for endpoint, rule in RULES.items()}

# The path of each type's item pages as a format string (lists make many at once).
ITEM_PATHS: dict[ContentType, str] = {
    content_type: _PATHS[endpoint] for content_type, endpoint in ITEM_ENDPOINTS.items()}


def public_path(endpoint: str, **values: str) -> str:
    """The path of a public page (``public_path("category", slug="y-te")``), as
    ``url_for("public." + endpoint, ...)`` builds it for the values slugs take."""
    return _PATHS[endpoint].format(**values)


def item_path(item: ContentItem, view: str | None = None) -> str:
    """``/tin-tuc/<slug>``, or the item's ``print_view`` or ``download``."""
    content_type = ContentType(item.type)
    if view is None:
        return ITEM_PATHS[content_type].format(slug=item.slug)
    return _PATHS[view].format(section=SECTIONS[content_type], slug=item.slug)


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


def item_url(item: ContentItem, external: bool = False, view: str | None = None,
             hosts: dict[int, dict[str, str]] | None = None) -> str:
    """The canonical path of ``item`` (or of its ``view``: ``print_view``,
    ``download``), or with ``external`` its full URL on its own site's host in its own
    language."""
    path = item_path(item, view)
    if not external:
        return path
    host = site_host(item.tenant_id, item.locale, hosts)
    return f"{base_url(host)}{path}" if host else path
