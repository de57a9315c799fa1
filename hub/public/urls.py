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
from typing import NamedTuple

from flask import has_request_context

from hub.content.addresses import SECTIONS, TYPES_BY_SECTION, VIEWS, item_path, item_url
from hub.content.models import ContentType, Register
from tenants.hosts import base_url


class Route(NamedTuple):
    endpoint: str                    # of the ``public`` blueprint
    rule: str
    shows: ContentType | None = None  # the page of one item of this type


# Vietnamese paths (Circular 22/2023 sections).
_PAGES: tuple[Route, ...] = (
    Route("home", "/"),
    Route("news", "/tin-tuc"),
    Route("article", "/{}/<slug>", ContentType.ARTICLE),
    Route("category", "/chuyen-muc/<slug>"),
    Route("documents", "/van-ban-quy-pham-phap-luat"),
    Route("directives", "/van-ban-chi-dao-dieu-hanh"),
    Route("former_documents", "/van-ban"),  # the single register before the split
    Route("document", "/{}/<slug>", ContentType.LEGAL_DOCUMENT),
    Route("procedures", "/thu-tuc"),
    Route("procedure", "/{}/<slug>", ContentType.PROCEDURE),
    Route("schedule", "/lich-cong-tac"),
    Route("schedule_entry", "/{}/<slug>", ContentType.SCHEDULE_ENTRY),
    Route("disclosures", "/cong-khai"),
    Route("disclosure", "/{}/<slug>", ContentType.DISCLOSURE),
    Route("consultations", "/du-thao"),
    Route("consultation", "/{}/<slug>", ContentType.CONSULTATION),
    Route("pages", "/gioi-thieu"),
    Route("page", "/{}/<slug>", ContentType.PAGE),
    Route("organisation", "/co-cau-to-chuc"),
    Route("leaders", "/lanh-dao"),
    Route("contacts", "/danh-ba"),
    Route("sites", "/don-vi"),     # the component sites' directory (Article 10.3)
)
# An item's page is at its section (``hub.content.addresses.SECTIONS``, the canonical
# address search, feeds and the API link to): ``/tin-tuc/<slug>``.
_PAGES = tuple(route._replace(rule=route.rule.format(SECTIONS[route.shows]))
               if route.shows is not None else route for route in _PAGES)
ITEM_ENDPOINTS: dict[ContentType, str] = {
    route.shows: route.endpoint for route in _PAGES if route.shows is not None}
_ANY_SECTION = "<any({}):section>".format(",".join(f'"{s}"' for s in SECTIONS.values()))

ROUTES: tuple[Route, ...] = _PAGES + tuple(
    Route(view, f"/{_ANY_SECTION}/<slug>/{segment}")  # in ấn, lưu trữ (Article 10.3)
    for view, segment in VIEWS.items())
RULES: dict[str, str] = {route.endpoint: route.rule for route in ROUTES}
# Each rule as a format string: ``/tin-tuc/<slug>`` -> ``/tin-tuc/{slug}``.
_PATHS: dict[str, str] = {endpoint: re.sub(r"<(?:[^<>]*:)?(\w+)>", r"{\1}", rule)
                          for endpoint, rule in RULES.items()}

# The path of each type's item pages as a format string (lists make many at once).
ITEM_PATHS: dict[ContentType, str] = {
    content_type: _PATHS[endpoint] for content_type, endpoint in ITEM_ENDPOINTS.items()}

# The page of each register of documents.
REGISTER_ENDPOINTS: dict[Register, str] = {Register.NORMATIVE: "documents",
                                           Register.DIRECTIVE: "directives"}

# A list's RSS feed is at its address + FEED (``/chuyen-muc/y-te/rss.xml``); the whole
# site's at SITE_FEED.
FEED = "/rss.xml"
SITE_FEED = FEED


class Feed(NamedTuple):
    """A feed a page announces in its head and links from its list."""
    title: str
    href: str


def public_path(endpoint: str, **values: str) -> str:
    """The path of a public page (``public_path("category", slug="y-te")``), as
    ``url_for("public." + endpoint, ...)`` builds it for the values slugs take."""
    return _PATHS[endpoint].format(**values)


def feed_path(endpoint: str, **values: str) -> str:
    """The path of the RSS feed of the list at ``public_path(endpoint, ...)``."""
    return public_path(endpoint, **values) + FEED


def site_link(host: str) -> str:
    """``//host[:port]/``: a link to another site's home that keeps the reader's scheme
    (behind a TLS-terminating proxy the request itself may look like plain HTTP)."""
    port = ""
    if has_request_context():
        from tenants.resolution import port_suffix
        port = port_suffix()
    return f"//{host}{port}/"


__all__ = ["FEED", "REGISTER_ENDPOINTS", "ROUTES", "RULES", "SECTIONS", "SITE_FEED",
           "TYPES_BY_SECTION", "Feed", "Route", "base_url", "feed_path", "item_path",
           "item_url", "public_path", "site_link"]
