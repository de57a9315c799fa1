"""What the public may see, and the request values that choose a slice of it.

``public_items`` is the one base query of every public list, feed, API and sitemap: the
host's tenant (the isolation hook adds it), ``PUBLIC_STATES`` (a take-down disappears
everywhere at once) and the host's language (an English host shows only English items).
``page_number`` validates ``?page=`` the same way on every list. The statements
themselves are built once (``hub.public.statements``).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar

from flask import current_app, request
from flask_babel import gettext as _
from sqlalchemy import Select, func, select

from hub.content.models import ContentItem, ItemAttachment
from hub.core.clock import local_today
from hub.core.http import fail
from hub.extensions import db
from hub.files.models import Attachment
from hub.public import statements
from hub.stats.operations import count_item_view, views_written
from tenants.context import current_site

M = TypeVar("M", bound=ContentItem)

PER_PAGE = 20
# Far beyond any real list; larger numbers are a typo or a probe, not a page.
MAX_PAGE = 10_000


def current_locale() -> str:
    site = current_site()
    return site.locale if site is not None else "vi"


def public_items(model: type[M] | None = None, locale: str | None = None) -> Select[Any]:
    """SELECT of the published items of ``model`` (every type when None) on this site in
    the host's language (or ``locale``), newest first."""
    return statements.public_items(model or ContentItem, locale or current_locale())


class FileLink(NamedTuple):
    """A file of an item as its page lists it (``files`` in ``public/_macros.html``;
    ``attachment_url`` takes it)."""
    id: int
    filename: str
    size: int
    role: str        # file | form (images are shown in the text, not listed)


def public_item_or_404(model: type[M], slug: str) -> tuple[M, list[FileLink]]:
    """The published item of ``model`` with ``slug`` on this host and the files its
    page lists, in their order; or the 404 page."""
    if len(slug) > 200:
        fail(404, _("The page you are looking for does not exist or has been moved."))
    rows = db.session.execute(statements.item_by_slug(model, current_locale()),
                              {"slug": slug}).all()
    if not rows:
        fail(404, _("The page you are looking for does not exist or has been moved."))
    item = rows[0][0]
    count_item_view(item.id)  # counted after the response, for cached copies too
    return item, [FileLink(*row[1:]) for row in rows if row[1] is not None]


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


def paginate(query: Select[Any], per_page: int = PER_PAGE,
             load: Callable[[Select[Any]], list[Any]] | None = None) -> Pagination:
    """One page of ``query`` chosen by ``?page=``; a page past the end is a 404. The
    page's items are ``query``'s entities, or what ``load`` makes of the page's
    statement (``hub.public.lists.list_entries``)."""
    page = page_number()
    # Counted over the list's own FROM and WHERE (``query`` is a plain SELECT of items:
    # no DISTINCT, GROUP BY or LIMIT), not over a subquery of every column.
    total = db.session.scalar(query.with_only_columns(
        func.count(), maintain_column_froms=True).order_by(None)) or 0
    refuse_past_end(page, per_page, total)
    statement = query.limit(per_page).offset((page - 1) * per_page)
    items = load(statement) if load else list(db.session.scalars(statement).unique())
    return Pagination(items, page, per_page, int(total))


def refuse_past_end(page: int, per_page: int, total: int) -> None:
    """A page after the last one is a 404 (the first page of an empty list is not)."""
    if page > 1 and (page - 1) * per_page >= total:
        fail(404, _("There is no such page in this list."))


# The visitor figures kept per site in this process (``visit_stats``).
VISIT_FIGURES = "portal_visit_figures"


@dataclass(frozen=True)
class VisitStats:
    today: int
    this_month: int
    total: int


def visit_stats(tenant_id: int) -> VisitStats:
    """Views of the site today, this month and in all (committed counts, ``hub.stats``);
    ``stats/_block.html`` shows them.

    Counts reach the table in batches, each process's at most every
    ``PORTAL_STATS_FLUSH_SECONDS``: the figures are read once in that time per site and
    process (and again once this process has written counts), not on every page."""
    day = local_today()
    # tenant -> (day and writes when read, when read, figures)
    kept: dict[int, tuple[Any, float, VisitStats]] = current_app.extensions.setdefault(
        VISIT_FIGURES, {})
    now, version = time.monotonic(), (day, views_written())
    found = kept.get(tenant_id)
    if found is not None and found[0] == version \
            and now - found[1] < float(current_app.config["STATS_FLUSH_SECONDS"]):
        return found[2]
    today, this_month, total = db.session.execute(statements.visit_figures(), {
        "tenant": tenant_id, "day": day, "month": day.replace(day=1)}).one()
    figures = VisitStats(today=int(today), this_month=int(this_month), total=int(total))
    kept[tenant_id] = (version, now, figures)
    return figures


def photo_gallery(item: ContentItem) -> list[Attachment]:
    """The photographs of a photo news item (its attachments in the role "image"), in
    their order; one query."""
    return list(db.session.scalars(
        select(Attachment).join(ItemAttachment, ItemAttachment.attachment_id == Attachment.id)
        .where(ItemAttachment.item_id == item.id, ItemAttachment.role == "image",
               Attachment.width.is_not(None))
        .order_by(ItemAttachment.position, ItemAttachment.id)))
