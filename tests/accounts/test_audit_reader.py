"""The audit log's readers: a site's admins read their site's log, the province office
and the auditor read every site's on the province host; filters, pages and CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
from sqlalchemy import event

from hub.audit.models import AuditEntry
from hub.extensions import db
from tenants.context import unscoped
from tests.accounts.conftest import A_HOST, audit, site_client
from tests.factories import create_user, csrf_from, login

PROVINCE_HOST = "langson.localhost"
ADMIN_A = "quantri@sokhcn.gov.vn"
AUDITOR = "kiemtra@langson.gov.vn"
OFFICE = "vanphong@langson.gov.vn"


def add_entry(app, tenant_id: int | None, action: str, *, label: str = "x@langson.gov.vn",
              at: datetime | None = None, object_type: str | None = None,
              object_id: str | None = None, **detail) -> None:  # type: ignore[no-untyped-def]
    with app.app_context(), unscoped():
        entry = AuditEntry(tenant_id=tenant_id, action=action, actor_label=label,
                           object_type=object_type, object_id=object_id, detail=detail,
                           ip="203.0.113.9")
        if at is not None:
            entry.created_at = at
        db.session.add(entry)
        db.session.commit()


@pytest.fixture
def people(app, province, two_sites):  # type: ignore[no-untyped-def]
    site_a, site_b = two_sites
    create_user(app, ADMIN_A, {site_a: "site_admin", province: "site_admin"})
    create_user(app, AUDITOR, hub_role="hub_auditor")
    create_user(app, OFFICE, hub_role="hub_admin")
    add_entry(app, site_a.id, "content.publish", label="bientap@sokhcn.gov.vn",
              object_type="ContentItem", object_id="7", title="Tin A")
    add_entry(app, site_b.id, "content.publish", label="bientap@xathongnhat.gov.vn",
              object_type="ContentItem", object_id="8", title="Tin B")
    add_entry(app, None, "user.created", label="cli:root", object_type="User",
              object_id="3", email="moi@langson.gov.vn")
    return site_a, site_b


def logged_in(app, host: str, email: str):  # type: ignore[no-untyped-def]
    client = site_client(app, host)
    assert login(client, email).status_code == 302
    return client


def test_a_site_admin_reads_only_their_sites_log(app, people):
    client = logged_in(app, A_HOST, ADMIN_A)
    before = len(audit(app))
    page = client.get("/quan-tri/nhat-ky")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "bientap@sokhcn.gov.vn" in html and "Tin A" in html
    assert "bientap@xathongnhat.gov.vn" not in html and "Tin B" not in html
    assert "cli:root" not in html  # the hub's own entries belong to no site
    assert len(audit(app)) == before  # reading records nothing


def test_a_site_admin_cannot_open_every_sites_log(app, people):
    # On the province host, even as the province site's own administrator: 403.
    client = logged_in(app, PROVINCE_HOST, ADMIN_A)
    assert client.get("/quan-tri/nhat-ky").status_code == 200
    assert client.get("/quan-tri/tinh/nhat-ky").status_code == 403
    assert client.get("/quan-tri/tinh/nhat-ky.csv").status_code == 403
    # On any other host the office's reader does not exist.
    client_a = logged_in(app, A_HOST, ADMIN_A)
    assert client_a.get("/quan-tri/tinh/nhat-ky").status_code == 404
    auditor = logged_in(app, A_HOST, AUDITOR)
    assert auditor.get("/quan-tri/tinh/nhat-ky").status_code == 404


def test_visitors_and_editors_do_not_read_the_log(app, people):
    site_a, _ = people
    assert site_client(app, A_HOST).get("/quan-tri/nhat-ky").status_code == 302
    create_user(app, "bientap@sokhcn.gov.vn", {site_a: "editor"})
    editor = logged_in(app, A_HOST, "bientap@sokhcn.gov.vn")
    assert editor.get("/quan-tri/nhat-ky").status_code == 403


@pytest.mark.parametrize("email", [AUDITOR, OFFICE])
def test_the_office_and_the_auditor_read_every_sites_log(app, people, email):
    client = logged_in(app, PROVINCE_HOST, email)
    html = client.get("/quan-tri/tinh/nhat-ky").get_data(as_text=True)
    for text in ("Tin A", "Tin B", "cli:root", "Sở Khoa học và Công nghệ", "Xã Thống Nhất"):
        assert text in html
    # The site filter narrows to one site.
    site_a, _ = people
    html = client.get(f"/quan-tri/tinh/nhat-ky?site={site_a.id}").get_data(as_text=True)
    assert "Tin A" in html and "Tin B" not in html


def test_the_auditor_changes_nothing(app, people):
    site_a, _ = people
    client = logged_in(app, PROVINCE_HOST, AUDITOR)
    dashboard = client.get("/quan-tri/")
    assert dashboard.status_code == 200
    html = dashboard.get_data(as_text=True)
    assert "/quan-tri/tinh/nhat-ky" in html and 'class="button"' not in html
    token = client.get("/quan-tri/tai-khoan").get_data(as_text=True)
    csrf = csrf_from(token)
    for path, data in (("/quan-tri/thanh-vien/them", {"email": OFFICE, "role": "editor"}),
                       ("/quan-tri/tinh/tai-khoan/1/vo-hieu-hoa", {}),
                       ("/quan-tri/tinh/tai-khoan/1/kich-hoat", {}),
                       ("/quan-tri/tinh/tai-khoan/vai-tro/1/thu-hoi", {}),
                       ("/quan-tri/noi-dung/moi/article", {"title": "x"})):
        response = client.post(path, data={**data, "csrf_token": csrf})
        assert response.status_code in (403, 404, 405), path
        assert response.status_code != 200
    for path in ("/quan-tri/thanh-vien/them", "/quan-tri/tinh/tai-khoan/1/vo-hieu-hoa",
                 "/quan-tri/tinh/tai-khoan/vai-tro/1/thu-hoi"):
        assert client.post(path, data={"csrf_token": csrf}).status_code == 403, path
    assert {e.action for e in audit(app)} <= {"content.publish", "user.created",
                                              "login.succeeded"}


def test_filters_by_who_what_when_and_item(app, people):
    site_a, _ = people
    # Midnight of 1 April in Viet Nam is 17:00 UTC on 31 March.
    add_entry(app, site_a.id, "login.failed", label="khach@example.com",
              at=datetime(2026, 3, 31, 17, 0, tzinfo=UTC), attempt="ngay-mot-thang-tu")
    add_entry(app, site_a.id, "login.failed", label="khach@example.com",
              at=datetime(2026, 3, 31, 16, 59, 59, tzinfo=UTC), attempt="ngay-ba-muoi-mot")
    client = logged_in(app, A_HOST, ADMIN_A)

    def shown(query: str) -> str:
        response = client.get("/quan-tri/nhat-ky?" + query)
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_data(as_text=True)

    html = shown("who=KHACH@")
    assert html.count("khach@example.com") == 2 and "bientap@" not in html
    html = shown("action=content.publish")
    assert "Tin A" in html and "khach@example.com" not in html
    # Shown by its label, not by its stored name (which stays in an attribute).
    assert 'data-action="content.publish"' in html and ">content.publish<" not in html
    html = shown("from=2026-04-01&to=2026-04-01")
    assert html.count("khach@example.com") == 1
    assert "ngay-mot-thang-tu" in html and "ngay-ba-muoi-mot" not in html
    html = shown("to=2026-03-31&who=khach")
    assert "ngay-ba-muoi-mot" in html and "ngay-mot-thang-tu" not in html
    html = shown("object_type=ContentItem&object_id=7")
    assert "Tin A" in html and "khach@" not in html
    assert client.get("/quan-tri/nhat-ky?from=2026-02-30").status_code == 400
    assert client.get("/quan-tri/nhat-ky?from=2026-04-02&to=2026-04-01").status_code == 400
    assert client.get("/quan-tri/nhat-ky?action=no.such").status_code == 400
    assert client.get("/quan-tri/nhat-ky?page=0").status_code == 400


def test_secrets_are_never_shown_and_details_are_escaped(app, people):
    site_a, _ = people
    add_entry(app, site_a.id, "something.new", password_hash="$argon2id$secret",
              token="abc123token", note="<script>alert(1)</script>")
    client = logged_in(app, A_HOST, ADMIN_A)
    html = client.get("/quan-tri/nhat-ky").get_data(as_text=True)
    assert "something.new" in html  # an action without a label is shown as stored
    assert "$argon2id$secret" not in html and "abc123token" not in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    rows = csv_rows(client.get("/quan-tri/nhat-ky.csv"))
    assert not any("abc123token" in cell for row in rows for cell in row)


def csv_rows(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_csv_holds_the_filtered_entries_and_is_recorded(app, people):
    client = logged_in(app, PROVINCE_HOST, AUDITOR)
    rows = csv_rows(client.get("/quan-tri/tinh/nhat-ky.csv?action=content.publish"))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["time_utc", "site", "actor", "action"]
    assert sorted(row[2] for row in body) == ["bientap@sokhcn.gov.vn",
                                              "bientap@xathongnhat.gov.vn"]
    assert {row[1] for row in body} == {"Sở Khoa học và Công nghệ", "Xã Thống Nhất"}
    assert any("title: Tin A" in row[8] for row in body)
    exported = audit(app, "audit.exported")
    assert len(exported) == 1 and exported[0].tenant_id is None
    assert exported[0].actor_label == AUDITOR
    assert exported[0].detail["filters"] == {"action": "content.publish"}
    # A site admin's export is recorded on the site.
    site_a, _ = people
    admin = logged_in(app, A_HOST, ADMIN_A)
    rows = csv_rows(admin.get("/quan-tri/nhat-ky.csv"))
    assert all("xathongnhat" not in row[2] for row in rows[1:])
    assert audit(app, "audit.exported")[-1].tenant_id == site_a.id


@contextmanager
def counting(app) -> Iterator[list[str]]:  # type: ignore[no-untyped-def]
    seen: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def test_pages_newest_first_in_a_fixed_number_of_statements(app, people):
    site_a, _ = people
    client = logged_in(app, PROVINCE_HOST, OFFICE)
    client.get("/quan-tri/tinh/nhat-ky")  # warm the caches of the layout
    with counting(app) as few:
        client.get("/quan-tri/tinh/nhat-ky")
    for number in range(60):
        add_entry(app, site_a.id, "content.edit", label=f"n{number:02d}@sokhcn.gov.vn",
                  at=datetime(2026, 5, 1, 8, number % 60, tzinfo=UTC))
    with counting(app) as many:
        first = client.get("/quan-tri/tinh/nhat-ky?action=content.edit")
    assert len(many) == len(few)
    html = first.get_data(as_text=True)
    assert "n59@" in html and "n10@" in html and "n09@" not in html  # 50 newest
    assert html.index("n59@") < html.index("n58@")
    assert 'rel="next"' in html
    second = client.get("/quan-tri/tinh/nhat-ky?action=content.edit&page=2")
    html = second.get_data(as_text=True)
    assert "n09@" in html and "n00@" in html and "n10@" not in html
    assert 'rel="next"' not in html and 'rel="prev"' in html
