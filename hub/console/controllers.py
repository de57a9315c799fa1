"""Request handlers of the province office's console: load the rows -> check the host
and the reader -> show or export them. Nothing here changes state."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Response, render_template, request, url_for
from flask_babel import gettext as _

from hub.accounts.permissions import require
from hub.console import exports, table
from hub.console.figures import (
    KIND_LABELS,
    NOT_AVAILABLE,
    STATE_LABELS,
    STATES,
    providers,
    rows_now,
    site_rows,
)
from hub.console.history import compliance_by_month_now
from hub.console.periods import KINDS, Period, read_period
from hub.core.clock import local_today, utcnow
from hub.core.http import fail
from hub.extensions import db
from hub.public.queries import page_number
from hub.ratings.chart import share_chart
from tenants.context import current_site
from tenants.models import Tenant

PER_PAGE = 50


def _province_host() -> None:
    """The console lives on the province's host; elsewhere it does not exist."""
    if current_site().kind != "province":
        fail(404, _("The page you are looking for does not exist or has been moved."))


def _period() -> Period:
    period, errors = read_period(request.args, local_today())
    if errors:
        fail(400, " ".join(errors.values()))
    return period


def _table() -> tuple[Period, table.TableQuery, list[Any], datetime]:
    _province_host()
    require("console.view")
    period = _period()
    every = providers()
    query = table.read_query(request.args, [p.key for p in every])
    if query.errors:
        fail(400, _("This filter or sort order is not one the console knows."))
    rows, judged_at = rows_now(period)
    return period, query, rows, judged_at


def _choices(rows: list[Any]) -> dict[str, Any]:
    return {"kinds": [(kind, label) for kind, label in KIND_LABELS.items()
                      if any(row.kind == kind for row in rows)],
            "districts": sorted({row.legacy_district for row in rows
                                 if row.legacy_district}),
            "states": [(state, STATE_LABELS[state]) for state in STATES],
            "period_kinds": KINDS}


def _linker(period: Period, query: table.TableQuery):  # type: ignore[no-untyped-def]
    """``link(endpoint, ...)``: the address of ``endpoint`` for this period and these
    filters, with another sort order or page if asked."""
    def link(endpoint: str, sort: str | None = None, descending: bool | None = None,
             page: int | None = None, **values: Any) -> str:
        changes: dict[str, str] = {}
        if sort is not None:
            changes["sap-xep"] = sort
        if descending is not None:
            changes["thu-tu"] = "giam" if descending else ""
        args = {**period.args(), **query.args(**changes), **values}
        if page and page > 1:
            args["page"] = str(page)
        return url_for(endpoint, **args)
    return link


def index():  # type: ignore[no-untyped-def]
    period, query, rows, judged_at = _table()
    choices = _choices(rows)
    shown = table.apply(rows, query)
    number = page_number()
    pages = max(1, -(-len(shown) // PER_PAGE))
    if number > pages:
        fail(404, _("There is no such page in this list."))
    return render_template(
        "console/index.html", period=period, query=query, rows=rows,
        judged_at=judged_at,
        page_rows=shown[(number - 1) * PER_PAGE:number * PER_PAGE], shown=len(shown),
        compliant=sum(1 for row in shown if row.compliant), page=number, pages=pages,
        providers=providers(), not_available=NOT_AVAILABLE, link=_linker(period, query),
        **choices)


def site(tenant_id: int):  # type: ignore[no-untyped-def]
    _province_host()
    require("console.view")
    period = _period()
    rows = site_rows(period, now=utcnow(), tenant_ids=[tenant_id])
    if not rows:
        fail(404, _("The page you are looking for does not exist or has been moved."))
    # The site itself for the partials of its actions and reminders (a tenant row is
    # not tenant-owned: the list of sites is public).
    return render_template("console/site.html", period=period, row=rows[0],
                           site=db.session.get(Tenant, tenant_id),
                           providers=providers(), not_available=NOT_AVAILABLE,
                           period_kinds=KINDS)


def export(fmt: str) -> Response:
    period, query, rows, _judged_at = _table()
    shown = table.apply(rows, query)
    every = providers()
    name = f"don-vi-{period.kind}-{period.first.isoformat()}"
    if fmt == "csv":
        body, mimetype = exports.as_csv(period, shown, every), exports.CSV_TYPE
    else:
        body, mimetype = exports.as_xlsx(period, shown, every), exports.XLSX_TYPE
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{name}.{fmt}"'})


def chart():  # type: ignore[no-untyped-def]
    _province_host()
    require("console.view")
    months = compliance_by_month_now(local_today())
    drawing = share_chart([(m.period.label, m.share, m.compliant) for m in months])
    return render_template("console/chart.html", months=months, drawing=drawing)
