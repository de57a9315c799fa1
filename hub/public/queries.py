"""What the public may see, and the request values that choose a slice of it.

``public_items`` is the one base query of every public list, feed, API and sitemap: the
host's tenant (the isolation hook adds it), ``PUBLIC_STATES`` (a take-down disappears
everywhere at once) and the host's language (an English host shows only English items).
``page_number`` validates ``?page=`` the same way on every list.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple, TypeVar

from flask import g, request
from flask_babel import gettext as _
from sqlalchemy import Select, bindparam, func, literal, select
from sqlalchemy.orm import joinedload, lazyload

from hub.cache import tenant_memo
from hub.content.models import Category, ContentItem, ContentType
from hub.core.http import fail
from hub.extensions import db
from hub.stats import count_item_view
from hub.workflow.states import PUBLIC_STATES

M = TypeVar("M", bound=ContentItem)

PER_PAGE = 20
# Far beyond any real list; larger numbers are a typo or a probe, not a page.
MAX_PAGE = 10_000


def current_locale() -> str:
    site = g.get("site")
    return site.locale if site is not None else "vi"


def public_items(model: type[M] | None = None, locale: str | None = None) -> Select[Any]:
    """SELECT of the published items of ``model`` (every type when None) on this site in
    the host's language (or ``locale``), newest first."""
    return _public_items(model or ContentItem, locale or current_locale())


@functools.cache
def _public_items(model: type[M], locale: str) -> Select[Any]:
    # Built once per type and language: a Select is immutable (every ``.where`` makes a
    # new one) and holds no tenant; the isolation hook adds the tenant at execution.
    # The states as plain bound values: a list of values would be an "expanding" IN,
    # re-rendered into the SQL at every execution.
    public = [literal(state, model.status.type) for state in sorted(PUBLIC_STATES)]
    return (select(model)
            .where(model.status.in_(public), model.locale == locale)
            .order_by(model.published_at.desc(), model.id.desc()))


@functools.cache
def _public_item_by_slug(model: type[M], locale: str) -> Select[Any]:
    # The files come in the same statement: every item page lists them. The category
    # does not (``site_categories`` has it). No LIMIT: a slug is unique per site and
    # language, and a LIMIT would make the joined load wrap the item in a subquery.
    return (_public_items(model, locale).where(model.slug == bindparam("slug"))
            .options(joinedload(model.attachments), lazyload(model.category)))


class CategoryLink(NamedTuple):
    """A category as pages link it: ``/chuyen-muc/<slug>``, named."""
    id: int
    slug: str
    name: str


@dataclass(frozen=True)
class SiteCategories:
    """The site's categories in the host's language, kept between requests like the
    menu (``tenant_memo``): an article's breadcrumb and a category's listing read them
    without a query."""
    by_id: dict[int, CategoryLink]
    by_slug: dict[str, CategoryLink]
    children: dict[int, tuple[int, ...]]

    def with_descendants(self, category_id: int) -> set[int]:
        """``category_id`` and every category below it."""
        found, stack = set(), [category_id]
        while stack:
            current = stack.pop()
            if current not in found:  # a cycle in old data must not hang the page
                found.add(current)
                stack.extend(self.children.get(current, ()))
        return found


def site_categories() -> SiteCategories:
    return tenant_memo("categories", _load_categories)


def _load_categories() -> SiteCategories:
    rows = db.session.execute(select(Category.id, Category.slug, Category.name,
                                     Category.parent_id)
                              .where(Category.locale == current_locale())).all()
    children: dict[int, list[int]] = {}
    for row in rows:
        if row.parent_id is not None:
            children.setdefault(row.parent_id, []).append(row.id)
    links = [CategoryLink(row.id, row.slug, row.name) for row in rows]
    return SiteCategories({link.id: link for link in links},
                          {link.slug: link for link in links},
                          {parent: tuple(ids) for parent, ids in children.items()})


class RelatedLink(NamedTuple):
    """An item as a link of a list: what ``item_list`` shows, kept between requests."""
    id: int
    type: ContentType
    slug: str
    title: str
    published_at: datetime | None
    tenant_id: int
    locale: str


def related_items(item: ContentItem, limit: int = 5) -> list[RelatedLink]:
    """The newest other published items of ``item``'s type in its category, as links.

    Every item of a category shows the same list (less itself), so the category's
    newest ``limit + 1`` are kept per site until the site's content changes, like the
    menu (``tenant_memo``): one query per category and content generation."""
    if item.category_id is None:
        return []
    newest = tenant_memo("related", lambda: tuple(
        RelatedLink(*row) for row in db.session.execute(
            _related_items(item.locale, limit + 1),
            {"type": item.type, "category": item.category_id})),
        item.type, item.category_id, limit)
    return [link for link in newest if link.id != item.id][:limit]


@functools.cache
def _related_items(locale: str, limit: int) -> Select[Any]:
    item = ContentItem
    return (_public_items(item, locale)
            .with_only_columns(item.id, item.type, item.slug, item.title,
                               item.published_at, item.tenant_id, item.locale)
            .where(item.type == bindparam("type"), item.category_id == bindparam("category"))
            .limit(limit))


def public_item_or_404(model: type[M], slug: str) -> M:
    """The published item of ``model`` with ``slug`` on this host, or the 404 page."""
    if len(slug) > 200:
        fail(404, _("The page you are looking for does not exist or has been moved."))
    item = db.session.scalars(_public_item_by_slug(model, current_locale()),
                              {"slug": slug}).unique().first()
    if item is None:
        fail(404, _("The page you are looking for does not exist or has been moved."))
    count_item_view(item.id)  # counted after the response, for cached copies too
    return item


def page_number(name: str = "page") -> int:
    """``?page=`` as a number from 1 (the default); anything else is a clear 400/404."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return 1
    if not raw.isascii() or not raw.isdigit():
        fail(400, _("The page number must be a whole number from 1."))
    number = int(raw)
    if number < 1:
        fail(400, _("The page number must be a whole number from 1."))
    if number > MAX_PAGE:
        fail(404, _("There is no such page in this list."))
    return number


@dataclass
class Pagination:
    items: list[Any]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def paginate(query: Select[Any], per_page: int = PER_PAGE) -> Pagination:
    """One page of ``query`` chosen by ``?page=``; a page past the end is a 404."""
    page = page_number()
    total = db.session.scalar(select(func.count()).select_from(
        query.order_by(None).subquery())) or 0
    if page > 1 and (page - 1) * per_page >= total:
        fail(404, _("There is no such page in this list."))
    items = list(db.session.scalars(query.limit(per_page).offset((page - 1) * per_page))
                 .unique())
    return Pagination(items, page, per_page, int(total))
