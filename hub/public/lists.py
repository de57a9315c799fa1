"""Items as the public lists show them: the news and category listings, the introduction
pages, the home page's blocks and an article's related news.

A list shows each item's address, title, date, summary and the thumbnail of its lead
image, nothing more: it reads those
columns as rows (never twenty whole items with their bodies) through the same public
statements as every page, so the tenant scope, the public states and the host's language
apply as everywhere. The entries come out ready to print (address, ISO date, the date as
readers write it), made in one pass with the language and time zone looked up once,
instead of a dozen template calls per item.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import Select

from hub.cache.memo import tenant_memo
from hub.content.models import ContentItem
from hub.extensions import db
from hub.formatting import list_dates
from hub.images.operations import ImageRef
from hub.public import statements
from hub.public.queries import (
    PER_PAGE,
    Pagination,
    current_locale,
    page_number,
    refuse_past_end,
)
from hub.public.urls import ITEM_PATHS


class ListEntry(NamedTuple):
    """An item as a list shows it (``item_list`` in ``public/_macros.html``)."""
    id: int
    path: str          # /tin-tuc/<slug>, on this host
    title: str
    summary: str
    published: str    # ISO 8601 with offset for <time datetime>; "" when never published
    day: str          # "Thứ Hai, 23/11/2026" on Vietnamese hosts
    image: ImageRef | None = None   # the lead image, for its thumbnail


def list_entries(query: Select[Any]) -> list[ListEntry]:
    """The entries of ``query``, a statement of public items (``public_items``)."""
    return read_entries(statements.list_columns(query))


def entries_page(model: type[ContentItem]) -> Pagination:
    """The page of ``?page=`` of ``model``'s published items as entries (the news
    list), in statements built once (``statements.list_page``); how many there are
    changes only with the site's content, so it is counted once per content
    generation (``tenant_memo``)."""
    page, statement = page_number(), statements.list_page(model, current_locale())
    total = tenant_memo("list_total", lambda: db.session.scalar(statement.count) or 0,
                        model.__name__)
    refuse_past_end(page, PER_PAGE, total)
    return Pagination(read_entries(statement.entries, {
        "limit": PER_PAGE, "offset": (page - 1) * PER_PAGE}), page, PER_PAGE, total)


def read_entries(statement: Select[Any], parameters: dict[str, Any] | None = None
                 ) -> list[ListEntry]:
    """The entries of a statement already reading a list's columns
    (``statements.list_columns``)."""
    rows = db.session.execute(statement, parameters)
    dates, paths = list_dates(), ITEM_PATHS
    return [ListEntry(item_id, paths[kind].format(slug=slug), title, summary or "",
                      *dates(published),
                      ImageRef(*image) if image[0] is not None and image[3] else None)
            for item_id, kind, slug, title, summary, published, *image in rows]


def related_items(item: ContentItem, limit: int = 5) -> list[ListEntry]:
    """The newest other published items of ``item``'s type in its category.

    Every item of a category shows the same list (less itself), so the category's
    newest ``limit + 1`` are kept per site until the site's content changes, like the
    menu (``tenant_memo``): one query per category and content generation."""
    if item.category_id is None:
        return []
    newest = tenant_memo("related", lambda: tuple(read_entries(
        statements.related_items(item.locale, limit + 1),
        {"type": item.type, "category": item.category_id})),
        item.type, item.category_id, limit)
    return [entry for entry in newest if entry.id != item.id][:limit]
