"""A site never sees another site's reports: not in its queue, not by id, not in its
figures, on SQLite (the ORM's scope) and on PostgreSQL (row-level security too)."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Flask
from sqlalchemy import select

from hub.core.clock import local_day, utcnow
from hub.extensions import db
from hub.problems.figures import figures
from hub.problems.models import ProblemReport
from tenants.context import tenant_scope, unscoped
from tests.factories import host_client
from tests.problems.helpers import COMMUNE, PROVINCE, World, post_report, staff_login


def test_a_site_never_sees_another_sites_reports(app: Flask, world: World) -> None:
    _item, commune_path = world.items["commune"]
    _item, province_path = world.items["province"]
    assert post_report(host_client(app, COMMUNE), commune_path,
                       body="Lịch tiếp dân sai giờ.").status_code == 303
    assert post_report(host_client(app, PROVINCE), province_path).status_code == 303
    with app.app_context(), unscoped():
        ids = dict(db.session.execute(select(ProblemReport.tenant_id, ProblemReport.id)).all())
    commune_report, province_report = ids[world.commune.id], ids[world.province.id]

    province_approver = host_client(app, PROVINCE)
    staff_login(province_approver, "pheduyet@langson.gov.vn")
    queue = province_approver.get("/quan-tri/bao-loi").text
    assert f'data-report-id="{province_report}"' in queue
    assert f'data-report-id="{commune_report}"' not in queue
    assert "Lịch tiếp dân sai giờ." not in queue
    assert province_approver.get(f"/quan-tri/bao-loi/{commune_report}").status_code == 404
    page = province_approver.get(f"/quan-tri/bao-loi/{province_report}")
    assert page.status_code == 200
    for step, data in (("dong", {"outcome": "fixed", "note": "x"}),
                       ("go-xuong", {"reason": "x"})):
        from tests.factories import csrf_from
        response = province_approver.post(
            f"/quan-tri/bao-loi/{commune_report}/{step}",
            data={"csrf_token": csrf_from(page.data), "version": 1, **data})
        assert response.status_code == 404, step

    commune_approver = host_client(app, COMMUNE)
    staff_login(commune_approver, "chutich@thongnhat.gov.vn")
    queue = commune_approver.get("/quan-tri/bao-loi").text
    assert f'data-report-id="{commune_report}"' in queue
    assert f'data-report-id="{province_report}"' not in queue

    # The commune's own scope reads its rows only, whatever the query asks for.
    with app.app_context(), tenant_scope(world.commune.id):
        assert list(db.session.scalars(select(ProblemReport.id))) == [commune_report]
        today = local_day(utcnow())
        assert figures(world.province.id, today - timedelta(days=1), today).received == 0


def test_figures_per_site_and_period(app: Flask, world: World) -> None:
    _item, province_path = world.items["province"]
    client = host_client(app, PROVINCE)
    app.config["PROBLEM_RATE_PER_CLIENT"] = 10
    for _ in range(3):
        assert post_report(client, province_path).status_code == 303
    today = local_day(utcnow())
    with app.app_context(), unscoped():
        numbers = figures(world.province.id, today, today)
        assert (numbers.received, numbers.open, numbers.closed, numbers.taken_down) == (
            3, 3, 0, 0)
        assert figures(world.commune.id, today, today).received == 0
        assert figures(world.province.id, date(2020, 1, 1), date(2020, 12, 31)).received == 0
