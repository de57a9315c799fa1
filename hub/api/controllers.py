"""Handlers of ``/api/v1/``: read the parameters, ask ``queries``, answer JSON.

Answers are UTF-8 JSON (Vietnamese stays readable, not ``\\u`` escapes), may be shared
by caches for a minute, and are open to every origin: this is open data, read-only and
without cookies.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from flask import Response, current_app
from werkzeug.exceptions import HTTPException

from hub.api import openapi, params, queries, serialize, structure
from hub.api.index import api_index
from hub.api.resources import Resource
from hub.cache.pages import cached_page
from hub.core.errors import MESSAGES, TITLES
from hub.extensions import db
from tenants.context import current_tenant_id
from tenants.models import Tenant

MAX_AGE = 60


def respond(payload: Any, status: int = 200) -> Response:
    response = current_app.response_class(
        json.dumps(payload, ensure_ascii=False, separators=(",", ":")),
        status=status, mimetype="application/json")
    response.headers["Access-Control-Allow-Origin"] = "*"
    if status < 400:
        response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
        response.headers["Vary"] = "Accept-Encoding"
    return response


def error(exc: HTTPException) -> Response:
    """The JSON error of an API request, with our reason when our code gave one."""
    code = exc.code or 500
    reason = exc.description if getattr(exc, "portal_reason", False) else None
    return respond({"error": {"status": code, "title": str(TITLES.get(code, TITLES[500])),
                              "reason": reason or str(MESSAGES.get(code, MESSAGES[500]))}},
                   code)


def _listing(endpoint: str, page: queries.PageOf, values: dict[str, Any],
             rows: list[dict[str, Any]], **view_args: Any) -> Response:
    filters = {k: serialize.iso(v) for k, v in values.items()
               if k not in ("page", "per_page")}
    return respond({
        "data": rows,
        "meta": {"page": page.page, "per_page": page.per_page, "total": page.total,
                 "pages": page.pages},
        "links": serialize.page_links(endpoint, page, filters, **view_args),
    })


def list_view(resource: Resource) -> Callable[[], Response]:
    # One function per type, so each has its own endpoint (and url_for works on it).
    def view() -> Response:
        values = params.read(params.PAGING + resource.filters)
        page = queries.list_items(resource, values)
        return _listing(resource.list_endpoint, page, values,
                        [serialize.item_json(item) for item in page.items])
    view = cached_page(view)
    view.__name__ = f"{resource.endpoint}_list"
    return view


def item_view(resource: Resource) -> Callable[[int], Response]:
    def view(item_id: int) -> Response:
        params.read(())
        item = queries.get_item(resource, item_id)
        return respond({"data": serialize.item_json(item, detail=True)})
    view = cached_page(view)
    view.__name__ = f"{resource.endpoint}_item"
    return view


@cached_page
def categories() -> Response:
    params.read(())
    return respond({"data": [serialize.category_json(c) for c in queries.list_categories()]})


@cached_page
def category(category_id: int) -> Response:
    params.read(())
    return respond({"data": serialize.category_json(queries.get_category(category_id))})


@cached_page
def people() -> Response:
    values = params.read(params.PAGING + params.PEOPLE_FILTERS)
    page = queries.list_people(values)
    return _listing("api.people", page, values,
                    [serialize.person_json(person) for person in page.items])


@cached_page
def person(person_id: int) -> Response:
    params.read(())
    return respond({"data": serialize.person_json(queries.get_person(person_id),
                                                  detail=True)})


@cached_page
def site() -> Response:
    params.read(())
    tenant = db.get_or_404(Tenant, current_tenant_id())
    return respond({"data": serialize.site_json(tenant)})


@cached_page
def site_structure() -> Response:
    params.read(())
    tenant = db.get_or_404(Tenant, current_tenant_id())
    return respond({"data": structure.site_structure(tenant)})


@cached_page
def openapi_document() -> Response:
    params.read(())
    return respond(openapi.document())


@cached_page
def index() -> Response:
    params.read(())
    tenant = db.get_or_404(Tenant, current_tenant_id())
    return respond({"data": api_index(tenant, openapi.document())})
