"""Visitors' ratings in the open-data API (``/api/v1/ratings``): per site and period,
the number of ratings, the average and the distribution 1–5 of each aspect the
regulation names (interface, content, quality, the agency's support; 003 Article
3.8.d) and the "Was this page useful?" answers per page.

Aggregates only: no comment, no day of a single rating ever leaves here. A site answers
for itself; the province portal lists every active site of the province (a page of
sites at a time, filtered by ``site``), read in an explicit ``unscoped()`` block through
``hub.ratings.figures``, which filters on the site explicitly. The period is
``from``–``to`` (the portal's days), the current month by default.
"""

from __future__ import annotations

from typing import Any

from flask import Response
from flask_babel import gettext as _
from sqlalchemy import select

from hub.api import params
from hub.api.controllers import respond
from hub.api.openapi import INT, STR, _obj, _operation, ref
from hub.api.params import Param, bad, date_param, int_param, period_of
from hub.api.queries import paginate
from hub.api.serialize import page_links
from hub.core.openapi import N_, register_paths
from hub.extensions import db
from hub.public.sites import site_name
from hub.ratings.figures import MARKS, RatingFigures, figures_of_sites
from hub.ratings.models import ASPECTS
from tenants.context import current_site, unscoped
from tenants.hosts import base_url, primary_hosts, site_host
from tenants.models import Tenant, TenantStatus

FILTERS: tuple[Param, ...] = (
    int_param("site", 1, 2**31 - 1, "Only this site (a site id). A site answers for "
              "itself; the province portal for every site of the province."),
    date_param("from", "First day of the period (YYYY-MM-DD); default: the first day "
               "of the current month."),
    date_param("to", "Last day of the period (YYYY-MM-DD); default: the last day of "
               "the current month."),
)


def _listed_sites() -> list[int]:
    site = current_site()
    if site.kind != "province":
        return [site.tenant_id]
    province = db.session.get(Tenant, site.tenant_id)
    return list(db.session.scalars(select(Tenant.id).where(
        Tenant.path.startswith(province.path), Tenant.status == TenantStatus.ACTIVE)))


def figures_json(result: RatingFigures, tenant: Tenant,
                 hosts: dict[int, dict[str, str]]) -> dict[str, Any]:
    locale = current_site().locale
    host = site_host(tenant.id, locale, hosts)
    return {
        "site": {"id": tenant.id, "name": site_name(tenant, locale),
                 "url": f"{base_url(host)}/" if host else ""},
        "from": result.first.isoformat(), "to": result.last.isoformat(),
        "ratings": result.ratings,
        "aspects": {aspect: {
            "average": result.aspects[aspect].average,
            "distribution": {str(mark): result.aspects[aspect].distribution[mark]
                             for mark in MARKS}} for aspect in ASPECTS},
        "useful": {"yes": result.useful, "no": result.not_useful,
                   "pages": [{"path": page.path, "yes": page.useful, "no": page.not_useful}
                             for page in result.pages]},
    }


def index() -> Response:
    values = params.read(params.PAGING + FILTERS)
    first, last = period_of(values)
    sites = _listed_sites()
    if "site" in values:
        if values["site"] not in sites:
            bad("site", _("no such site here: a site answers for itself, the province "
                          "portal for every site of the province."))
        sites = [values["site"]]
    page = paginate(select(Tenant).where(Tenant.id.in_(sites)).order_by(Tenant.id), values)
    hosts = primary_hosts(tenant.id for tenant in page.items)
    ids = [tenant.id for tenant in page.items]
    if current_site().kind == "province":
        with unscoped():  # aggregates of the province's sites, nothing else
            found = figures_of_sites(ids, first, last)
    else:
        found = figures_of_sites(ids, first, last)
    data = [figures_json(found[t.id], t, hosts) for t in page.items]
    filters = {"from": first.isoformat(), "to": last.isoformat(),
               **({"site": values["site"]} if "site" in values else {})}
    return respond({
        "data": data,
        "meta": {"page": page.page, "per_page": page.per_page, "total": page.total,
                 "pages": page.pages},
        "links": page_links("api.ratings", page, filters),
    })


# --- the OpenAPI document (registered by ``hub.api.init_app``) ---------------------------

def register_openapi() -> None:
    register_paths(openapi_paths(), openapi_schemas())


def openapi_schemas() -> dict[str, Any]:
    count = {"type": "integer", "minimum": 0}
    aspect = _obj({
        "average": {"type": ["number", "null"], "minimum": 1, "maximum": 5,
                    "description": "Average mark; null without ratings."},
        "distribution": _obj({str(mark): count for mark in MARKS})})
    page = _obj({"path": STR, "yes": count, "no": count})
    return {
        "RatingFigures": _obj({
            "site": _obj({"id": INT, "name": STR, "url": {"type": "string"}}),
            "from": {"type": "string", "format": "date"},
            "to": {"type": "string", "format": "date"},
            "ratings": count,
            "aspects": _obj({name: aspect for name in ASPECTS}),
            "useful": _obj({"yes": count, "no": count,
                            "pages": {"type": "array", "items": page,
                                      "description": "The 20 pages answered most."}})}),
        "RatingFiguresList": _obj({"data": {"type": "array", "items": ref("RatingFigures")},
                                   "meta": ref("Meta"), "links": ref("Links")}),
    }


def openapi_paths() -> dict[str, Any]:
    return {"/api/v1/ratings": _operation(
        "list_ratings", "ratings", N_(
            "Visitors' ratings of the site per period (003 Art. 3.8.d): counts, the "
            "average and distribution of the marks 1–5 of interface, content, quality "
            "and support, and \"Was this page useful?\" per page; on the province "
            "portal, of every site. Aggregates only."),
        "RatingFiguresList", params.PAGING + FILTERS)}

