"""Canonical addresses of items: one scheme, used by pages, the API, feeds, the
sitemap and search results.

Every item lives at ``/<section>/<slug>`` on its own site's host in its own language
(slugs are unique per site and language), with ``/in`` (print view) and ``/tai-ve``
(download) below it. The hosts are the tenants' (``tenants.hosts``).
"""

from __future__ import annotations

from hub.content.models import ContentItem, ContentType
from tenants.hosts import base_url, site_host

# Vietnamese path segment of each type's pages (Circular 22/2023 sections).
SECTIONS: dict[ContentType, str] = {
    ContentType.ARTICLE: "tin-tuc",
    ContentType.PAGE: "gioi-thieu",
    ContentType.LEGAL_DOCUMENT: "van-ban",
    ContentType.PROCEDURE: "thu-tuc",
    ContentType.SCHEDULE_ENTRY: "lich-cong-tac",
    ContentType.DISCLOSURE: "cong-khai",
    ContentType.CONSULTATION: "du-thao",
}
TYPES_BY_SECTION: dict[str, ContentType] = {v: k for k, v in SECTIONS.items()}


# The views below every item's page: printing and saving it (Article 10.3).
VIEWS: dict[str, str] = {"print_view": "in", "download": "tai-ve"}


def item_path(item: ContentItem, view: str | None = None) -> str:
    """``/tin-tuc/<slug>``, or the item's ``print_view`` or ``download``."""
    path = f"/{SECTIONS[ContentType(item.type)]}/{item.slug}"
    return path if view is None else f"{path}/{VIEWS[view]}"


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
