"""Monthly quotas (002 Article 8.3): each department sends at least 2 news items a
month, each commune at least 3. Counted per site, by the month they went online."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hub.reports.deadlines import quota_table
from tenants.context import unscoped
from tests.deadlines.builders import Article, ArticleKind, ContentStatus, add_item, published, vn
from tests.factories import create_site
from tests.reports.conftest import staff_client


def news(app, site, moment, **fields):  # type: ignore[no-untyped-def]
    return add_item(app, site, Article, **{"kind": ArticleKind.NEWS, **published(moment),
                                           **fields})


def table(app, site, on=date(2026, 3, 15), months=3):  # type: ignore[no-untyped-def]
    with app.app_context(), unscoped():
        return [(q.month, q.published, q.required, q.status)
                for q in quota_table(site.id, months, on=on)]


def test_a_department_needs_two_news_items_a_month(app, sites):
    department, commune = sites
    news(app, department, vn(2026, 1, 5, 9))
    news(app, department, vn(2026, 1, 20, 9), kind=ArticleKind.EVENT)
    news(app, department, vn(2026, 2, 10, 9))
    news(app, department, vn(2026, 3, 2, 9))
    # Not news of the site's own activity, or not counted: propaganda, a translation,
    # violating content taken down, a draft, and another site's news.
    news(app, department, vn(2026, 2, 11, 9), kind=ArticleKind.PROPAGANDA)
    source = news(app, department, vn(2026, 2, 12, 9), kind=ArticleKind.DIRECTION)
    news(app, department, vn(2026, 2, 13, 9), locale="en", translation_of_id=source)
    news(app, department, vn(2026, 2, 14, 9), status=ContentStatus.TAKEN_DOWN)
    add_item(app, department, Article, status=ContentStatus.DRAFT)
    news(app, commune, vn(2026, 2, 16, 9))
    news(app, commune, vn(2026, 2, 17, 9))
    assert table(app, department) == [
        (date(2026, 3, 1), 1, 2, "in_progress"),
        (date(2026, 2, 1), 1, 2, "missed"),
        (date(2026, 1, 1), 2, 2, "met"),
    ]


def test_a_commune_needs_three(app, sites):
    _, commune = sites
    for day in (3, 10, 17):
        news(app, commune, vn(2026, 1, day, 9))
    news(app, commune, vn(2026, 2, 3, 9))
    news(app, commune, vn(2026, 2, 4, 9))
    assert table(app, commune, on=date(2026, 2, 20), months=2) == [
        (date(2026, 2, 1), 2, 3, "in_progress"),
        (date(2026, 1, 1), 3, 3, "met"),
    ]


def test_the_province_portal_has_no_quota(app, sites, province):
    assert table(app, province, months=1) == [(date(2026, 3, 1), 0, None, "no_quota")]


def test_a_quota_month_is_vietnams_month(app, sites):
    department, _ = sites
    news(app, department, vn(2026, 1, 31, 23, 30))   # 16:30 UTC on 31 January
    news(app, department, vn(2026, 2, 1, 0, 30))     # 17:30 UTC on 31 January
    assert [row[1] for row in table(app, department, months=3)] == [0, 1, 1]


def test_the_report_page_shows_the_quota_of_the_last_months(app, sites):
    department, _ = sites
    news(app, department, datetime.now(UTC))
    html = staff_client(app, department, "site_admin").get("/quan-tri/bao-cao").text
    rows = html.split('class="report-quotas"')[1]
    assert rows.count("<tr class=\"quota-") == 6
    assert rows.index('quota-in_progress') < rows.index("quota-missed")


def test_a_unit_of_a_kind_without_quota_says_so(app, sites, province):
    unit = create_site(app, "trungtam.langson", "Trung tâm Thông tin", "unit",
                       parent=province, hosts=("trungtam.langson.localhost",))
    assert table(app, unit, months=1)[0][3] == "no_quota"


def test_months_before_the_site_joined_the_portal_owe_nothing(app, sites, province):
    joined = create_site(app, "xamoi.langson", "Xã Mới", "commune", parent=province,
                         hosts=("xamoi.langson.localhost",))
    assert [row[3] for row in table(app, joined, on=None, months=2)] == [
        "in_progress", "before_site"]
