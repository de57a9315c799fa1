"""The figures of a site's reports per period — open, closed, taken down — from one
function the site's reports page reads and the province office's console can call for
each site (it filters on the site explicitly, so it answers the same unscoped)."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from hub.core.clock import local_day, utcnow
from hub.extensions import db
from hub.problems import operations
from hub.problems.figures import figures
from hub.problems.models import ProblemReport
from tenants.context import tenant_scope, unscoped
from tests.factories import host_client
from tests.problems.helpers import COMMUNE, PROVINCE, World, post_report, staff_login


def test_open_closed_and_taken_down_per_site(app: Flask, world: World) -> None:
    app.config["PROBLEM_RATE_PER_CLIENT"] = 10
    _item, path = world.items["province"]
    _item, commune_path = world.items["commune"]
    client = host_client(app, PROVINCE)
    for _ in range(4):
        assert post_report(client, path, email="", consent=None).status_code == 303
    assert post_report(host_client(app, COMMUNE), commune_path).status_code == 303
    with app.test_request_context(base_url=f"http://{PROVINCE}/"), \
            tenant_scope(world.province.id):
        first, second, third, _fourth = db.session.scalars(
            select(ProblemReport).order_by(ProblemReport.id)).all()
        approver = world.user("province_approver")
        operations.close(first, outcome="fixed", note="Đã sửa.", actor=approver)
        operations.close(second, outcome="not_a_problem", note="Đúng.", actor=approver)
        db.session.commit()
        third = db.session.get(ProblemReport, third.id)
        # Taking the item down closes every open report of it: the third and the fourth.
        operations.take_down(third, reason="Vi phạm.", actor=approver)
        db.session.commit()
    today = local_day(utcnow())
    with app.app_context(), unscoped():
        province = figures(world.province.id, today, today)
        assert (province.received, province.open, province.fixed, province.not_a_problem,
                province.closed, province.taken_down) == (4, 0, 1, 1, 2, 2)
        commune = figures(world.commune.id, today, today)
        assert (commune.received, commune.open) == (1, 1)

    reports = host_client(app, PROVINCE)
    staff_login(reports, "pheduyet@langson.gov.vn")
    page = reports.get("/quan-tri/bao-cao")
    assert page.status_code == 200
    assert '<td class="count-taken_down">2</td>' in page.text
    assert '<td class="count-fixed">1</td>' in page.text
