"""The province-wide list for the national monitoring platform (003 Articles 3.7,
10.6, 15.2): ``/api/v1/monitoring`` on the province's host, every site of the province
with its structure state (the check of ``/api/v1/structure``) and its usage figures for
a period — visits counted by ``hub.stats`` and original items published.

Aggregates only, read in an explicit ``unscoped()`` block with a fixed number of
grouped statements per page of sites. On any other host the path does not exist.
"""

from __future__ import annotations

from datetime import UTC, date, timedelta
from typing import Any

from flask import Response
from flask_babel import gettext as _
from sqlalchemy import func, select

from hub.api import params
from hub.api.controllers import respond
from hub.api.openapi import INT, STR, URI_OR_NULL, _obj, _operation, ref
from hub.api.params import Param, date_param, period_of
from hub.api.queries import paginate
from hub.api.serialize import page_links
from hub.api.structure import structure_of_sites
from hub.content.models import ContentItem
from hub.core.clock import start_of_day
from hub.core.http import fail
from hub.core.openapi import N_, register_paths
from hub.extensions import db
from hub.public.sites import site_name
from hub.stats.models import PageViewCount
from hub.workflow.states import PUBLIC_STATES
from tenants.context import current_site, unscoped
from tenants.hosts import base_url, primary_hosts, site_host
from tenants.models import Tenant

FILTERS: tuple[Param, ...] = (
    date_param("from", "First day of the period of the usage figures (YYYY-MM-DD); "
               "default: the first day of the current month."),
    date_param("to", "Last day of the period (YYYY-MM-DD); default: the last day of "
               "the current month."),
)


def usage_of_sites(ids: list[int], first: date, last: date
                   ) -> dict[int, dict[str, int]]:
    """Visits and original items published on the days [first, last], per site: two
    grouped statements."""
    usage = {tenant_id: {"visits": 0, "published": 0} for tenant_id in ids}
    for tenant_id, views in db.session.execute(
            select(PageViewCount.tenant_id, func.sum(PageViewCount.views))
            .where(PageViewCount.tenant_id.in_(ids), PageViewCount.day >= first,
                   PageViewCount.day <= last)
            .group_by(PageViewCount.tenant_id)):
        usage[tenant_id]["visits"] = int(views or 0)
    start = start_of_day(first).astimezone(UTC)
    end = start_of_day(last + timedelta(days=1)).astimezone(UTC)
    for tenant_id, count in db.session.execute(
            select(ContentItem.tenant_id, func.count(ContentItem.id))
            .where(ContentItem.tenant_id.in_(ids), ContentItem.status.in_(PUBLIC_STATES),
                   ContentItem.translation_of_id.is_(None),
                   ContentItem.published_at >= start, ContentItem.published_at < end)
            .group_by(ContentItem.tenant_id)):
        usage[tenant_id]["published"] = int(count)
    return usage


def index() -> Response:
    site = current_site()
    if site.kind != "province":
        fail(404, _("The page you are looking for does not exist or has been moved."))
    values = params.read(params.PAGING + FILTERS)
    first, last = period_of(values)
    province = db.session.get(Tenant, site.tenant_id)
    page = paginate(select(Tenant).where(Tenant.path.startswith(province.path))
                    .order_by(Tenant.path, Tenant.id), values)
    ids = [tenant.id for tenant in page.items]
    hosts = primary_hosts(ids)
    with unscoped():  # aggregates of the province's sites, nothing else
        structures = structure_of_sites(ids)
        usage = usage_of_sites(ids, first, last)
    data = []
    for tenant in page.items:
        host = site_host(tenant.id, "vi", hosts)
        state = structures[tenant.id]
        data.append({
            "id": tenant.id, "slug": tenant.slug,
            "name": site_name(tenant, current_site().locale),
            "kind": tenant.kind.value, "status": tenant.status.value,
            "url": f"{base_url(host)}/" if host else None,
            "structure": {"complete": state.complete,
                          "missing_sections": state.missing_sections,
                          "missing_footer_facts": state.missing_facts},
            "usage": usage[tenant.id]})
    return respond({
        "data": data,
        "meta": {"page": page.page, "per_page": page.per_page, "total": page.total,
                 "pages": page.pages, "from": first.isoformat(), "to": last.isoformat()},
        "links": page_links("api.monitoring", page,
                            {"from": first.isoformat(), "to": last.isoformat()}),
    })


# --- the OpenAPI document (registered by ``hub.api.init_app``) ---------------------------

def register_openapi() -> None:
    register_paths(openapi_paths(), openapi_schemas())


def openapi_schemas() -> dict[str, Any]:
    count = {"type": "integer", "minimum": 0}
    strings = {"type": "array", "items": STR}
    site = _obj({
        "id": INT, "slug": STR, "name": STR, "kind": STR, "status": STR,
        "url": URI_OR_NULL,
        "structure": _obj({"complete": {"type": "boolean"}, "missing_sections": strings,
                           "missing_footer_facts": strings}),
        "usage": _obj({"visits": count, "published": count}),
    })
    meta = _obj({"page": INT, "per_page": INT, "total": INT, "pages": INT,
                 "from": {"type": "string", "format": "date"},
                 "to": {"type": "string", "format": "date"}})
    return {"MonitoredSite": site,
            "MonitoringList": _obj({"data": {"type": "array", "items": ref("MonitoredSite")},
                                    "meta": meta, "links": ref("Links")})}


def openapi_paths() -> dict[str, Any]:
    operation = _operation(
        "list_monitoring", "monitoring",
        N_("The province portal only: every site of the province with its structure "
           "state (as /api/v1/structure checks it) and its usage figures for a period, "
           "for the national monitoring platform (003 Articles 3.7, 10.6, 15.2)."),
        "MonitoringList", params.PAGING + FILTERS)
    operation["get"]["responses"]["404"]["description"] = (
        "Not the province portal, or a page past the last.")
    return {"/api/v1/monitoring": operation}

