"""The XML and text documents of a site: RSS 2.0 feeds, sitemap.xml, robots.txt.

Built with ElementTree, so every title and summary is escaped for XML by the serializer
rather than by hand. An item's ``<description>`` is HTML to feed readers (RSS 2.0: "an
entity-encoded HTML" synopsis), while a summary is plain text: it is escaped for HTML
first, so a reader shows "<script>" as text and never runs it. Links are absolute and
on the item's own host (``hub.public.urls``); dates are RFC 822 as RSS 2.0 requires,
in the portal's time zone with its offset (``hub.formatting``); a
sitemap lists each published translation as an ``xhtml:link`` hreflang alternate
(Google's format), the item itself included.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from email.utils import format_datetime
from html import escape
from typing import Any
from xml.etree import ElementTree as ET

from flask import url_for
from sqlalchemy import or_, select
from sqlalchemy.orm import lazyload, load_only

from hub.content.models import (
    Article,
    ContentItem,
    ContentType,
    Disclosure,
    LegalDocument,
    Register,
)
from hub.extensions import db
from hub.formatting import local_moment, machine_time
from hub.public.queries import public_items
from hub.public.urls import base_url, item_url
from hub.workflow.states import PUBLIC_STATES
from tenants.context import current_site

ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/elements/1.1/"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
FEED_SIZE = 50
# A sitemap file holds at most 50,000 addresses (sitemaps.org); the newest are kept.
SITEMAP_LIMIT = 50_000
# What a site's feed carries: news, new legal documents, disclosures.
FEED_TYPES = (Article, LegalDocument, Disclosure)

# What an address needs (``item_url``) and a sitemap entry shows: a site's whole list is
# read in one go, so the bodies and the category join stay in the database.
ADDRESS_COLUMNS = (ContentItem.id, ContentItem.type, ContentItem.slug, ContentItem.locale,
                   ContentItem.tenant_id, ContentItem.updated_at, ContentItem.published_at,
                   ContentItem.translation_of_id)

ET.register_namespace("atom", ATOM)
ET.register_namespace("dc", DC)
ET.register_namespace("xhtml", XHTML)


def rfc822(value: datetime | None) -> str | None:
    """``Fri, 04 Dec 2026 13:01:19 +0700``: the moment the pages show, in RFC 822."""
    return format_datetime(local_moment(value)) if value is not None else None


def _text(parent: ET.Element, tag: str, text: str | None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = text or ""
    return element


def _serialise(root: ET.Element) -> bytes:
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def feed_items(category_ids: set[int] | None = None) -> list[ContentItem]:
    query = public_items()
    if category_ids is not None:
        query = query.where(ContentItem.category_id.in_(category_ids))
    else:
        query = query.where(ContentItem.type.in_(
            [ContentType.ARTICLE, ContentType.LEGAL_DOCUMENT, ContentType.DISCLOSURE]))
    return list(db.session.scalars(query.limit(FEED_SIZE)))


def register_items(register: Register) -> list[ContentItem]:
    """The newest documents of one register, by publication."""
    return list(db.session.scalars(public_items(LegalDocument).where(
        LegalDocument.in_register(register)).limit(FEED_SIZE)))


def rss(title: str, description: str, link: str, self_url: str,
        items: list[ContentItem]) -> bytes:
    root = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(root, "channel")
    _text(channel, "title", title)
    _text(channel, "link", link)
    _text(channel, "description", description)
    _text(channel, "language", "vi-VN" if current_site().locale == "vi" else current_site().locale)
    ET.SubElement(channel, f"{{{ATOM}}}link",
                  {"href": self_url, "rel": "self", "type": "application/rss+xml"})
    newest = max((item.published_at for item in items if item.published_at), default=None,
                 key=local_moment)
    if newest is not None:
        _text(channel, "lastBuildDate", rfc822(newest))
    for item in items:
        entry = ET.SubElement(channel, "item")
        url = item_url(item, external=True)
        _text(entry, "title", item.title)
        _text(entry, "link", url)
        _text(entry, "description", escape(item.summary or ""))
        _text(entry, "guid", url).set("isPermaLink", "true")
        if item.published_at:
            _text(entry, "pubDate", rfc822(item.published_at))
        if item.category is not None:
            _text(entry, "category", item.category.name)
        if item.author_byline:
            # RSS <author> must be an e-mail address; the byline is a name, which is
            # what Dublin Core's creator carries (read by every common feed reader).
            _text(entry, f"{{{DC}}}creator", item.author_byline)
    return _serialise(root)


def _alternates(items: list[ContentItem]) -> dict[int, list[ContentItem]]:
    """For each item, every published version of it (itself included) when it has at
    least one published translation."""
    roots = {item.translation_of_id or item.id for item in items}
    if not roots:
        return {}
    family: dict[int, list[ContentItem]] = defaultdict(list)
    for chunk_start in range(0, len(roots), 500):
        chunk = list(roots)[chunk_start:chunk_start + 500]
        rows = db.session.scalars(select(ContentItem).where(
            ContentItem.status.in_(PUBLIC_STATES),
            or_(ContentItem.id.in_(chunk), ContentItem.translation_of_id.in_(chunk)))
            .options(load_only(*ADDRESS_COLUMNS), lazyload(ContentItem.category)))
        for row in rows:
            family[row.translation_of_id or row.id].append(row)
    result: dict[int, list[ContentItem]] = {}
    for item in items:
        versions = family.get(item.translation_of_id or item.id, [])
        if len({version.locale for version in versions}) > 1:
            result[item.id] = sorted(versions, key=lambda version: version.locale)
    return result


def sitemap() -> bytes:
    root = ET.Element("urlset", {"xmlns": SITEMAP})
    home = ET.SubElement(root, "url")
    _text(home, "loc", url_for("public.home", _external=True))
    for locale, host in sorted(current_site().alternates.items()):
        if len(current_site().alternates) > 1:
            ET.SubElement(home, f"{{{XHTML}}}link", {
                "rel": "alternate", "hreflang": locale, "href": f"{base_url(host)}/"})
    items = list(db.session.scalars(public_items().limit(SITEMAP_LIMIT - 1).options(
        load_only(*ADDRESS_COLUMNS), lazyload(ContentItem.category))))
    alternates = _alternates(items)
    for item in items:
        entry = ET.SubElement(root, "url")
        _text(entry, "loc", item_url(item, external=True))
        changed = item.updated_at or item.published_at
        if changed is not None:
            _text(entry, "lastmod", machine_time(changed))
        for version in alternates.get(item.id, []):
            ET.SubElement(entry, f"{{{XHTML}}}link", {
                "rel": "alternate", "hreflang": version.locale,
                "href": item_url(version, external=True)})
    return _serialise(root)


def robots(sitemap_url: str) -> str:
    lines: list[Any] = [
        "User-agent: *",
        "Allow: /",
        "Disallow: /quan-tri/",
        "Disallow: /dang-nhap",
        "",
        f"Sitemap: {sitemap_url}",
    ]
    return "\n".join(lines) + "\n"
