"""A site's categories (chuyên mục) as the public pages link them, kept between requests.

Every article page names its category and every category page lists the items of the
category and of those below it: both read the site's categories in the host's language
from one small structure, made once per site and content generation like the menu
(``hub.cache.memo.tenant_memo``), instead of querying them on every page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import select

from hub.cache.memo import tenant_memo
from hub.directory.models import Category
from hub.extensions import db
from hub.public.queries import current_locale
from hub.public.urls import public_path


class CategoryLink(NamedTuple):
    """A category as pages link it: ``/chuyen-muc/<slug>``, named."""
    id: int
    slug: str
    name: str

    @property
    def path(self) -> str:
        """Its listing on this host (``public.category``)."""
        return public_path("category", slug=self.slug)


@dataclass(frozen=True)
class SiteCategories:
    """The site's categories in the host's language."""
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
    """This site's categories, read once per site and content generation."""
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
