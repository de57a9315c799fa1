"""The OpenAPI 3.1 document of ``/api/v1/``, built from the same tables as the endpoints.

Item schemas come from ``resources.RESOURCES`` and filters from their ``Param``s, so a
field or filter added there appears here too. Other packages add their own paths with
``hub.core.openapi.register_paths`` (search adds ``/api/v1/search`` and
``/api/v1/search/suggest``); the tests validate the whole document and every
endpoint's real answers against it.
"""

from __future__ import annotations

from typing import Any

from flask import request

from hub.api import params
from hub.api.resources import DETAIL_ONLY, RESOURCES, Resource
from hub.content.fields import ATTACHMENT_ROLES
from hub.core.openapi import N_, extra_paths, extra_schemas
from hub.public.layout import current_site_name
from hub.public.urls import base_url
from tenants.models import FOOTER_FACTS

OPENAPI_VERSION = "3.1.0"
API_VERSION = "1.0.0"


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _obj(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {"type": "object", "properties": properties,
            "required": list(properties) if required is None else required,
            "additionalProperties": False}


STR = {"type": "string"}
URI = {"type": "string", "format": "uri"}
URI_OR_NULL = {"type": ["string", "null"], "format": "uri"}
INT = {"type": "integer"}
DATETIME_OR_NULL = {"type": ["string", "null"], "format": "date-time"}


def _common_item_properties() -> dict[str, Any]:
    return {
        "id": INT, "type": {"type": "string", "enum": [r.name for r in RESOURCES]},
        "locale": STR, "title": STR, "slug": STR, "summary": STR,
        "category": {"oneOf": [{"type": "null"}, ref("CategoryRef")]},
        "author": STR, "source": STR, "featured": {"type": "boolean"},
        "published_at": DATETIME_OR_NULL, "updated_at": DATETIME_OR_NULL,
        "url": URI, "api_url": URI,
    }


def _item_schemas(resource: Resource) -> dict[str, Any]:
    summary = _common_item_properties()
    summary.update({name: schema for name, schema in resource.fields
                    if name not in DETAIL_ONLY})
    summary.update(dict(resource.extra_fields))
    detail = {**_common_item_properties(), **dict(resource.fields),
              **dict(resource.extra_fields), **dict(resource.detail_fields),
              "body": {"type": "string", "description": "Sanitised HTML."},
              "attachments": {"type": "array", "items": ref("Attachment")},
              "translations": {"type": "array", "items": ref("Translation")}}
    name = resource.schema_name
    return {
        f"{name}Summary": _obj(summary),
        name: _obj(detail),
        f"{name}List": _list_of(f"{name}Summary"),
        f"{name}Detail": _obj({"data": ref(name)}),
    }


def _list_of(name: str) -> dict[str, Any]:
    return _obj({"data": {"type": "array", "items": ref(name)}, "meta": ref("Meta"),
                 "links": ref("Links")})


def _shared_schemas() -> dict[str, Any]:
    person = {"id": INT, "name": STR, "title": STR, "unit": STR, "phone": STR, "fax": STR,
              "email": STR, "is_leader": {"type": "boolean"}, "photo_url": URI_OR_NULL,
              "api_url": URI}
    category = {"id": INT, "slug": STR, "name": STR,
                "parent_id": {"type": ["integer", "null"]}, "position": INT,
                "locale": STR, "api_url": URI}
    section = {"code": STR, "title": STR, "legal_basis": STR, "url": URI_OR_NULL,
               "present": {"type": "boolean"}, "non_empty": {"type": "boolean"},
               "count": {"type": ["integer", "null"]}, "last_updated": DATETIME_OR_NULL}
    return {
        "Error": _obj({"error": _obj({"status": INT, "title": STR, "reason": STR})}),
        "Meta": _obj({"page": {"type": "integer", "minimum": 1},
                      "per_page": {"type": "integer", "minimum": 1, "maximum": 100},
                      "total": {"type": "integer", "minimum": 0},
                      "pages": {"type": "integer", "minimum": 1}}),
        "Links": _obj({"self": URI, "first": URI, "prev": URI_OR_NULL,
                       "next": URI_OR_NULL, "last": URI}),
        "CategoryRef": _obj({"id": INT, "slug": STR, "name": STR}),
        "Attachment": _obj({"filename": STR, "content_type": STR, "size": INT,
                            "role": {"type": "string", "enum": list(ATTACHMENT_ROLES)},
                            "url": URI}),
        "Translation": _obj({"locale": STR, "title": STR, "url": URI}),
        "Category": _obj(category),
        "CategoryList": _obj({"data": {"type": "array", "items": ref("Category")}}),
        "CategoryDetail": _obj({"data": ref("Category")}),
        "PersonSummary": _obj(person),
        "Person": _obj({**person, "biography": STR, "duties": STR}),
        "PersonList": _list_of("PersonSummary"),
        "PersonDetail": _obj({"data": ref("Person")}),
        "Site": _obj({
            "name": STR, "slug": STR, "kind": STR, "locale": STR, "url": URI,
            "alternates": {"type": "array", "items": _obj({"locale": STR, "url": URI})},
            "facts": _obj({key: STR for key in FOOTER_FACTS}),
            "api": _obj({"openapi": URI, "structure": URI})}),
        "SiteDetail": _obj({"data": ref("Site")}),
        "Structure": _obj({"site": STR, "kind": STR, "locale": STR, "home": URI,
                           "complete": {"type": "boolean"},
                           "missing_footer_facts": {"type": "array", "items": {
                               "type": "string", "enum": list(FOOTER_FACTS)}},
                           "sections": {"type": "array", "items": _obj(section)}}),
        "StructureDetail": _obj({"data": ref("Structure")}),
    }


def _parameter(param: params.Param) -> dict[str, Any]:
    return {"name": param.name, "in": "query", "required": False,
            "description": param.description, "schema": param.schema}


def _responses(schema: str, *, paged: bool = False, with_id: bool = False
               ) -> dict[str, Any]:
    def error(description: str) -> dict[str, Any]:
        return {"description": description,
                "content": {"application/json": {"schema": ref("Error")}}}
    responses: dict[str, Any] = {
        "200": {"description": "OK", "content": {"application/json": {"schema": ref(schema)}}},
        "400": error("A parameter is unknown or its value is invalid."),
    }
    if paged or with_id:
        responses["404"] = error("No such item on this site, or a page past the last.")
    return responses


def _operation(operation_id: str, tag: str, summary: str, schema: str,
               query: tuple[params.Param, ...] = (), *, path_id: str | None = None
               ) -> dict[str, Any]:
    parameters = [_parameter(p) for p in query]
    if path_id:
        parameters.insert(0, {"name": path_id, "in": "path", "required": True,
                              "schema": {"type": "integer", "minimum": 1}})
    return {"get": {"operationId": operation_id, "tags": [tag], "summary": summary,
                    "parameters": parameters,
                    "responses": _responses(schema, paged=bool(query), with_id=bool(path_id))}}


def _paths() -> dict[str, Any]:
    from hub.api.params import PEOPLE_FILTERS
    paths: dict[str, Any] = {}
    for resource in RESOURCES:
        base = f"/api/v1/{resource.name}"
        paths[base] = _operation(f"list_{resource.endpoint}", resource.name,
                                 resource.summary, f"{resource.schema_name}List",
                                 params.PAGING + resource.filters)
        paths[f"{base}/{{item_id}}"] = _operation(
            f"get_{resource.endpoint}", resource.name, f"One item of {resource.name}.",
            f"{resource.schema_name}Detail", path_id="item_id")
    paths["/api/v1/categories"] = _operation(
        "list_categories", "categories", N_("The site's categories."), "CategoryList")
    paths["/api/v1/categories/{category_id}"] = _operation(
        "get_category", "categories", "One category.", "CategoryDetail",
        path_id="category_id")
    paths["/api/v1/people"] = _operation(
        "list_people", "people", N_("Officials and contacts."), "PersonList",
        params.PAGING + PEOPLE_FILTERS)
    paths["/api/v1/people/{person_id}"] = _operation(
        "get_person", "people", "One official.", "PersonDetail", path_id="person_id")
    paths["/api/v1/site"] = _operation("get_site", "site", N_("The site itself."),
                                       "SiteDetail")
    paths["/api/v1/structure"] = _operation(
        "get_structure", "site", N_("The required sections (Decree 42/2022 Art. 5.1, "
                                    "Circular 22/2023), their addresses and whether "
                                    "they have content."),
        "StructureDetail")
    return paths


def document() -> dict[str, Any]:
    """The whole document, with this host as its server and its site's name (in the
    host's language) in the title."""
    schemas = _shared_schemas()
    for resource in RESOURCES:
        schemas.update(_item_schemas(resource))
        schemas.update(resource.schemas)
    schemas.update(extra_schemas())
    return {
        "openapi": OPENAPI_VERSION,
        "info": {"title": f"Open data of {current_site_name()}", "version": API_VERSION,
                 "description": "Published content of this site, in this host's "
                                "language. Dates are ISO 8601; moments carry their "
                                "offset, in the portal's time zone (+07:00)."},
        "servers": [{"url": base_url(request.host.partition(":")[0])}],
        "paths": {**_paths(), **extra_paths()},
        "components": {"schemas": schemas},
    }
