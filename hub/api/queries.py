"""What the API reads: the host's public items, filtered and paged.

Every list starts from ``hub.public.queries.public_items`` (the host's tenant through
the isolation hook, ``PUBLIC_STATES``, the host's language), the same base as the public
pages, so a take-down disappears from the API the moment it commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, func, select

from hub.api.params import DEFAULT_PER_PAGE, bad
from hub.api.resources import ConsultationState, Resource
from hub.consultations.models import ConsultationOutcome
from hub.content.models import (
    Consultation,
    ContentItem,
    LegalDocument,
    Procedure,
    ScheduleEntry,
)
from hub.core.clock import local_today, site_timezone
from hub.core.http import fail
from hub.directory.models import Category, Person
from hub.directory.operations import descendant_ids
from hub.extensions import db
from hub.public.queries import public_items
from hub.workflow.states import PUBLIC_STATES
from tenants.context import current_site


@dataclass(frozen=True)
class PageOf:
    items: list[Any]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _local_start(day: date) -> datetime:
    # Publication times are stored in UTC; a day is a day in Vietnam.
    return datetime.combine(day, time.min, tzinfo=site_timezone()).astimezone(UTC)


def category_by_slug(slug: str) -> Category:
    category = db.session.scalar(select(Category).where(
        Category.slug == slug, Category.locale == current_site().locale))
    if category is None:
        bad("category", _("no category with this slug on this site."))
    return category  # type: ignore[return-value]


def _in_state(query: Select[Any], state: ConsultationState) -> Select[Any]:
    """Drafts for consultation where they stand today (Viet Nam's day)."""
    today = local_today()
    has_outcome = select(ConsultationOutcome.id).where(
        ConsultationOutcome.consultation_id == Consultation.id,
        ConsultationOutcome.published_at.is_not(None)).exists()
    if state is ConsultationState.OUTCOME_PUBLISHED:
        return query.where(has_outcome)
    if state is ConsultationState.UPCOMING:
        return query.where(Consultation.opens_on > today)
    if state is ConsultationState.OPEN:
        return query.where(Consultation.opens_on <= today, Consultation.closes_on >= today)
    return query.where(Consultation.closes_on < today, ~has_outcome)


def _apply_filters(query: Select[Any], resource: Resource, values: dict[str, Any]
                   ) -> Select[Any]:
    model = resource.model
    simple = {
        "kind": lambda v: model.kind == v,  # type: ignore[attr-defined]
        "featured": lambda v: ContentItem.featured.is_(v),
        "type": lambda v: LegalDocument.document_type == v,
        "register": LegalDocument.in_register,
        "issuer": lambda v: LegalDocument.issuer == v,
        "validity": lambda v: LegalDocument.validity == v,
        "field": lambda v: model.field == v,  # type: ignore[attr-defined]
        "agency": lambda v: Procedure.agency == v,
        "level": lambda v: Procedure.service_level == v,
        "leader": lambda v: ScheduleEntry.leader == v,
    }
    for name, condition in simple.items():
        if name in values:
            query = query.where(condition(values[name]))
    if "state" in values:
        query = _in_state(query, values["state"])
    if "category" in values:
        category = category_by_slug(values["category"])
        query = query.where(ContentItem.category_id.in_(
            {category.id} | descendant_ids(category)))
    start, end = values.get("from"), values.get("to")
    if start and end and start > end:
        bad("from", _("must not be after “to”."))
    if "year" in values:
        year = values["year"]
        year_start, year_end = date(year, 1, 1), date(year, 12, 31)
        start = max(start, year_start) if start else year_start
        end = min(end, year_end) if end else year_end
    column = resource.date_column
    if start:
        query = query.where(column >= start if column is not None
                            else ContentItem.published_at >= _local_start(start))
    if end:
        query = query.where(
            column <= end if column is not None
            else ContentItem.published_at < _local_start(date.fromordinal(
                end.toordinal() + 1)))
    return query


def list_items(resource: Resource, values: dict[str, Any]) -> PageOf:
    query = _apply_filters(public_items(resource.model), resource, values)
    return paginate(query.order_by(None).order_by(*resource.order_by()), values)


def paginate(query: Select[Any], values: dict[str, Any]) -> PageOf:
    page, per_page = values.get("page", 1), values.get("per_page", DEFAULT_PER_PAGE)
    total = db.session.scalar(select(func.count()).select_from(
        query.order_by(None).subquery())) or 0
    result = PageOf([], total, page, per_page)
    if page > result.pages:
        fail(404, _("Page %(page)s does not exist; the last page is %(last)s.",
                    page=page, last=result.pages))
    items = list(db.session.scalars(query.limit(per_page).offset((page - 1) * per_page))
                 .unique())
    return PageOf(items, total, page, per_page)


def get_item(resource: Resource, item_id: int) -> ContentItem:
    """A public item of this host and language, or 404 (never says which rule failed)."""
    item = db.session.get(resource.model, item_id)
    if item is None or item.status not in PUBLIC_STATES or item.locale != current_site().locale:
        fail(404, _("There is no such item on this site."))
    return item  # type: ignore[return-value]


def translations_of(item: ContentItem) -> list[ContentItem]:
    """The published versions of ``item`` in other languages (either direction)."""
    root_id = item.translation_of_id or item.id
    query = select(ContentItem).where(
        ContentItem.status.in_(PUBLIC_STATES), ContentItem.id != item.id,
        (ContentItem.id == root_id) | (ContentItem.translation_of_id == root_id))
    return [other for other in db.session.scalars(query) if other.locale != item.locale]


def list_categories() -> list[Category]:
    return list(db.session.scalars(select(Category).where(
        Category.locale == current_site().locale).order_by(Category.position, Category.name)))


def get_category(category_id: int) -> Category:
    category = db.session.get(Category, category_id)
    if category is None or category.locale != current_site().locale:
        fail(404, _("There is no such category on this site."))
    return category  # type: ignore[return-value]


def list_people(values: dict[str, Any]) -> PageOf:
    query = select(Person).where(Person.locale == current_site().locale)
    if "leader" in values:
        query = query.where(Person.is_leader.is_(values["leader"]))
    return paginate(query.order_by(Person.position, Person.name, Person.id), values)


def get_person(person_id: int) -> Person:
    person = db.session.get(Person, person_id)
    if person is None or person.locale != current_site().locale:
        fail(404, _("There is no such person on this site."))
    return person  # type: ignore[return-value]


def last_public_change(model: Any = ContentItem, *where: Any) -> datetime | None:
    """When the newest public item of ``model`` matching ``where`` last changed."""
    query = public_items(model).where(*where).order_by(None).with_only_columns(
        func.max(ContentItem.updated_at), maintain_column_froms=True)
    return db.session.scalar(query)


def count_public(model: Any = ContentItem, *where: Any) -> int:
    query = public_items(model).where(*where).order_by(None)
    return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0


__all__ = ["PageOf", "count_public", "get_category", "get_item", "get_person",
           "last_public_change", "list_categories", "list_items", "list_people",
           "paginate", "translations_of"]
