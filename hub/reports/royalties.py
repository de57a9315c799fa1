"""Published work per author and period: the basis of royalty payments (nhuận bút).

Contributors whose pieces the editorial board approved and published are paid per piece
(003 Article 19.2, Article 20.2.đ). The list names each piece's author as printed (the
byline) and the account that entered it, so the board can pay outside contributors and
staff alike. Like the deadline reports it takes the site's id and filters on it, so it
also works inside ``unscoped()`` for the province office.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from hub.content.models import ContentItem, ContentType
from hub.core.text import fold_vietnamese
from hub.extensions import db
from hub.reports.deadlines import day_bounds
from hub.workflow.states import ContentStatus


@dataclass(frozen=True)
class RoyaltyRow:
    """One published piece."""
    author: str             # the byline, or the account's name when there is none
    byline: str
    account: str            # who entered it
    account_email: str
    item_id: int
    type: ContentType
    locale: str
    title: str
    published_at: datetime
    approved_by: str
    status: ContentStatus   # a piece taken down later is listed, and says so


def royalty_rows(tenant_id: int, first: date, last: date) -> list[RoyaltyRow]:
    """Pieces the site published between the days ``first`` and ``last`` (inclusive),
    by author, then by publication time."""
    start, end = day_bounds(first, last)
    items = db.session.scalars(
        select(ContentItem)
        .where(ContentItem.tenant_id == tenant_id, ContentItem.published_at >= start,
               ContentItem.published_at < end)
        .options(selectinload(ContentItem.created_by), selectinload(ContentItem.approved_by))
        .order_by(ContentItem.published_at, ContentItem.id)).all()
    rows = []
    for item in items:
        account = item.created_by
        byline = (item.author_byline or "").strip()
        rows.append(RoyaltyRow(
            author=byline or (account.display_name if account else ""),
            byline=byline,
            account=account.display_name if account else "",
            account_email=account.email if account else "",
            item_id=item.id, type=item.type, locale=item.locale, title=item.title,
            published_at=item.published_at,  # type: ignore[arg-type]
            approved_by=item.approved_by.display_name if item.approved_by else "",
            status=item.status))
    # Vietnamese names sort by their letters without tone marks first ("Đ" with "D").
    rows.sort(key=lambda row: (fold_vietnamese(row.author), row.author, row.published_at,
                               row.item_id))
    return rows


def by_author(rows: list[RoyaltyRow]) -> list[tuple[str, list[RoyaltyRow]]]:
    """The rows grouped per author, in the order ``royalty_rows`` gives them."""
    return [(author, list(group)) for author, group in groupby(rows, key=lambda r: r.author)]
