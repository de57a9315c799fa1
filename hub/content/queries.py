"""Read-only queries of the staff screens: the filtered content list and the dashboard.

Every query here goes through the tenant scope (``tenants.isolation``): it never names
a tenant and still sees this site's rows only.

Title search folds both sides with ``fold_vietnamese`` — the project's one folding
function — so "dat dai" finds "Đất đai". Neither SQLite's ``lower()`` (ASCII only) nor
PostgreSQL without ``unaccent`` can fold "Đ" or tone marks, so the SQL narrows by the
other filters and the title match is decided in Python over (id, title) pairs of one
site: correct for Vietnamese, and cheap at the size of a site's content. The deadline
filter is likewise narrowed in SQL and decided by ``deadline_state`` itself, so the list
and the dashboard can never disagree about what is overdue.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from hub.accounts.models import Membership, User
from hub.accounts.permissions import can
from hub.content.deadlines import deadline_state
from hub.content.models import ContentItem, ContentType, WorkflowEvent
from hub.core.text import fold_vietnamese
from hub.extensions import db
from hub.workflow.states import ContentStatus

PAGE_SIZE = 25
DASHBOARD_LIMIT = 10

# States in which an item still owes its publication (its deadline clock runs).
PENDING_STATES = (ContentStatus.DRAFT, ContentStatus.SUBMITTED, ContentStatus.RETURNED,
                  ContentStatus.SCHEDULED)
_SPACES = re.compile(r"\s+")


def fold_for_search(text: str) -> str:
    """NFC, folded, single-spaced: the form both a title and a query are compared in."""
    return _SPACES.sub(" ", fold_vietnamese(unicodedata.normalize("NFC", text))).strip()


def title_matches(title: str, query: str) -> bool:
    """Every word of the query appears in the title, ignoring case and diacritics."""
    folded = fold_for_search(title)
    return all(word in folded for word in fold_for_search(query).split(" ") if word)


@dataclass(frozen=True)
class ContentFilters:
    q: str = ""
    type: ContentType | None = None
    status: ContentStatus | None = None
    category_id: int | None = None
    author_id: int | None = None
    due: str | None = None
    page: int = 1


@dataclass
class ContentPage:
    items: list[ContentItem]
    total: int
    page: int
    pages: int
    states: dict[int, str | None] = field(default_factory=dict)  # deadline state per id


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def _filtered(filters: ContentFilters, columns: Sequence[Any]) -> Select[Any]:
    stmt = select(*columns)
    if filters.type is not None:
        stmt = stmt.where(ContentItem.type == filters.type)
    if filters.status is not None:
        stmt = stmt.where(ContentItem.status == filters.status)
    if filters.category_id is not None:
        stmt = stmt.where(ContentItem.category_id == filters.category_id)
    if filters.author_id is not None:
        stmt = stmt.where(ContentItem.created_by_id == filters.author_id)
    if filters.due in ("due_soon", "overdue"):
        stmt = stmt.where(ContentItem.due_at.is_not(None),
                          ContentItem.status.in_(PENDING_STATES))
    elif filters.due == "late":
        stmt = stmt.where(ContentItem.due_at.is_not(None),
                          ContentItem.published_at.is_not(None),
                          ContentItem.published_at > ContentItem.due_at)
    elif filters.due == "on_time":
        stmt = stmt.where(ContentItem.due_at.is_not(None),
                          ContentItem.published_at.is_not(None),
                          ContentItem.published_at <= ContentItem.due_at)
    return stmt.order_by(ContentItem.updated_at.desc(), ContentItem.id.desc())


def _load(ids: Sequence[int]) -> list[ContentItem]:
    """Items by id, in the order given."""
    if not ids:
        return []
    found = {item.id: item for item in db.session.scalars(
        select(ContentItem).where(ContentItem.id.in_(ids))
        .options(selectinload(ContentItem.created_by)))}
    return [found[i] for i in ids if i in found]


def deadline_states(items: Iterable[ContentItem], now: datetime | None = None
                    ) -> dict[int, str | None]:
    moment = _now(now)
    return {item.id: deadline_state(item, moment) for item in items}


def list_content(filters: ContentFilters, now: datetime | None = None) -> ContentPage:
    """One page of the site's items matching ``filters``; a page past the end is clamped
    to the last one (a list that shrank under a bookmarked page still shows something)."""
    moment = _now(now)
    if filters.q or filters.due:
        rows = db.session.execute(_filtered(filters, (ContentItem.id, ContentItem.title))).all()
        ids = [row.id for row in rows if not filters.q or title_matches(row.title, filters.q)]
        if filters.due:
            ids = [item.id for item in _load(ids)
                   if deadline_state(item, moment) == filters.due]
        total = len(ids)
        pages = max(1, math.ceil(total / PAGE_SIZE))
        page = min(filters.page, pages)
        items = _load(ids[(page - 1) * PAGE_SIZE: page * PAGE_SIZE])
    else:
        base = _filtered(filters, (ContentItem.id,))
        total = db.session.scalar(select(func.count()).select_from(
            base.order_by(None).subquery())) or 0
        pages = max(1, math.ceil(total / PAGE_SIZE))
        page = min(filters.page, pages)
        items = list(db.session.scalars(
            _filtered(filters, (ContentItem,)).options(selectinload(ContentItem.created_by))
            .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)))
    return ContentPage(items=items, total=total, page=page, pages=pages,
                       states=deadline_states(items, moment))


def site_authors() -> list[User]:
    """People who may appear as authors in the list's filter: this site's members and
    anyone who created an item here (a member who has since left still wrote it)."""
    member_ids = select(Membership.user_id)
    creator_ids = select(ContentItem.created_by_id).where(
        ContentItem.created_by_id.is_not(None))
    return list(db.session.scalars(
        select(User).where(User.id.in_(member_ids.union(creator_ids)))
        .order_by(User.display_name, User.email)))


# --- the dashboard ---------------------------------------------------------------------

@dataclass
class Dashboard:
    my_drafts: list[ContentItem]
    return_comments: dict[int, str]
    awaiting_approval: list[ContentItem] | None  # None: the user does not approve
    due_soon: list[ContentItem]
    overdue: list[ContentItem]
    recently_published: list[ContentItem]
    states: dict[int, str | None]


def return_comments(items: Iterable[ContentItem]) -> dict[int, str]:
    """The comment of the latest return of each returned item (what to fix)."""
    ids = [item.id for item in items if item.status == ContentStatus.RETURNED]
    comments: dict[int, str] = {}
    if not ids:
        return comments
    events = db.session.scalars(
        select(WorkflowEvent).where(WorkflowEvent.item_id.in_(ids),
                                    WorkflowEvent.to_status == ContentStatus.RETURNED.value)
        .order_by(WorkflowEvent.created_at.desc(), WorkflowEvent.id.desc()))
    for event in events:
        comments.setdefault(event.item_id, event.comment)
    return comments


def dashboard(user: Any, now: datetime | None = None) -> Dashboard:
    from hub.workflow.access import available_actions

    moment = _now(now)
    my_drafts = list(db.session.scalars(
        select(ContentItem).where(ContentItem.created_by_id == user.id,
                                  ContentItem.status.in_((ContentStatus.DRAFT,
                                                          ContentStatus.RETURNED)))
        .order_by(ContentItem.updated_at.desc(), ContentItem.id.desc()).limit(50)))

    awaiting: list[ContentItem] | None = None
    if can(user, "content.approve"):
        submitted = db.session.scalars(
            select(ContentItem).where(ContentItem.status == ContentStatus.SUBMITTED)
            .order_by(ContentItem.submitted_at, ContentItem.id))
        # available_actions knows the approver's category scopes (004 Article 14).
        awaiting = [item for item in submitted if "approve" in available_actions(item, user)]

    pending = select(ContentItem).where(ContentItem.due_at.is_not(None),
                                        ContentItem.status.in_(PENDING_STATES))
    if not can(user, "content.edit_any"):
        pending = pending.where(ContentItem.created_by_id == user.id)  # contributors
    pending_items = list(db.session.scalars(pending.order_by(ContentItem.due_at)))
    states = deadline_states(pending_items, moment)

    published = list(db.session.scalars(
        select(ContentItem).where(ContentItem.status == ContentStatus.PUBLISHED)
        .order_by(ContentItem.published_at.desc(), ContentItem.id.desc())
        .limit(DASHBOARD_LIMIT)))
    states.update(deadline_states(published, moment))
    states.update(deadline_states(my_drafts, moment))
    if awaiting:
        states.update(deadline_states(awaiting, moment))
    return Dashboard(
        my_drafts=my_drafts, return_comments=return_comments(my_drafts),
        awaiting_approval=awaiting,
        due_soon=[i for i in pending_items if states[i.id] == "due_soon"],
        overdue=[i for i in pending_items if states[i.id] == "overdue"],
        recently_published=published, states=states)
