"""What the public layout (``base.html``) shows around every page: the site's name in
the host's language, the main menu, the footer facts, the link back to the province,
the language switch.

Loaded lazily once per request, and only on a host that serves a site: error pages of
unknown, suspended or closed hosts extend the same layout without touching tenant data.
What changes only with the site's content (its name, the province link, the search box,
the menu, the footer, the readers' account link) is rendered once per site, language and
content generation from ``public/_layout.html`` and kept with the rest of that data; a
page renders only what is its own (title, addresses, language switch, staff's account).
Overlong query strings are refused here, before any view parses them.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from urllib.parse import urlencode

from flask import Flask, get_template_attribute, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from hub.accounts.permissions import has_access
from hub.cache.memo import tenant_memo
from hub.content.models import ContentItem
from hub.core.errors import database_unavailable
from hub.core.http import fail
from hub.core.lifecycle import attach
from hub.directory.models import MenuItem
from hub.directory.operations import menu_entries
from hub.extensions import db
from hub.files.operations import attachment_url
from hub.public.banner import Banner, site_banner
from hub.public.categories import site_categories
from hub.public.queries import visit_stats
from hub.public.sites import site_name
from hub.public.urls import (
    SITE_FEED,
    base_url,
    item_path,
    item_url,
    public_path,
    site_link,
)
from hub.workflow.states import PUBLIC_STATES
from tenants.context import current_site, current_tenant_id
from tenants.models import Tenant

logger = logging.getLogger(__name__)
MAX_QUERY_STRING = 2000


LAYOUT_TEMPLATE = "public/_layout.html"


@dataclass
class Chrome:
    serving: bool = False          # the host serves a site (not an error of its host)
    site_name: str | None = None   # in the host's language (``hub.public.sites``)
    menu: tuple[MenuLink, ...] = ()          # the main menu
    footer_menu: tuple[MenuLink, ...] = ()
    links: tuple[MenuLink, ...] = ()         # the home page's links
    footer: dict[str, str] = field(default_factory=dict)
    province_name: str | None = None
    province_url: str | None = None
    banner: Banner | None = None             # the header's picture (``hub.public.banner``)
    # The same, rendered (``public/_layout.html``): what ``base.html`` places.
    brand: Markup = field(default_factory=Markup)
    search_box: Markup = field(default_factory=Markup)
    reader_account: Markup = field(default_factory=Markup)
    main_menu: Markup = field(default_factory=Markup)
    site_footer: Markup = field(default_factory=Markup)


def _serving() -> bool:
    site = current_site()
    return site is not None and site.action == "serve"


@dataclass(frozen=True)
class MenuLink:
    """A menu entry as plain data, so the layout can be kept between requests."""
    label: str
    href: str
    children: tuple[MenuLink, ...] = ()


def _site_menus(locale: str) -> dict[str, tuple[MenuLink, ...]]:
    """Every menu of the site in ``locale`` (main, footer, links), entries in order."""
    categories = site_categories().by_id

    def href(entry: MenuItem) -> str:
        category = categories.get(entry.category_id) if entry.category_id else None
        return entry.url or (category.path if category else public_path("home"))

    return {location: tuple(MenuLink(entry.label, href(entry), tuple(
                MenuLink(child.label, href(child)) for child in children))
                for entry, children in top)
            for location, top in menu_entries(locale)}


def site_chrome() -> Chrome:
    """The layout's data for this request (empty on hosts that serve no site)."""
    return _served_chrome() if _serving() else _error_chrome()


def _served_chrome() -> Chrome:
    if database_unavailable():
        return _error_chrome()  # the 503 page of a database outage reads nothing
    try:
        # Menu, footer facts and the province link change only with the site's content:
        # built once per site and content generation, not on every page.
        return tenant_memo("public_chrome", _built_chrome)
    except SQLAlchemyError:
        # The layout of the 500 page must not fail in turn when the database does.
        logger.warning("public layout rendered without site data", exc_info=True)
        db.session.rollback()
        return _error_chrome()


def _built_chrome() -> Chrome:
    chrome = Chrome()
    _load_chrome(chrome)
    _render_chrome(chrome)
    return chrome


def _render_chrome(chrome: Chrome) -> None:
    layout = functools.partial(get_template_attribute, LAYOUT_TEMPLATE)
    site = current_site()
    chrome.brand = layout("brand")(chrome, chrome.site_name or (site.tenant_name if site
                                                                 else None))
    if chrome.serving:
        chrome.search_box = layout("search_box")()
        chrome.reader_account = layout("account")(None)
        chrome.main_menu = layout("main_menu")(chrome)
        chrome.site_footer = layout("footer")(chrome)


def account_links() -> Markup:
    """The header's account links: the login link for readers (kept with the site's
    layout), the user's name and a logout button for staff."""
    from flask_login import current_user
    if not current_user.is_authenticated:
        return _served_chrome().reader_account if _serving() else Markup()
    # Staff of this site (or the province office) get the way to their dashboard. Such
    # a page is never cached: ``hub.cache.pages`` stores only anonymous answers.
    dashboard = (url_for("admin.dashboard")
                 if _serving() and has_access(current_user, current_tenant_id()) else None)
    return get_template_attribute(LAYOUT_TEMPLATE, "account")(current_user, dashboard)


