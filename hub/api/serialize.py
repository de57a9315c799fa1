"""Turning rows into the API's JSON: ISO 8601 dates and moments (with their offset),
absolute links, no private fields.

Nothing here exposes who created or approved an item, its workflow state or its
deadlines: the API shows what the public site shows.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from flask import url_for

from hub.api import queries
from hub.api.consultations import consultation_extras
from hub.api.resources import BY_MODEL, DETAIL_ONLY, Resource
from hub.content.models import ContentItem
from hub.directory.models import Category, Person
from hub.files.operations import attachment_url
from hub.formatting import machine_time
from hub.public.sites import site_name
from hub.public.urls import base_url, item_url
from tenants.context import current_site
from tenants.models import FOOTER_FACTS, Tenant


def iso(value: Any) -> Any:
    """JSON for a column value: dates and moments in ISO 8601 as the pages' ``<time>``
    (``machine_time``: the portal's time zone with its offset), times of day as
    ``08:00:00``."""
    if isinstance(value, (date, datetime)):
        return machine_time(value)
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def public_url(item: ContentItem) -> str:
    """The item's page on the public site, on its own language's host."""
    return item_url(item, external=True)


def api_url(endpoint: str, **values: Any) -> str:
    return url_for(endpoint, _external=True, **values)


def category_ref(category: Category | None) -> dict[str, Any] | None:
    if category is None:
        return None
    return {"id": category.id, "slug": category.slug, "name": category.name}


# Computed fields of a resource (``Resource.extra_fields``, ``detail_fields``).
EXTRAS: dict[str, Callable[[Any, bool, Callable[[Any], Any]], dict[str, Any]]] = {
    "consultations": consultation_extras,
}


def item_json(item: ContentItem, *, detail: bool = False) -> dict[str, Any]:
    resource: Resource = BY_MODEL[type(item)]
    data: dict[str, Any] = {
        "id": item.id,
        "type": resource.name,
        "locale": item.locale,
        "title": item.title,
        "slug": item.slug,
        "summary": item.summary or "",
        "category": category_ref(item.category),
        "author": item.author_byline or "",
        "source": item.source or "",
        "featured": bool(item.featured),
        "published_at": iso(item.published_at),
        "updated_at": iso(item.updated_at),
        "url": public_url(item),
        "api_url": api_url(resource.item_endpoint, item_id=item.id),
    }
    for name, _schema in resource.fields:
        if detail or name not in DETAIL_ONLY:
            data[name] = iso(getattr(item, name))
    extras = EXTRAS.get(resource.name)
    if extras is not None:
        data.update(extras(item, detail, iso))
    if detail:
        data["body"] = item.body or ""
        data["attachments"] = [
            {"filename": link.attachment.filename,
             "content_type": link.attachment.content_type,
             "size": link.attachment.size, "role": link.role,
             "url": attachment_url(link.attachment, _external=True)}
            for link in item.attachments]
        data["translations"] = [
            {"locale": other.locale, "title": other.title,
             "url": public_url(other)}
            for other in queries.translations_of(item)]
    return data


def category_json(category: Category) -> dict[str, Any]:
    return {"id": category.id, "slug": category.slug, "name": category.name,
            "parent_id": category.parent_id, "position": category.position,
            "locale": category.locale,
            "api_url": api_url("api.category", category_id=category.id)}


def person_json(person: Person, *, detail: bool = False) -> dict[str, Any]:
    data = {"id": person.id, "name": person.name, "title": person.title,
            "unit": person.unit, "phone": person.phone, "fax": person.fax,
            "email": person.email, "is_leader": bool(person.is_leader),
            "photo_url": attachment_url(person.photo, _external=True)
            if person.photo is not None else None,
            "api_url": api_url("api.person", person_id=person.id)}
    if detail:
        data["biography"] = person.biography or ""
        data["duties"] = person.duties or ""
    return data


def site_json(tenant: Tenant) -> dict[str, Any]:
    site = current_site()
    return {
        "name": site_name(tenant, site.locale),
        "slug": tenant.slug,
        "kind": tenant.kind.value,
        "locale": site.locale,
        "url": url_for("public.home", _external=True),
        "alternates": [{"locale": locale, "url": f"{base_url(host)}/"}
                       for locale, host in sorted(site.alternates.items())
                       if locale != site.locale],
        "facts": {key: tenant.footer_facts(site.locale).get(key, "")
                  for key in FOOTER_FACTS},
        "api": {"openapi": api_url("api.openapi"), "structure": api_url("api.structure")},
    }


def page_links(endpoint: str, page: queries.PageOf, args: dict[str, Any],
               **view_args: Any) -> dict[str, str | None]:
    def link(number: int) -> str:
        return api_url(endpoint, **view_args, **{**args, "page": number,
                                                 "per_page": page.per_page})
    return {
        "self": link(page.page),
        "first": link(1),
        "prev": link(page.page - 1) if page.page > 1 else None,
        "next": link(page.page + 1) if page.page < page.pages else None,
        "last": link(page.pages),
    }
