"""Periodic reports of the province office, made from the data and archived, each
with its period and the units it covers, as XLSX and PDF: the yearly evaluation of
every unit (003 Articles 14.9, 21), the commune sites' quarterly, half-yearly and yearly
reports (001 Article 11), the six-monthly evaluation (002 Article 16.2.g) and the
yearly review of access risks (003 Article 13.1.e)."""

from __future__ import annotations

import hashlib
import io

import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from hub.accounts.models import Membership, User
from hub.accounts.operations import disable_user, revoke_membership
from hub.audit.models import AuditEntry
from hub.console.figures import providers
from hub.console.models import PeriodicReport
from hub.extensions import db
from tenants.context import unscoped
from tests.console.reports_helpers import (
    KEPT,
    needs_pdf,
    news,
    office_client,
    token,
)
from tests.deadlines.builders import vn
from tests.factories import PASSWORD, create_user, host_client, login

pytestmark = needs_pdf

KINDS = {  # kind: (a day in its period, its period's label, the units' names)
    "units_year": ("2026-03-15", "2026", {"Tỉnh Lạng Sơn", "Sở Khoa học và Công nghệ",
                                          "Xã Thống Nhất"}),
    "units_half": ("2026-03-15", "2026", {"Tỉnh Lạng Sơn", "Sở Khoa học và Công nghệ",
                                          "Xã Thống Nhất"}),
    "communes_quarter": ("2026-03-15", "1/2026", {"Xã Thống Nhất"}),
    "communes_half": ("2026-03-15", "2026", {"Xã Thống Nhất"}),
    "communes_year": ("2026-03-15", "2026", {"Xã Thống Nhất"}),
    "access_year": ("2026-03-15", "2026", {"Tỉnh Lạng Sơn", "Sở Khoa học và Công nghệ",
                                           "Xã Thống Nhất"}),
}


def generate(client, kind: str, on: str):  # type: ignore[no-untyped-def]
    return client.post("/quan-tri/tinh/bao-cao", data={
        "csrf_token": token(client), "kind": kind, "on": on})


def latest(app) -> PeriodicReport:  # type: ignore[no-untyped-def]
    with app.app_context():
        report = db.session.scalars(select(PeriodicReport).order_by(
            PeriodicReport.id.desc())).first()
        assert report is not None
        db.session.expunge(report)
        return report


