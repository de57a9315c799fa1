"""The per-site report: of the items whose deadline fell in a month, how many went
online on time, how many late, and how many are still overdue — this site's only."""

from __future__ import annotations

from datetime import date

from hub.reports.deadlines import deadline_report
from tenants.context import unscoped
from tests.deadlines.builders import (
    Article,
    ContentStatus,
    LegalDocument,
    add_item,
    published,
    utc,
    vn,
)
from tests.factories import create_user, host_client, login
from tests.reports.conftest import A_HOST, count, staff_client


def _march_2024(app, site_a, site_b):  # type: ignore[no-untyped-def]
    due = vn(2024, 3, 13, 17)
    add_item(app, site_a, LegalDocument, title="Quyết định đăng đúng hạn",
             **published(vn(2024, 3, 12, 9), due))
    add_item(app, site_a, Article, title="Tin đăng đúng hạn",
             **published(vn(2024, 3, 1, 10), vn(2024, 3, 1, 17)))
    add_item(app, site_a, LegalDocument, title="Quyết định đăng muộn",
             **published(vn(2024, 3, 14, 8), due))
    add_item(app, site_a, Article, title="Tin còn nằm ở bản nháp",
             status=ContentStatus.DRAFT, due_at=utc(due))
    # Left out: archived without ever being published, and due in April.
    add_item(app, site_a, Article, title="Bản nháp đã lưu trữ",
             status=ContentStatus.ARCHIVED, due_at=utc(due))
    add_item(app, site_a, Article, title="Tin hạn tháng Tư",
             status=ContentStatus.DRAFT, due_at=utc(vn(2024, 4, 1, 17)))
    # Another site's late item of the same month.
    add_item(app, site_b, Article, title="Tin của xã Thống Nhất",
             **published(vn(2024, 3, 20, 8), vn(2024, 3, 19, 17)))


def test_the_report_counts_on_time_late_and_overdue_items_of_the_month(app, sites):
    site_a, site_b = sites
    _march_2024(app, site_a, site_b)
    page = staff_client(app, site_a, "site_admin").get("/quan-tri/bao-cao?month=2024-03")
    assert page.status_code == 200
    html = page.text
    assert (count(html, "on_time"), count(html, "late"), count(html, "overdue"),
            count(html, "pending"), count(html, "total")) == (2, 1, 1, 0, 4)
    assert "Quyết định đăng muộn" in html and "Tin còn nằm ở bản nháp" in html
    assert "Bản nháp đã lưu trữ" not in html and "Tin hạn tháng Tư" not in html
    assert "Tin của xã Thống Nhất" not in html  # another site's data never appears


def test_the_office_reads_the_same_figures_for_each_site(app, sites):
    site_a, site_b = sites
    _march_2024(app, site_a, site_b)
    with app.app_context(), unscoped():
        report_a = deadline_report(site_a.id, date(2024, 3, 1), date(2024, 3, 31))
        report_b = deadline_report(site_b.id, date(2024, 3, 1), date(2024, 3, 31))
    assert report_a.counts == {"on_time": 2, "late": 1, "overdue": 1, "pending": 0}
    assert report_b.counts == {"on_time": 0, "late": 1, "overdue": 0, "pending": 0}


def test_an_item_not_yet_due_is_pending(app, sites):
    site_a, _ = sites
    add_item(app, site_a, Article, status=ContentStatus.SUBMITTED,
             due_at=utc(vn(2026, 3, 20, 17)))
    with app.app_context(), unscoped():
        before = deadline_report(site_a.id, date(2026, 3, 1), date(2026, 3, 31),
                                 now=utc(vn(2026, 3, 10, 9)))
        after = deadline_report(site_a.id, date(2026, 3, 1), date(2026, 3, 31),
                                now=utc(vn(2026, 3, 23, 9)))
    assert before.counts["pending"] == 1 and after.counts["overdue"] == 1


def test_the_month_follows_vietnam_time(app, sites):
    site_a, _ = sites
    # 31 March 23:00 in Vietnam is 16:00 UTC the same day; 1 April 01:00 is 31 March UTC.
    add_item(app, site_a, Article, **published(vn(2024, 3, 31, 20), vn(2024, 3, 31, 23)))
    add_item(app, site_a, Article, **published(vn(2024, 3, 31, 20), vn(2024, 4, 1, 1)))
    with app.app_context(), unscoped():
        march = deadline_report(site_a.id, date(2024, 3, 1), date(2024, 3, 31))
    assert march.total == 1


def test_a_malformed_month_is_refused_with_a_message(app, sites):
    client = staff_client(app, sites[0], "approver")
    for month in ("2024-13", "March", "2024-3", "0001-01", "2024-03-01"):
        page = client.get("/quan-tri/bao-cao", query_string={"month": month})
        assert page.status_code == 400, month
        assert 'role="alert"' in page.text and "YYYY-MM" in page.text
    assert client.get("/quan-tri/bao-cao").status_code == 200  # the current month


def test_reports_are_for_administrators_approvers_and_the_office(app, sites):
    site_a, _ = sites
    assert staff_client(app, site_a, "editor").get("/quan-tri/bao-cao").status_code == 403
    assert staff_client(app, site_a, "contributor").get("/quan-tri/bao-cao").status_code == 403
    auditor = staff_client(app, site_a, None, hub_role="hub_auditor")
    assert auditor.get("/quan-tri/bao-cao").status_code == 200
    anonymous = host_client(app, A_HOST).get("/quan-tri/bao-cao")
    assert anonymous.status_code == 302 and "/dang-nhap" in anonymous.location


def test_an_administrator_of_another_site_cannot_read_this_sites_report(app, sites):
    site_a, site_b = sites
    create_user(app, "admin-b@xathongnhat.gov.vn", roles={site_b: "site_admin"})
    client = host_client(app, A_HOST)
    assert login(client, "admin-b@xathongnhat.gov.vn").status_code != 302  # host-bound
    response = client.get("/quan-tri/bao-cao")
    assert response.status_code == 302 and "/dang-nhap" in response.location
