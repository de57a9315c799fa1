"""The office's screen of swapped working days (/quan-tri/tinh/ngay-lam-viec): the work of
``flask calendar`` in the browser, on the province's host only, for the office alone.
A day recorded moves the open deadlines of every site; bad input writes nothing."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from hub.audit.models import AuditEntry
from hub.extensions import db
from tenants.context import unscoped
from tests.deadlines.builders import seed_regulation, vn
from tests.deadlines.test_overrides import (
    _document_issued_thursday_8_january,
    due_of,
    overrides,
)
from tests.factories import create_user, csrf_from, host_client, login

PROVINCE_HOST = "langson.localhost"
SCREEN = "/quan-tri/tinh/ngay-lam-viec"


def office_client(app, host: str = PROVINCE_HOST):  # type: ignore[no-untyped-def]
    create_user(app, "vanphong@langson.gov.vn", hub_role="hub_admin")
    client = host_client(app, host)
    assert login(client, "vanphong@langson.gov.vn").status_code == 302
    return client


def post(client, path: str, data: dict):  # type: ignore[no-untyped-def]
    token = csrf_from(client.get("/quan-tri/").text)
    return client.post(path, data={**data, "csrf_token": token})


def audit_actions(app) -> list[str]:  # type: ignore[no-untyped-def]
    with app.app_context(), unscoped():
        db.session.remove()
        return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_a_swapped_saturday_recorded_on_the_screen_moves_every_sites_deadline(app, two_sites):
    seed_regulation(app)
    site_a, site_b = two_sites
    open_a = _document_issued_thursday_8_january(app, site_a)
    open_b = _document_issued_thursday_8_january(app, site_b)
    assert due_of(app, site_a, open_a) == vn(2026, 1, 13, 17)
    office = office_client(app)

    response = post(office, f"{SCREEN}/them", {
        "day": "2026-01-10", "kind": "working",
        "note": "Công văn 1234/BNV: làm bù thứ Bảy"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{SCREEN}?nam=2026")
    assert overrides(app) == {date(2026, 1, 10): (True, "Công văn 1234/BNV: làm bù thứ Bảy")}
    assert due_of(app, site_a, open_a) == vn(2026, 1, 12, 17)
    assert due_of(app, site_b, open_b) == vn(2026, 1, 12, 17)
    assert "calendar.override_set" in audit_actions(app)

    page = office.get(f"{SCREEN}?nam=2026").text
    assert "Công văn 1234/BNV: làm bù thứ Bảy" in page
    assert "10/01/2026" in page

    removed = post(office, f"{SCREEN}/2026-01-10/xoa", {})
    assert removed.status_code == 302
    assert overrides(app) == {}
    assert due_of(app, site_a, open_a) == vn(2026, 1, 13, 17)
    assert audit_actions(app)[-1] == "calendar.override_removed"


def test_the_year_lists_the_holidays_and_the_swaps(app, province):
    office = office_client(app)
    page = office.get(f"{SCREEN}?nam=2026")
    assert page.status_code == 200
    assert "17/02/2026" in page.text  # Tết
    assert "22/08/2026" in page.text  # a Saturday worked in the holidays' own table
    assert office.get(f"{SCREEN}?nam=abc").status_code == 404
    assert f'href="{SCREEN}"' in office.get("/quan-tri/").text  # in the staff menu


def test_bad_input_gets_422_with_the_reason_and_writes_nothing(app, province):
    office = office_client(app)
    for data, message in (
            ({"day": "10/01/2026", "kind": "working", "note": "x"}, "YYYY-MM-DD"),
            ({"day": "2026-02-30", "kind": "working", "note": "x"}, "YYYY-MM-DD"),
            ({"day": "2026-01-10", "kind": "", "note": "x"}, "ngày làm việc hay ngày nghỉ"),
            ({"day": "2026-01-10", "kind": "working", "note": "  "}, "ghi lý do"),
            ({"day": "2026-01-10", "kind": "working", "note": "x" * 301}, "300")):
        response = post(office, f"{SCREEN}/them", data)
        assert response.status_code == 422, data
        assert message in response.text, data
    assert post(office, f"{SCREEN}/2026-01-10/xoa", {}).status_code == 404
    assert overrides(app) == {}
    assert "calendar.override_set" not in audit_actions(app)


def test_only_the_office_on_the_province_host(app, province, two_sites):
    site_a, _site_b = two_sites
    office = office_client(app, "sokhcn.langson.localhost")
    assert office.get(SCREEN).status_code == 404
    assert post(office, f"{SCREEN}/them", {"day": "2026-01-10", "kind": "working",
                                           "note": "x"}).status_code == 404
    create_user(app, "quantri@langson.gov.vn", {province: "site_admin"})
    admin = host_client(app, PROVINCE_HOST)
    assert login(admin, "quantri@langson.gov.vn").status_code == 302
    assert admin.get(SCREEN).status_code == 403
    assert post(admin, f"{SCREEN}/them", {"day": "2026-01-10", "kind": "working",
                                          "note": "x"}).status_code == 403
    assert "ngay-lam-viec" not in admin.get("/quan-tri/").text
    assert overrides(app) == {}
    anonymous = host_client(app, PROVINCE_HOST)
    assert anonymous.get(SCREEN).status_code == 302  # to the login page
