"""The statements the public pages run on every request, each built once per process.

A ``Select`` is immutable (every ``.where`` makes a new one) and holds no tenant: the
isolation hook adds the host's tenant when it runs (``tenants.isolation``, which keeps a
statement's scoped form as long as the statement, so SQLAlchemy works out its cache key
once). A statement built once, with bound parameters for what changes between requests,
therefore serves every site; every builder of one is here, behind ``@built_once``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, NamedTuple, ParamSpec, TypeVar

from sqlalchemy import Select, and_, bindparam, case, func, literal, select
from sqlalchemy.orm import aliased, joinedload, lazyload

from hub.content.models import (
    Article,
    Consultation,
    ContentItem,
    ItemAttachment,
    LegalDocument,
    Procedure,
    ScheduleEntry,
)
from hub.files.models import Attachment
from hub.images.operations import ImageRef
from hub.stats.models import PageViewCount
from hub.workflow.states import PUBLIC_STATES

P = ParamSpec("P")
T = TypeVar("T")
M = TypeVar("M", bound=ContentItem)

BUILDERS: list[Callable[..., Any]] = []


def built_once(build: Callable[P, T]) -> Callable[P, T]:
    """Build the statement the first time it is asked for with these arguments (a type,
    a language: a handful in all) and keep it for the life of the process."""
    kept = functools.cache(build)
    BUILDERS.append(kept)
    return kept  # type: ignore[return-value]


# What a list reads of each item: what its address is made of (``hub.public.urls``) and
# what is shown (``hub.public.lists``), its lead image's thumbnail among it (the columns
# of ``ImageRef``, by an outer join on the image's key: no query per item).
LEAD_IMAGE = aliased(Attachment, name="lead_image")
LIST_COLUMNS = (ContentItem.id, ContentItem.type, ContentItem.slug, ContentItem.title,
                ContentItem.summary, ContentItem.published_at,
                *(getattr(LEAD_IMAGE, name) for name in ImageRef._fields))


def list_columns(query: Select[Any]) -> Select[Any]:
    """``query`` reading only what a list shows."""
    return (query.with_only_columns(*LIST_COLUMNS, maintain_column_froms=True)
            .outerjoin(LEAD_IMAGE, LEAD_IMAGE.id == ContentItem.lead_image_id))


@built_once
def public_items(model: type[M], locale: str) -> Select[Any]:
    """The published items of ``model`` in ``locale``, newest first: the base of every
    public list, feed, API and sitemap (``hub.public.queries.public_items``)."""
    # The states as plain bound values: a list of values would be an "expanding" IN,
    # re-rendered into the SQL at every execution.
    public = [literal(state, model.status.type) for state in sorted(PUBLIC_STATES)]
    return (select(model)
            .where(model.status.in_(public), model.locale == locale)
            .order_by(model.published_at.desc(), model.id.desc()))


class ListPage(NamedTuple):
    count: Select[Any]       # how many there are
    entries: Select[Any]     # a page of them as a list shows them (``list_columns``),
                             # ``limit`` and ``offset`` bound


@built_once
def list_page(model: type[M], locale: str) -> ListPage:
    """The statements of a list of ``model``'s published items (the news list)."""
    items = public_items(model, locale)
    return ListPage(
        count=items.with_only_columns(func.count(), maintain_column_froms=True)
        .order_by(None),
        entries=list_columns(items).limit(bindparam("limit")).offset(bindparam("offset")))


@built_once
def item_by_slug(model: type[M], locale: str) -> Select[Any]:
    """The published item of ``model`` with the slug bound as ``slug``, and the files
    its page lists: a row per file (or one row without)."""
    # The files as columns, which costs the ORM far less than a joined load of two
    # related entities. The isolation hook scopes the joined tables too. The category is
    # not joined (``hub.public.categories`` has it); the lead image is, as the page shows
    # it (a lazy load would be a second statement). No LIMIT: a slug is unique per site
    # and language.
    listed = and_(ItemAttachment.item_id == model.id, ItemAttachment.role != "image")
    return (public_items(model, locale).where(model.slug == bindparam("slug"))
            .add_columns(Attachment.id, Attachment.filename, Attachment.size,
                         ItemAttachment.role)
            .outerjoin(ItemAttachment, listed)
            .outerjoin(Attachment, Attachment.id == ItemAttachment.attachment_id)
            .order_by(None).order_by(ItemAttachment.position, ItemAttachment.id)
            .options(lazyload(model.category), joinedload(model.lead_image)))


class HomeBlocks(NamedTuple):
    featured: Select[Any]
    news: Select[Any]
    documents: Select[Any]   # what the block shows of each document (and item_url needs)
    procedures: Select[Any]
    consultations: Select[Any]  # open on the day bound as ``today``


# The home's news: the lead story and a grid of cards below it.
HOME_NEWS = 7


@built_once
def home_blocks(locale: str) -> HomeBlocks:
    """The home page's lists (the most visited page of every site)."""
    documents = public_items(LegalDocument, locale).order_by(None).order_by(
        LegalDocument.issued_on.desc(), LegalDocument.id.desc()).limit(5)
    return HomeBlocks(
        featured=list_columns(
            public_items(Article, locale).where(Article.featured.is_(True)).limit(1)),
        news=list_columns(public_items(Article, locale).limit(HOME_NEWS)),
        documents=documents.with_only_columns(
            LegalDocument.id, LegalDocument.type, LegalDocument.slug, LegalDocument.title,
            LegalDocument.number, LegalDocument.issued_on, maintain_column_froms=True),
        procedures=list_columns(public_items(Procedure, locale).limit(5)),
        consultations=public_items(Consultation, locale).order_by(None).where(
            Consultation.opens_on <= bindparam("today"),
            Consultation.closes_on >= bindparam("today"))
        .order_by(Consultation.closes_on, Consultation.id).limit(3)
        .with_only_columns(Consultation.id, Consultation.type, Consultation.slug,
                           Consultation.title, Consultation.closes_on,
                           maintain_column_froms=True))


@built_once
def related_items(locale: str, limit: int) -> Select[Any]:
    """The newest ``limit`` items of the type bound as ``type`` in the category bound as
    ``category`` (an item's related news)."""
    item = ContentItem
    return list_columns(public_items(item, locale)
                        .where(item.type == bindparam("type"),
                               item.category_id == bindparam("category"))
                        .limit(limit))


@built_once
def week_entries(locale: str) -> Select[Any]:
    """The appointments from ``monday`` to ``sunday`` (bound), in order of time."""
    return (public_items(ScheduleEntry, locale).order_by(None)
            .where(ScheduleEntry.day >= bindparam("monday"),
                   ScheduleEntry.day <= bindparam("sunday"))
            .order_by(ScheduleEntry.day, ScheduleEntry.starts_at, ScheduleEntry.id))


@built_once
def visit_figures() -> Select[Any]:
    """The site's (bound as ``tenant``) views on ``day``, since ``month`` and in all,
    in one statement (the home page shows them)."""
    def views(when: Any = None) -> Any:
        counted = PageViewCount.views if when is None else case(
            (when, PageViewCount.views), else_=0)
        return func.coalesce(func.sum(counted), 0)

    return select(views(PageViewCount.day == bindparam("day")),
                  views(PageViewCount.day >= bindparam("month")),
                  views()).where(PageViewCount.tenant_id == bindparam("tenant"),
                                 PageViewCount.item_id == 0)
