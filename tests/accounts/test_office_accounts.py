"""The province office's accounts across sites: the list and its filters, and the
actions (disable, enable, revoke a role, reset a second factor) with their trail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from hub.accounts.models import Membership, SecondFactor, User
from hub.core.clock import utcnow
from hub.extensions import db
from tenants.context import unscoped
from tests.accounts.conftest import (
    A_HOST,
    audit,
    fetch_user,
    memberships,
    site_client,
    update_user,
)
from tests.accounts.test_audit_reader import PROVINCE_HOST, counting
from tests.factories import create_user, csrf_from, login

OFFICE = "vanphong@langson.gov.vn"
AUDITOR = "kiemtra@langson.gov.vn"
LAN = "lan@sokhcn.gov.vn"
BINH = "binh@xathongnhat.gov.vn"
CUONG = "cuong@sokhcn.gov.vn"


@pytest.fixture
def accounts(app, two_sites):  # type: ignore[no-untyped-def]
    site_a, site_b = two_sites
    create_user(app, OFFICE, hub_role="hub_admin", display_name="Văn phòng")
    create_user(app, AUDITOR, hub_role="hub_auditor")
    create_user(app, LAN, {site_a: ["site_admin", "editor"]}, display_name="Trần Thị Lan")
    create_user(app, BINH, {site_b: "editor"}, display_name="Lê Văn Bình")
    create_user(app, CUONG, {site_a: "approver"}, display_name="Cường")
    now = utcnow()
    update_user(app, LAN, last_login_at=now - timedelta(days=2))
    update_user(app, BINH, last_login_at=now - timedelta(days=200))
    update_user(app, CUONG, is_enabled=False)
    return site_a, site_b


def office(app, email: str = OFFICE):  # type: ignore[no-untyped-def]
    client = site_client(app, PROVINCE_HOST)
    assert login(client, email).status_code == 302
    return client


def listed(client, query: str = "") -> set[str]:  # type: ignore[no-untyped-def]
    response = client.get("/quan-tri/tinh/tai-khoan" + (f"?{query}" if query else ""))
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    html = response.get_data(as_text=True)
    return {email for email in (OFFICE, AUDITOR, LAN, BINH, CUONG)
            if f'data-email="{email}"' in html}


def test_the_list_and_its_filters(app, accounts):
    site_a, site_b = accounts
    client = office(app)
    assert listed(client) == {OFFICE, AUDITOR, LAN, BINH, CUONG}
    html = client.get("/quan-tri/tinh/tai-khoan").get_data(as_text=True)
    assert "Sở Khoa học và Công nghệ" in html and "Xã Thống Nhất" in html
    assert listed(client, f"site={site_a.id}") == {LAN, CUONG}
    assert listed(client, f"site={site_b.id}&role=editor") == {BINH}
    assert listed(client, "role=site_admin") == {LAN}
    assert listed(client, "role=hub_auditor") == {AUDITOR}
    assert listed(client, "idle_days=90") == {AUDITOR, BINH, CUONG}  # OFFICE logged in
    assert listed(client, "never=never") == {AUDITOR, CUONG}
    assert listed(client, "state=disabled") == {CUONG}
    assert listed(client, "q=trần") == {LAN}
    assert listed(client, "q=XATHONGNHAT") == {BINH}
    update_user(app, BINH, locked_until=utcnow() + timedelta(minutes=10))
    assert listed(client, "state=locked") == {BINH}
    for bad in ("site=999999", "role=king", "idle_days=0", "page=0", "state=x"):
        assert client.get(f"/quan-tri/tinh/tai-khoan?{bad}").status_code == 400, bad


def test_the_list_takes_a_fixed_number_of_statements(app, accounts):
    site_a, _ = accounts
    client = office(app)
    client.get("/quan-tri/tinh/tai-khoan")
    with counting(app) as few:
        client.get("/quan-tri/tinh/tai-khoan")
    for number in range(12):
        create_user(app, f"n{number}@sokhcn.gov.vn", {site_a: ["editor", "approver"]})
    with counting(app) as many:
        client.get("/quan-tri/tinh/tai-khoan")
    assert len(many) == len(few)


def test_only_the_office_on_the_province_host(app, accounts):
    site_a, _ = accounts
    auditor = office(app, AUDITOR)
    assert auditor.get("/quan-tri/tinh/tai-khoan").status_code == 200
    html = auditor.get("/quan-tri/tinh/tai-khoan").get_data(as_text=True)
    assert "vo-hieu-hoa" not in html and "thu-hoi" not in html  # reads, never acts
    lan_id = fetch_user(app, LAN).id
    assert auditor.get(f"/quan-tri/tinh/tai-khoan/{lan_id}/vo-hieu-hoa").status_code == 403
    csrf = csrf_from(auditor.get("/quan-tri/tai-khoan").data)
    assert auditor.post(f"/quan-tri/tinh/tai-khoan/{lan_id}/vo-hieu-hoa",
                        data={"csrf_token": csrf}).status_code == 403
    assert fetch_user(app, LAN).is_enabled
    admin = site_client(app, A_HOST)
    login(admin, LAN)
    assert admin.get("/quan-tri/tinh/tai-khoan").status_code == 404
    office_on_a = site_client(app, A_HOST)
    login(office_on_a, OFFICE)
    assert office_on_a.get("/quan-tri/tinh/tai-khoan").status_code == 404


def act(client, path: str):  # type: ignore[no-untyped-def]
    """Open the confirmation, then confirm it."""
    page = client.get(path)
    assert page.status_code == 200
    return client.post(path, data={"csrf_token": csrf_from(page.data)})


def test_disable_and_enable_an_account_with_the_trail(app, accounts):
    client = office(app)
    lan_id = fetch_user(app, LAN).id
    response = act(client, f"/quan-tri/tinh/tai-khoan/{lan_id}/vo-hieu-hoa")
    assert response.status_code == 302
    assert response.headers["Location"] == "/quan-tri/tinh/tai-khoan"
    assert not fetch_user(app, LAN).is_enabled
    entry = audit(app, "user.disabled")[-1]
    assert entry.actor_label == OFFICE and entry.object_id == str(lan_id)
    assert entry.tenant_id is None  # an account is the hub's, not a site's
    assert 'class="flash flash-success"' in client.get(
        "/quan-tri/tinh/tai-khoan").get_data(as_text=True)
    lan = site_client(app, A_HOST)
    assert login(lan, LAN).status_code == 401  # no longer logs in

    response = act(client, f"/quan-tri/tinh/tai-khoan/{lan_id}/kich-hoat")
    assert response.status_code == 302 and fetch_user(app, LAN).is_enabled
    assert audit(app, "user.enabled")[-1].actor_label == OFFICE
    assert login(site_client(app, A_HOST), LAN).status_code == 302


def test_refusals_answer_409_and_change_nothing(app, accounts):
    client = office(app)
    me = fetch_user(app, OFFICE).id
    response = act(client, f"/quan-tri/tinh/tai-khoan/{me}/vo-hieu-hoa")
    assert response.status_code == 409  # not oneself
    assert fetch_user(app, OFFICE).is_enabled
    lan_id = fetch_user(app, LAN).id
    assert act(client, f"/quan-tri/tinh/tai-khoan/{lan_id}/kich-hoat").status_code == 409
    assert act(client, f"/quan-tri/tinh/tai-khoan/{lan_id}/dat-lai-xac-thuc"
               ).status_code == 409  # it has no second factor
    assert client.get("/quan-tri/tinh/tai-khoan/999999/vo-hieu-hoa").status_code == 404
    assert client.get("/quan-tri/tinh/tai-khoan/vai-tro/999999/thu-hoi").status_code == 404
    assert not audit(app, "user.disabled") and not audit(app, "user.enabled")
    # Without a CSRF token nothing happens.
    assert client.post(f"/quan-tri/tinh/tai-khoan/{lan_id}/vo-hieu-hoa").status_code == 400
    assert fetch_user(app, LAN).is_enabled


def test_the_province_keeps_an_office_administrator(app, accounts):
    create_user(app, "phochanh@langson.gov.vn", hub_role="hub_admin")
    deputy = office(app, "phochanh@langson.gov.vn")
    office_id = fetch_user(app, OFFICE).id
    # Two administrators: one may disable the other ...
    assert act(deputy, f"/quan-tri/tinh/tai-khoan/{office_id}/vo-hieu-hoa"
               ).status_code == 302
    # ... but not the last one left (only the shell can try: the web acts as oneself).
    result = app.test_cli_runner().invoke(args=["users", "disable",
                                                "phochanh@langson.gov.vn"])
    assert result.exit_code != 0
    assert [entry.detail["email"] for entry in audit(app, "user.disabled")] == [OFFICE]
    assert fetch_user(app, "phochanh@langson.gov.vn").is_enabled


def test_revoke_a_membership_on_another_site(app, accounts):
    site_a, _ = accounts
    client = office(app)
    with app.app_context(), unscoped():
        membership_id = db.session.scalar(
            select(Membership.id).join(User).where(User.email == LAN,
                                                   Membership.role == "site_admin"))
    response = act(client, f"/quan-tri/tinh/tai-khoan/vai-tro/{membership_id}/thu-hoi")
    assert response.status_code == 302
    assert memberships(app, LAN) == {(site_a.id, "editor")}
    entry = audit(app, "membership.revoked")[-1]
    assert entry.tenant_id == site_a.id and entry.actor_label == OFFICE
    flashed = client.get("/quan-tri/tinh/tai-khoan").get_data(as_text=True)
    assert "lan@sokhcn.gov.vn" in flashed
    # A role once revoked is gone: asking again finds nothing.
    assert client.get(f"/quan-tri/tinh/tai-khoan/vai-tro/{membership_id}/thu-hoi"
                      ).status_code == 404


def test_reset_a_second_factor(app, accounts):
    with app.app_context(), unscoped():
        user = fetch_user(app, BINH)
        db.session.add(SecondFactor(user_id=user.id, secret_encrypted="x",
                                    confirmed_at=utcnow()))
        db.session.commit()
    client = office(app)
    html = client.get("/quan-tri/tinh/tai-khoan").get_data(as_text=True)
    assert "dat-lai-xac-thuc" in html
    response = act(client, f"/quan-tri/tinh/tai-khoan/{user.id}/dat-lai-xac-thuc")
    assert response.status_code == 302
    with app.app_context(), unscoped():
        assert db.session.get(SecondFactor, user.id) is None
    entry = audit(app, "second_factor.reset")[-1]
    assert entry.actor_label == OFFICE and entry.detail["was_on"] is True
