"""The figures of a site's ratings per period — counts, averages, the distribution 1–5
of each aspect, "Was this page useful?" per page — are right, are the site's own on
both databases, and are on the site's reports page (with its SVG chart and the same
numbers in a table) for the staff who read reports, 403 for the others."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask

from hub.extensions import db
from hub.ratings.figures import figures
from hub.ratings.models import PageUsefulness
from tenants.context import tenant_scope, unscoped
from tenants.models import Tenant
from tests.factories import create_user, host_client, login
from tests.questions.helpers import build_world
from tests.ratings.helpers import COMMUNE, DEPARTMENT, rating_on, vi

MARCH = (date(2026, 3, 1), date(2026, 3, 31))
PRIVATE = "Nhận xét riêng gửi cán bộ"


@pytest.fixture
def world(app: Flask, province: Tenant):  # type: ignore[no-untyped-def]
    return build_world(app, province)


def answers_on(app: Flask, site: Tenant, rated_on: date, **paths: tuple[int, int]) -> None:
    with app.app_context(), tenant_scope(site.id):
        for path, (yes, no) in paths.items():
            for useful, times in ((True, yes), (False, no)):
                for _ in range(times):
                    db.session.add(PageUsefulness(rated_on=rated_on, useful=useful,
                                                  path="/" + path.replace("_", "-")))
        db.session.commit()


def seed_march(app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    site = world.department
    rating_on(app, site, rated_on=date(2026, 3, 1), comment=PRIVATE, interface=5, content=4,
              quality=3, support=1)
    rating_on(app, site, rated_on=date(2026, 3, 31), comment=None, interface=4, content=4,
              quality=3, support=2)
    rating_on(app, site, rated_on=date(2026, 3, 15), comment=None, interface=1, content=5,
              quality=3, support=5)
    rating_on(app, site, rated_on=date(2026, 4, 1), interface=1, content=1, quality=1,
              support=1)                                       # April: not counted
    rating_on(app, world.commune, rated_on=date(2026, 3, 10), interface=2, content=2,
              quality=2, support=2)                            # another site
    answers_on(app, site, date(2026, 3, 5), tin_tuc=(3, 1), van_ban=(0, 2))
    answers_on(app, world.commune, date(2026, 3, 5), tin_tuc=(9, 9))


def test_the_figures_of_a_period_are_counts_averages_and_distributions(
        app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    seed_march(app, world)
    with app.app_context(), tenant_scope(world.department.id):
        result = figures(world.department.id, *MARCH)
    assert result.ratings == 3 and result.comments == 1
    interface = result.aspects["interface"]
    assert interface.distribution == {1: 1, 2: 0, 3: 0, 4: 1, 5: 1}
    assert interface.average == 3.33
    assert result.aspects["quality"].distribution == {1: 0, 2: 0, 3: 3, 4: 0, 5: 0}
    assert result.aspects["quality"].average == 3.0
    assert result.aspects["support"].average == 2.67
    assert [(p.path, p.useful, p.not_useful) for p in result.pages] == [
        ("/tin-tuc", 3, 1), ("/van-ban", 0, 2)]
    assert (result.useful, result.not_useful) == (3, 3)


def test_the_figures_are_the_same_unscoped_as_the_console_reads_them(
        app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    seed_march(app, world)
    with app.app_context(), unscoped():
        department = figures(world.department.id, *MARCH)
        commune = figures(world.commune.id, *MARCH)
    assert department.ratings == 3 and commune.ratings == 1
    assert commune.aspects["content"].average == 2.0
    assert [(p.path, p.useful) for p in commune.pages] == [("/tin-tuc", 9)]


def test_an_empty_period_has_no_average(app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    with app.app_context(), tenant_scope(world.commune.id):
        result = figures(world.commune.id, *MARCH)
    assert result.ratings == 0 and result.aspects["content"].average is None
    assert result.pages == []


def test_a_site_never_sees_another_sites_ratings(app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    """In a site's scope, asking for another site's figures finds nothing (the ORM
    criteria, and on PostgreSQL row-level security)."""
    seed_march(app, world)
    with app.app_context(), tenant_scope(world.department.id):
        assert figures(world.commune.id, *MARCH).ratings == 0
        assert figures(world.commune.id, *MARCH).pages == []


def staff(app: Flask, site: Tenant, host: str, role: str | None,
          hub_role: str | None = None):  # type: ignore[no-untyped-def]
    email = f"{role or hub_role}-r{site.id}@example.gov.vn"
    create_user(app, email, roles={site: role} if role else None, hub_role=hub_role)
    client = host_client(app, host)
    assert login(client, email).status_code == 302
    return client


def test_the_reports_page_shows_the_chart_and_the_table(app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    seed_march(app, world)
    client = staff(app, world.department, DEPARTMENT, "approver")
    page = client.get("/quan-tri/bao-cao", query_string={"month": "2026-03"})
    assert page.status_code == 200
    html = page.text
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in html
    assert 'aria-labelledby="rating-chart-title rating-chart-desc"' in html
    assert '<title id="rating-chart-title">' in html and '<desc id="rating-chart-desc">' in html
    assert 'class="rating-distribution"' in html
    # Interface: 1, 0, 0, 1, 1 and its average, as a Vietnamese number.
    assert "<td>1</td><td>0</td><td>0</td><td>1</td><td>1</td>" in html
    assert "3,33" in html
    assert '<a href="/tin-tuc">/tin-tuc</a></th><td>3</td><td>1</td>' in html
    assert vi(app, "Read the comments sent with the ratings") in html
    assert PRIVATE not in html  # comments are in their own list, not the report


def test_the_reports_page_of_ratings_is_for_report_readers_only(app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    seed_march(app, world)
    assert staff(app, world.department, DEPARTMENT, "editor").get(
        "/quan-tri/bao-cao").status_code == 403
    assert staff(app, world.department, DEPARTMENT, "contributor").get(
        "/quan-tri/bao-cao").status_code == 403
    auditor = staff(app, world.department, DEPARTMENT, None, hub_role="hub_auditor")
    assert auditor.get("/quan-tri/bao-cao?month=2026-03").status_code == 200
    # The commune's approver reads the commune's figures: one rating, not the 3.
    commune = staff(app, world.commune, COMMUNE, "site_admin").get(
        "/quan-tri/bao-cao?month=2026-03")
    assert commune.status_code == 200
    assert "<td>0</td><td>1</td><td>0</td><td>0</td><td>0</td>" in commune.text
    assert "/van-ban" not in commune.text
