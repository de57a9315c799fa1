"""The console over HTTP: who may open it and where, its sort, filters and period, its
exports, its chart, and a number of statements that does not grow with the sites."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import event

from hub.accounts.permissions import can
from hub.extensions import db
from tests.console.conftest import add_communes, client_as, said
from tests.deadlines.builders import Article, add_item, published, vn
from tests.factories import host_client

SITE_ROW = re.compile(r'<tr data-site="([^"]+)" data-compliant="(yes|no)">')


def listed(html: str) -> list[str]:
    return [slug for slug, _ in SITE_ROW.findall(html)]


def test_the_office_sees_every_site_on_one_table(office):
    page = office.get("/quan-tri/tinh")
    assert page.status_code == 200
    # By name by default: "Sở …", "Tỉnh …", "Xã …".
    assert listed(page.text) == ["sokhcn.langson", "langson", "xathongnhat.langson"]
    for key in ("last_publication", "deadlines", "quota", "questions", "consultations",
                "english", "structure", "accounts"):
        assert page.text.count(f'data-figure="{key}"') == 3
    assert 'href="/quan-tri/tinh"' in page.text   # the staff navigation's link


def test_a_site_admin_is_refused_and_a_visitor_sent_to_log_in(app, sites, province):
    anonymous = host_client(app, "langson.localhost").get("/quan-tri/tinh")
    assert anonymous.status_code == 302 and "/dang-nhap" in anonymous.location
    admin = client_as(app, "quantri@langson.gov.vn", roles={province: "site_admin"})
    assert admin.get("/quan-tri/tinh").status_code == 403
    assert admin.get(f"/quan-tri/tinh/don-vi/{sites[0].id}").status_code == 403
    assert admin.get("/quan-tri/tinh/xuat.csv").status_code == 403
    assert 'href="/quan-tri/tinh"' not in admin.get("/quan-tri/").text


def test_the_auditor_reads_and_changes_nothing(app, auditor, sites):
    assert auditor.get("/quan-tri/tinh").status_code == 200
    assert auditor.get(f"/quan-tri/tinh/don-vi/{sites[1].id}").status_code == 200
    assert auditor.post("/quan-tri/tinh").status_code in (400, 405)
    with app.app_context():
        from hub.accounts.models import User
        user = db.session.scalar(db.select(User).filter_by(email="kiemtoan@langson.gov.vn"))
        assert can(user, "console.view") and not can(user, "console.manage")


def test_other_hosts_have_no_console(app, sites):
    department = client_as(app, "vanphong2@langson.gov.vn", host="sokhcn.langson.localhost",
                           hub_role="hub_admin")
    for path in ("/quan-tri/tinh", f"/quan-tri/tinh/don-vi/{sites[0].id}",
                 "/quan-tri/tinh/xuat.xlsx", "/quan-tri/tinh/bieu-do"):
        assert department.get(path).status_code == 404, path
    assert host_client(app, "sokhcn.langson.localhost").get(
        "/quan-tri/tinh").status_code == 404


def test_sort_filter_and_period_over_http(office, app, sites):
    department, _commune = sites
    add_item(app, department, Article, **published(vn(2026, 2, 3, 9), vn(2026, 2, 2, 17)))
    by_name_desc = office.get("/quan-tri/tinh?sap-xep=name&thu-tu=giam").text
    assert listed(by_name_desc) == ["xathongnhat.langson", "langson", "sokhcn.langson"]
    assert listed(office.get("/quan-tri/tinh?loai=commune").text) == ["xathongnhat.langson"]
    assert listed(office.get("/quan-tri/tinh?q=KHCN").text) == ["sokhcn.langson"]
    assert listed(office.get("/quan-tri/tinh?trang-thai=suspended").text) == []
    assert listed(office.get("/quan-tri/tinh?dat=yes").text) == []
    february = office.get("/quan-tri/tinh?ky=quarter&ngay=2026-02-10&sap-xep=deadlines"
                          "&thu-tu=giam")
    assert said(app, "Quarter %(number)d/%(year)d", number=1, year=2026) in february.text
    assert listed(february.text)[0] == "sokhcn.langson"   # its late item sorts first
    assert 'aria-sort="descending"' in february.text
    assert office.get("/quan-tri/tinh?ky=week").status_code == 400
    assert office.get("/quan-tri/tinh?ngay=2026-02-30").status_code == 400
    assert office.get("/quan-tri/tinh?sap-xep=password").status_code == 400
    assert office.get("/quan-tri/tinh?page=9").status_code == 404


def test_a_sites_detail_explains_its_figures(app, office, sites):
    department, _commune = sites
    page = office.get(f"/quan-tri/tinh/don-vi/{department.id}?ky=year&ngay=2026-05-01")
    assert page.status_code == 200
    assert "Sở Khoa học và Công nghệ" in page.text
    assert said(app, "Year %(year)d", year=2026) in page.text
    assert page.text.count('data-figure="') == 9  # every figure, the last reminder too
    assert "Article 8.3" in page.text or "khoản 3 Điều 8" in page.text
    assert office.get("/quan-tri/tinh/don-vi/99999").status_code == 404


def test_csv_and_xlsx_of_the_filtered_table(app, office):
    response = office.get("/quan-tri/tinh/xuat.csv?ky=month&ngay=2026-03-01&loai=commune")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][1:4] == [said(app, "Month %(month)02d/%(year)d", month=3, year=2026),
                            "2026-03-01", "2026-03-31"]
    assert rows[2][0] == said(app, "Site (unit)")
    assert said(app, "Monthly news quota") in rows[2]
    assert [row[0] for row in rows[3:]] == ["Xã Thống Nhất"]
    response = office.get("/quan-tri/tinh/xuat.xlsx?ky=half&ngay=2026-03-01")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert (sheet["B1"].value, sheet["D1"].value) == (
        said(app, "First half of %(year)d", year=2026), "2026-06-30")
    assert sheet["A3"].value == said(app, "Site (unit)")
    assert [sheet.cell(row, 1).value for row in range(4, sheet.max_row + 1)] == [
        "Sở Khoa học và Công nghệ", "Tỉnh Lạng Sơn", "Xã Thống Nhất"]
    header = [cell.value for cell in sheet[3]]
    commune = [cell.value for cell in sheet[6]]
    assert commune[header.index(said(app, "Compliant"))] == said(app, "no")
    assert said(app, "no active account") in commune[header.index(said(app, "Shortcomings"))]


def test_the_chart_of_compliant_sites_has_its_data_table(office):
    page = office.get("/quan-tri/tinh/bieu-do")
    assert page.status_code == 200
    assert 'role="img"' in page.text and "<title id=\"console-chart-title\">" in page.text
    assert "<desc id=\"console-chart-desc\">" in page.text
    table = page.text.split('class="content-list console-chart-data"')[1]
    assert table.count('<th scope="row">') == 12


def _forget_hub_figures(app) -> None:  # type: ignore[no-untyped-def]
    memo = app.extensions["portal_tenant_memo"]
    for key in [key for key in memo if key[0] == "hub"]:
        del memo[key]


def _statements(client, path: str, *, cold: bool = True) -> int:  # type: ignore[no-untyped-def]
    """The statements of one request; ``cold``: with every site's figures worked out
    (not taken from the hub's memo)."""
    if cold:
        _forget_hub_figures(client.application)
    seen: list[str] = []

    def count(conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement)
    with client.application.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


@pytest.mark.parametrize("path", ["/quan-tri/tinh", "/quan-tri/tinh/xuat.xlsx"])
def test_the_statements_do_not_grow_with_the_sites(app, office, province, path):
    office.get(path)                                       # caches warm
    three = _statements(office, path)
    add_communes(app, province, 8)                         # a district and 8 communes
    office.get(path)
    assert listed(office.get("/quan-tri/tinh").text).__len__() == 12
    assert _statements(office, path) == three


def test_the_figures_are_kept_until_a_site_changes(app, office, province):
    """The table's figures are worked out once and kept (the hub's memo) until any site
    changes: a second look runs fewer statements, and a new site shows at once."""
    cold = _statements(office, "/quan-tri/tinh")
    warm = _statements(office, "/quan-tri/tinh", cold=False)
    assert warm < cold
    add_communes(app, province, 2)
    assert len(listed(office.get("/quan-tri/tinh").text)) == 6
