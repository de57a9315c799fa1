"""The entry point of the open-data API, ``/api/v1/``: what it is, on which site, and
where to go next.

A reader who only knows the address (the README, a link from the national monitoring
platform) learns the API's name and version, the site it serves, where the OpenAPI
document is and what each endpoint without an id lists. The endpoints come from the
OpenAPI document's own paths, so the two never disagree; the contact is the site's
footer facts (Circular 22/2023), when the site has filled them in.
"""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import gettext as _

from hub.api.openapi import API_VERSION, STR, URI, _obj, _operation, ref
from hub.core.openapi import N_, register_paths
from hub.public.sites import site_name
from tenants.context import current_site
from tenants.models import Tenant

PATH = "/api/v1/"


def endpoints(document: dict[str, Any]) -> list[dict[str, str]]:
    """Every endpoint of the document read without an id: its path, its address on
    this host and its one-line summary, in the host's language (the document's own
    summaries are English, marked for the catalogue with ``N_``)."""
    server = document["servers"][0]["url"]
    return [{"path": path, "url": f"{server}{path}",
             "summary": _(item["get"]["summary"]) if item["get"].get("summary") else ""}
            for path, item in sorted(document["paths"].items())
            if "get" in item and "{" not in path and path != PATH]


def contact(tenant: Tenant) -> dict[str, str] | None:
    """Where to report a problem: the site's email and phone from its footer facts, or
    None when it has neither."""
    found = {key: str(tenant.setting(key) or "").strip() for key in ("email", "phone")}
    return found if any(found.values()) else None


def api_index(tenant: Tenant, document: dict[str, Any]) -> dict[str, Any]:
    site = current_site()
    name = site_name(tenant, site.locale)
    return {
        "name": _("Open data of %(site)s", site=name),
        "version": API_VERSION,
        "description": _("Published content of this site, read-only, as JSON, in this "
                         "host's language. Dates are ISO 8601; moments carry their offset, "
                         "in the portal's time zone (+07:00). The OpenAPI document "
                         "describes every endpoint, its parameters and its answers."),
        "site": {"name": name, "host": site.hostname, "locale": site.locale,
                 "url": url_for("public.home", _external=True)},
        "openapi": url_for("api.openapi", _external=True),
        "endpoints": endpoints(document),
        "contact": contact(tenant),
    }


def register_openapi() -> None:
    register_paths(openapi_paths(), openapi_schemas())


def openapi_schemas() -> dict[str, Any]:
    endpoint = _obj({"path": STR, "url": URI, "summary": STR})
    return {
        "Index": _obj({
            "name": STR, "version": STR, "description": STR,
            "site": _obj({"name": STR, "host": STR, "locale": STR, "url": URI}),
            "openapi": URI,
            "endpoints": {"type": "array", "items": endpoint},
            "contact": {"oneOf": [{"type": "null"}, _obj({"email": STR, "phone": STR})]},
        }),
        "IndexDetail": _obj({"data": ref("Index")}),
    }


def openapi_paths() -> dict[str, Any]:
    return {PATH: _operation(
        "get_index", "site", N_("This API: its version, the site, the OpenAPI document "
                                "and every endpoint read without an id."), "IndexDetail")}