def _error_chrome() -> Chrome:
    """The layout of a host that serves no site (unknown, suspended, closed, or a
    database failure): the name its host map knows, nothing read from the database."""
    chrome = Chrome()
    _render_chrome(chrome)
    return chrome


def _load_chrome(chrome: Chrome) -> None:
    chrome.serving = _serving()
    if chrome.serving:
        site = current_site()
        tenant = db.session.get(Tenant, site.tenant_id)
        if tenant is not None:
            chrome.site_name = site_name(tenant, site.locale)
            chrome.banner = site_banner(tenant)
            menus = _site_menus(site.locale)
            chrome.menu, chrome.footer_menu = menus["main"], menus["footer"]
            chrome.links = tuple(link for entry in menus["links"]
                                 for link in (entry, *entry.children))
            chrome.footer = tenant.footer_facts(site.locale)
            root_id = tenant.ancestor_ids[0] if tenant.ancestor_ids else None
            if root_id is not None and root_id != tenant.id:
                root = db.session.get(Tenant, root_id)
                host = root.primary_domain(site.locale) or root.primary_domain("vi") \
                    if root is not None else None
                if host is not None:
                    chrome.province_name = site_name(root, site.locale)  # type: ignore[arg-type]
                    chrome.province_url = site_link(host.hostname)


def current_site_name() -> str:
    """This host's site name in the host's language (``site_name()`` in templates): the
    name its host map knows (``Tenant.name_in``, as the layout's; the map is rebuilt
    after any change of a site), so the title of every page costs no lookup of the
    layout's data."""
    site = current_site()
    return site.tenant_name if site is not None else ""


# Each language named in itself, as language switches do (not translated).
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}


class LanguageSwitch(NamedTuple):
    locale: str
    url: str
    name: str        # the language named in itself
    # The URL shows this page in the other language (home to home, an item to its
    # published translation): only then is it an hreflang alternate of this page.
    equivalent: bool


def language_switch(item: ContentItem | None = None) -> LanguageSwitch | None:
    """Where the switch to the other language leads: the published translation of
    ``item`` when there is one, else the other language's home. None without a host in
    another language."""
    site = current_site()
    if site is None or not _serving():
        return None
    if not isinstance(item, ContentItem):
        item = None  # staff pages name other things "item" (a menu entry, a person)
    others = [locale for locale in site.alternates if locale != site.locale]
    if not others:
        return None
    other = others[0]
    path, equivalent = public_path("home"), request.endpoint == "public.home"
    if item is not None:
        if item.translation_of_id is not None:
            counterpart = db.session.get(ContentItem, item.translation_of_id)
        else:
            counterpart = db.session.scalar(select(ContentItem).where(
                ContentItem.translation_of_id == item.id, ContentItem.locale == other,
                ContentItem.status.in_(PUBLIC_STATES)).limit(1))
        if counterpart is not None and counterpart.locale == other \
                and counterpart.status in PUBLIC_STATES:
            path, equivalent = item_path(counterpart), True
    return LanguageSwitch(other, base_url(site.alternates[other]) + path,
                          LANGUAGE_NAMES.get(other, other), equivalent)


def page_url(number: int) -> str:
    """This list's address at page ``number``, keeping its filters."""
    args = [(key, value) for key, value in request.args.items(multi=True) if key != "page"]
    if number > 1:
        args.append(("page", str(number)))
    return request.path + ("?" + urlencode(args) if args else "")


def enum_label(value: Any) -> str:
    """How staff and readers name a kind, type or validity (``hub.content.labels``)."""
    from hub.content.labels import ENUM_LABELS
    return str(ENUM_LABELS.get(type(value), {}).get(value, getattr(value, "value", value)))


def canonical_url(path: str | None = None) -> str:
    site = current_site()
    host = site.hostname if site is not None else request.host
    return base_url(host) + (path or request.path)


def init_app(app: Flask) -> None:
    def refuse_malformed_address() -> None:
        if len(request.query_string) > MAX_QUERY_STRING:
            fail(400, _("The address is too long. Please shorten your search or "
                        "filter and try again."))
        # A NUL byte is never part of a real address, and PostgreSQL refuses it in a
        # query parameter: answer 404/400 here rather than a database error later.
        if "\x00" in request.path:
            fail(404, _("The page you are looking for does not exist or has been moved."))
        if any("\x00" in value for value in request.args.values()):
            fail(400, _("The request could not be understood. Please check what you "
                        "entered."))

    attach(app, "address", refuse_malformed_address)

    app.add_template_global(current_site_name, "site_name")
    app.add_template_global(SITE_FEED, "site_feed")
    for function in (site_chrome, account_links, language_switch, canonical_url, page_url,
                     enum_label, item_url, public_path, attachment_url, visit_stats):
        app.add_template_global(function)
