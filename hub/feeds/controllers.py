"""Handlers of the feeds, the sitemap and robots.txt of every host."""

from __future__ import annotations

from flask import Response, current_app, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from hub.cache.pages import cached_page
from hub.content.models import Register
from hub.core.http import fail
from hub.directory.models import Category
from hub.directory.operations import descendant_ids
from hub.extensions import db
from hub.feeds import documents
from hub.public.layout import current_site_name, enum_label
from hub.public.urls import REGISTER_ENDPOINTS
from tenants.context import current_site

MAX_AGE = 300


def _answer(body: bytes | str, mimetype: str) -> Response:
    response = current_app.response_class(body, mimetype=mimetype)
    response.headers.setdefault("Cache-Control", f"public, max-age={MAX_AGE}")
    return response


def _no_query() -> None:
    # These documents take no parameters; an overlong query string is a probe.
    if len(request.query_string) > 512:
        fail(400, _("The query string is too long."))


@cached_page
def site_feed() -> Response:
    _no_query()
    name = current_site_name()
    body = documents.rss(
        title=name,
        description=_("Latest news, documents and disclosures of %(site)s", site=name),
        link=url_for("public.home", _external=True),
        self_url=url_for("feeds.site_feed", _external=True),
        items=documents.feed_items())
    return _answer(body, "application/rss+xml")


@cached_page
def category_feed(slug: str) -> Response:
    _no_query()
    category = db.session.scalar(select(Category).where(
        Category.slug == slug[:200], Category.locale == current_site().locale))
    if category is None:
        fail(404, _("The page you are looking for does not exist or has been moved."))
    body = documents.rss(
        title=f"{category.name} – {current_site_name()}",
        description=_("Latest items of the category %(name)s", name=category.name),
        link=url_for("public.category", slug=category.slug, _external=True),
        self_url=url_for("feeds.category_feed", slug=category.slug, _external=True),
        items=documents.feed_items({category.id, *descendant_ids(category)}))
    return _answer(body, "application/rss+xml")


@cached_page
def register_feed(register: Register) -> Response:
    _no_query()
    heading = enum_label(register)
    endpoint = REGISTER_ENDPOINTS[register]
    body = documents.rss(
        title=f"{heading} – {current_site_name()}",
        description=_("Latest documents of the register %(name)s", name=heading),
        link=url_for(f"public.{endpoint}", _external=True),
        self_url=url_for(f"feeds.{endpoint}_feed", _external=True),
        items=documents.register_items(register))
    return _answer(body, "application/rss+xml")


@cached_page
def sitemap() -> Response:
    _no_query()
    return _answer(documents.sitemap(), "application/xml")


@cached_page
def robots() -> Response:
    _no_query()
    return _answer(documents.robots(url_for("feeds.sitemap", _external=True)),
                   "text/plain")
