"""Royalties (nhuận bút, 003 Article 19.2): the published work of each author in a
period, on the page and as a CSV file that Excel opens with its Vietnamese intact."""

from __future__ import annotations

import csv
import io
import unicodedata

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from hub.audit.models import AuditEntry
from hub.extensions import db
from hub.reports.exports import COLUMNS
from tenants.context import unscoped
from tests.deadlines.builders import Article, LegalDocument, add_item, published, vn
from tests.factories import create_user
from tests.reports.conftest import staff_client

CSV_URL = "/quan-tri/bao-cao/nhuan-but.csv"
PAGE_URL = "/quan-tri/bao-cao/nhuan-but"
JANUARY = {"from": "2026-01-01", "to": "2026-01-31"}


@pytest.fixture
def january(app, sites):  # type: ignore[no-untyped-def]
    """Pieces published on both sites around January 2026."""
    site_a, site_b = sites
    lan = create_user(app, "lan@sokhcn.gov.vn", roles={site_a: "editor"},
                      display_name="Trần Thị Lan")
    boss = create_user(app, "duyet@sokhcn.gov.vn", roles={site_a: "approver"},
                       display_name="Hoàng Văn Duyệt")
    signed = {"created_by_id": lan.id, "approved_by_id": boss.id}
    add_item(app, site_a, Article, title="Lễ hội Kỳ Lừa thu hút du khách",
             author_byline="Nguyễn Thị Hoà", **published(vn(2026, 1, 5, 9)), **signed)
    add_item(app, site_a, Article, title="Hội nghị tổng kết năm 2025",
             author_byline="Nguyễn Thị Hoà", **published(vn(2026, 1, 31, 23)), **signed)
    add_item(app, site_a, LegalDocument, title="Quyết định về đường Đông Kinh",
             author_byline="Đặng Văn Ánh", **published(vn(2026, 1, 10, 14, 5)), **signed)
    add_item(app, site_a, Article, title="=HYPERLINK(\"http://evil.example\")",
             author_byline="", **published(vn(2026, 1, 12, 8)), **signed)
    # Outside the period (1 February 00:30 in Vietnam), on another site, not published.
    add_item(app, site_a, Article, title="Tin tháng Hai", author_byline="Nguyễn Thị Hoà",
             **published(vn(2026, 2, 1, 0, 30)), **signed)
    add_item(app, site_b, Article, title="Tin của xã Thống Nhất", author_byline="Lý Văn Sơn",
             **published(vn(2026, 1, 15, 9)))
    add_item(app, site_a, Article, title="Bản nháp chưa đăng", author_byline="Nguyễn Thị Hoà")
    return site_a


def read_csv(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_csv_lists_each_authors_published_work_of_the_period(app, january):
    response = staff_client(app, january, "site_admin").get(CSV_URL, query_string=JANUARY)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == \
        'attachment; filename="nhuan-but_2026-01-01_2026-01-31.csv"'
    assert response.data.startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    header, *rows = read_csv(response.data)
    with app.test_request_context(), force_locale("vi"):
        assert header == [str(column) for column in COLUMNS]
    # By author ("Đặng" sorts with D, before "Nguyễn", "Trần"), then by time.
    assert [(row[0], row[5], row[6]) for row in rows] == [
        ("Đặng Văn Ánh", "Quyết định về đường Đông Kinh", "10/01/2026 14:05"),
        ("Nguyễn Thị Hoà", "Lễ hội Kỳ Lừa thu hút du khách", "05/01/2026 09:00"),
        ("Nguyễn Thị Hoà", "Hội nghị tổng kết năm 2025", "31/01/2026 23:00"),
        # No byline: the account that entered it is the author; the formula is defused.
        ("Trần Thị Lan", "'=HYPERLINK(\"http://evil.example\")", "12/01/2026 08:00"),
    ]
    assert all(row[1] == "Trần Thị Lan" and row[2] == "lan@sokhcn.gov.vn"
               and row[7] == "Hoàng Văn Duyệt" for row in rows)
    # Vietnamese intact, in the composed form (TCVN 6909) it was stored in.
    assert unicodedata.normalize("NFC", "Lễ hội Kỳ Lừa").encode() in response.data
    assert "Tin của xã Thống Nhất".encode() not in response.data


def test_an_export_is_audited(app, january):
    staff_client(app, january, "site_admin").get(CSV_URL, query_string=JANUARY)
    with app.app_context(), unscoped():
        entry = db.session.scalar(select(AuditEntry).where(
            AuditEntry.action == "royalties.exported"))
    assert entry.tenant_id == january.id
    assert entry.detail == {"first": "2026-01-01", "last": "2026-01-31", "rows": 4}


def test_the_page_groups_the_pieces_by_author(app, january):
    page = staff_client(app, january, "site_admin").get(PAGE_URL, query_string=JANUARY)
    assert page.status_code == 200
    html = page.text
    assert html.index("Đặng Văn Ánh") < html.index("Nguyễn Thị Hoà") < \
        html.index("Lễ hội Kỳ Lừa")
    assert "Tin tháng Hai" not in html and "Tin của xã Thống Nhất" not in html
    assert "nhuan-but.csv?from=2026-01-01&amp;to=2026-01-31" in html


@pytest.mark.parametrize("query", [
    {"from": "2026-13-01", "to": "2026-12-31"},
    {"from": "2026-01-01", "to": "31/01/2026"},
    {"from": "2026-02-30"},
    {"from": "hôm qua"},
    {"from": "2026-1-1"},
    {"from": "0001-01-01", "to": "0001-01-31"},
    {"from": "2026-02-01", "to": "2026-01-01"},   # ends before it starts
])
def test_malformed_dates_get_a_400_with_a_message(app, sites, query):
    client = staff_client(app, sites[0], "site_admin")
    export = client.get(CSV_URL, query_string=query)
    assert export.status_code == 400
    assert "text/html" in export.headers["Content-Type"]
    assert "YYYY-MM-DD" in export.text or "không được trước ngày bắt đầu" in export.text
    page = client.get(PAGE_URL, query_string=query)
    assert page.status_code == 400 and 'role="alert"' in page.text
    with app.app_context(), unscoped():
        assert db.session.scalar(select(AuditEntry.id).where(
            AuditEntry.action == "royalties.exported")) is None


@pytest.mark.parametrize("role", ["editor", "approver", "contributor"])
def test_only_administrators_and_the_office_see_royalties(app, sites, role):
    client = staff_client(app, sites[0], role)
    assert client.get(CSV_URL, query_string=JANUARY).status_code == 403
    assert client.get(PAGE_URL).status_code == 403


def test_the_province_office_auditor_may_export(app, january):
    client = staff_client(app, january, None, hub_role="hub_auditor")
    assert client.get(CSV_URL, query_string=JANUARY).status_code == 200