def workbook(client, report_id: int):  # type: ignore[no-untyped-def]
    response = client.get(f"/quan-tri/tinh/bao-cao/{report_id}.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    return openpyxl.load_workbook(io.BytesIO(response.data)), response.data


def pdf_text(client, report_id: int) -> tuple[str, bytes]:  # type: ignore[no-untyped-def]
    response = client.get(f"/quan-tri/tinh/bao-cao/{report_id}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    return "\n".join(page.extract_text() for page in reader.pages), response.data


def facts(sheet) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {row[0].value: row[1].value for row in sheet.iter_rows(min_row=3, max_col=2)
            if row[0].value}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_report_is_made_archived_and_downloadable(app, office_sites,
                                                        publication_figures, kind):
    department, commune = office_sites
    news(app, department, vn(2026, 1, 6, 9))
    for day in (5, 12, 19):
        news(app, commune, vn(2026, 1, day, 9))
    client = office_client(app)
    on, label, units = KINDS[kind]
    response = generate(client, kind, on)
    assert response.status_code == 302, response.data[:2000]
    report = latest(app)
    assert report.kind == kind and report.period_first.isoformat() <= on <= \
        report.period_last.isoformat()
    assert {unit["name"] for unit in report.units} == units == set(
        u["name"] for u in report.units)
    assert report.unit_count == len(units)
    archive = client.get("/quan-tri/tinh/bao-cao").get_data(as_text=True)
    assert f'id="report-{report.id}"' in archive and report.period_label in archive

    book, xlsx = workbook(client, report.id)
    assert hashlib.sha256(xlsx).hexdigest() == report.xlsx_sha256
    summary = book.worksheets[0]
    assert label in summary["A1"].value or label in str(facts(summary).values())
    values = list(facts(summary).values())
    assert report.period_label in values and len(units) in values
    text, pdf = pdf_text(client, report.id)
    assert hashlib.sha256(pdf).hexdigest() == report.pdf_sha256
    assert report.period_label in text
    for name in units:
        assert name in text

    if kind != "access_year":
        sheet = book.worksheets[1]  # the evaluation of each unit
        rows = {row[0]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
        assert set(rows) == units
        header = [cell.value for cell in sheet[3]]
        with app.app_context():
            quota = 4 + [provider.key for provider in providers()].index("quota")
        assert header[0] and len(header) == 4 + len(KEPT) + 1
        if "Sở Khoa học và Công nghệ" in rows:
            assert rows["Sở Khoa học và Công nghệ"][quota] != rows["Xã Thống Nhất"][quota]
            # The department missed its quota: it is not compliant, and says why; the
            # province (no quota) is.
            assert rows["Sở Khoa học và Công nghệ"][-1] != rows["Tỉnh Lạng Sơn"][-1]
            short = {row[0]: row[1] for row in book.worksheets[2].iter_rows(
                min_row=4, values_only=True)}
            assert "Sở Khoa học và Công nghệ" in short and "Tỉnh Lạng Sơn" not in short
            assert short["Sở Khoa học và Công nghệ"].split()[-1] in text
        numbers = {row[0]: row for row in book.worksheets[3].iter_rows(min_row=4,
                                                                        values_only=True)}
        published = [h.value for h in book.worksheets[3][3]].index(
            next(h.value for h in book.worksheets[3][3] if h.value and
                 h.value.endswith(("news published", "tin đã đăng"))))
        assert numbers["Xã Thống Nhất"][published] >= 3
        assert "<svg" not in text  # the chart is drawn, not printed as text


def test_the_commune_report_counts_the_communes_news(app, office_sites,
                                                     publication_figures):
    _department, commune = office_sites
    for day in (5, 12, 19):
        news(app, commune, vn(2026, 1, day, 9))
    news(app, commune, vn(2026, 2, 3, 9))
    client = office_client(app)
    assert generate(client, "communes_quarter", "2026-02-01").status_code == 302
    report = latest(app)
    book, _ = workbook(client, report.id)
    sheet = book.worksheets[3]
    header = [cell.value for cell in sheet[3]]
    row = next(sheet.iter_rows(min_row=4, values_only=True))
    figures = dict(zip(header, row, strict=True))
    assert row[0] == "Xã Thống Nhất"
    assert [value for name, value in figures.items() if name.endswith(
        ("months met", "tháng đạt"))] == [1]        # January met, February and March not
    assert [value for name, value in figures.items() if name.endswith(
        ("news published", "tin đã đăng"))] == [4]
    chart = {r[0]: r for r in book.worksheets[0].iter_rows(values_only=True) if r[0]}
    text, _pdf = pdf_text(client, report.id)
    assert "Xã Thống Nhất" in text and "100%" in text  # January met, in the chart's table
    assert len([key for key in chart if "01/2026" in str(key)]) == 1


def test_an_empty_period_gives_an_empty_report_not_an_error(app, province,
                                                            publication_figures):
    client = office_client(app)
    assert generate(client, "communes_year", "2026-01-01").status_code == 302
    report = latest(app)
    assert report.unit_count == 0 and report.units == []
    book, _ = workbook(client, report.id)
    assert book.worksheets[0]["A1"].value
    text, _pdf = pdf_text(client, report.id)
    assert report.period_label in text


def test_a_period_not_begun_or_a_bad_form_is_refused(app, office_sites):
    client = office_client(app)
    assert generate(client, "units_year", "2199-01-01").status_code == 422
    assert generate(client, "no_such_report", "2026-01-01").status_code == 400
    assert generate(client, "units_year", "2026-02-30").status_code == 400
    with app.app_context():
        assert db.session.scalars(select(PeriodicReport)).all() == []


def test_the_auditor_reads_and_downloads_but_makes_nothing(app, office_sites,
                                                           publication_figures):
    office = office_client(app)
    assert generate(office, "units_half", "2026-03-01").status_code == 302
    report = latest(app)
    auditor = office_client(app, "hub_auditor")
    assert 'href="/quan-tri/tinh/bao-cao"' in office.get("/quan-tri/").get_data(True)
    page = auditor.get("/quan-tri/tinh/bao-cao")
    assert page.status_code == 200 and f'id="report-{report.id}"' in page.get_data(True)
    assert 'action="/quan-tri/tinh/bao-cao"' not in page.get_data(True)
    assert auditor.get(f"/quan-tri/tinh/bao-cao/{report.id}.xlsx").status_code == 200
    assert auditor.get(f"/quan-tri/tinh/bao-cao/{report.id}.pdf").status_code == 200
    assert generate(auditor, "units_half", "2026-03-01").status_code == 403
    assert office.get("/quan-tri/tinh/bao-cao/999999.pdf").status_code == 404
    # A site's administrator, on the site's own host, finds no console.
    admin = host_client(app, "sokhcn.langson.localhost")
    assert login(admin, "qt.sokhcn@example.gov.vn").status_code == 302
    assert admin.get("/quan-tri/tinh/bao-cao").status_code == 404
    assert admin.get(f"/quan-tri/tinh/bao-cao/{report.id}.pdf").status_code == 404


def test_the_access_review_counts_failed_logins_lockouts_and_people_who_left(
        app, office_sites):
    department, commune = office_sites
    site = host_client(app, "sokhcn.langson.localhost")
    for _attempt in range(app.config["LOGIN_MAX_FAILURES"]):
        site.post("/dang-nhap", data={"email": "qt.sokhcn@example.gov.vn",
                                      "password": "sai mật khẩu", "csrf_token": token_of(site)})
    site.post("/dang-nhap", data={"email": "ai.do@example.gov.vn", "password": PASSWORD,
                                  "csrf_token": token_of(site)})
    gone = create_user(app, "da.nghi@example.gov.vn", roles={commune: "editor"})
    with app.app_context(), unscoped():
        user = db.session.get(User, gone.id)
        disable_user(user, actor_label="test")
        editor = db.session.scalars(select(Membership).join(User).where(
            User.email == "bt.sokhcn@example.gov.vn")).one()
        revoke_membership(editor, actor_label="test")
        db.session.commit()
        failed = db.session.scalar(select(db.func.count(AuditEntry.id)).where(
            AuditEntry.action == "login.failed"))
    client = office_client(app)
    with app.app_context():
        from hub.core.clock import local_today
        today = local_today().isoformat()
    assert generate(client, "access_year", today).status_code == 302
    report = latest(app)
    book, _ = workbook(client, report.id)
    risks = {row[0]: row[1:] for row in book.worksheets[1].iter_rows(min_row=4,
                                                                        values_only=True)}
    counts = [value[0] for value in risks.values()]
    # failed logins, lockouts, unused, disabled still holding a role, revoked, disabled
    assert counts[0] == failed >= app.config["LOGIN_MAX_FAILURES"]
    assert counts[1] == 1
    assert counts[3] == 1 and counts[4] == 1 and counts[5] == 1
    left = [row for row in book.worksheets[6].iter_rows(min_row=4, values_only=True)]
    assert [row[0] for row in left] == ["da.nghi@example.gov.vn"] and left[0][3] == 1
    revoked = [row for row in book.worksheets[7].iter_rows(min_row=4, values_only=True)]
    assert revoked[0][1] == "bt.sokhcn@example.gov.vn" and revoked[0][3] == department.name
    text, _pdf = pdf_text(client, report.id)
    assert "da.nghi@example.gov.vn" in text and "qt.sokhcn@example.gov.vn" in text


def token_of(client) -> str:  # type: ignore[no-untyped-def]
    from tests.factories import csrf_from
    return csrf_from(client.get("/dang-nhap").data)


def test_a_name_that_looks_like_a_formula_stays_text_in_the_workbook(app, province,
                                                                      publication_figures):
    from tests.factories import create_site
    create_site(app, "xaformula.langson", "=HYPERLINK(\"http://x\",\"Xã\")", "commune",
                parent=province, hosts=("xaformula.langson.localhost",))
    client = office_client(app)
    assert generate(client, "communes_quarter", "2026-02-01").status_code == 302
    book, _ = workbook(client, latest(app).id)
    cell = book.worksheets[1]["A4"]
    assert cell.value == "=HYPERLINK(\"http://x\",\"Xã\")" and cell.data_type == "s"
