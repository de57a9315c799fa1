"""A site's administrator manages who works on the site, on the site's own host."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hub.accounts.models import Membership, User
from hub.extensions import db
from tenants.context import unscoped
from tests.accounts.conftest import A_HOST, B_HOST, audit, memberships, site_client
from tests.factories import create_user, csrf_from, login

ADMIN = "admin@sokhcn.gov.vn"


@pytest.fixture
def admin_client(app, site_a):  # type: ignore[no-untyped-def]
    create_user(app, ADMIN, {site_a: "site_admin"}, display_name="Quản trị Sở")
    client = site_client(app, A_HOST)
    assert login(client, ADMIN).status_code == 302
    return client


def membership_id(app, email: str, tenant_id: int, role: str) -> int:  # type: ignore[no-untyped-def]
    with app.app_context(), unscoped():
        return db.session.scalar(
            select(Membership.id).join(Membership.user)
            .where(User.email == email, Membership.tenant_id == tenant_id,
                   Membership.role == role))


def post(client, path: str, data: dict | None = None):  # type: ignore[no-untyped-def]
    token = csrf_from(client.get("/quan-tri/thanh-vien").data)
    return client.post(path, data={**(data or {}), "csrf_token": token})


def test_the_list_shows_this_sites_members_only(app, two_sites, admin_client):
    site_a, site_b = two_sites
    create_user(app, "lan@sokhcn.gov.vn", {site_a: "editor"}, display_name="Trần Thị Lan")
    create_user(app, "hoa@xa.gov.vn", {site_b: "editor"}, display_name="Lê Thị Hoa")
    page = admin_client.get("/quan-tri/thanh-vien")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Trần Thị Lan" in html and "Quản trị Sở" in html
    assert "Lê Thị Hoa" not in html
    assert '<label for="email">' in html and '<label for="role">' in html


def test_an_admin_adds_and_removes_a_member(app, site_a, admin_client):
    lan = create_user(app, "lan@sokhcn.gov.vn", display_name="Trần Thị Lan")
    response = post(admin_client, "/quan-tri/thanh-vien/them",
                    {"email": " Lan@SoKHCN.gov.vn", "role": "approver"})
    assert response.status_code == 302
    assert memberships(app, "lan@sokhcn.gov.vn") == {(site_a.id, "approver")}
    granted = audit(app, "membership.granted")
    assert len(granted) == 1
    assert granted[0].tenant_id == site_a.id and granted[0].detail["user_id"] == lan.id
    assert granted[0].detail["role"] == "approver" and granted[0].actor_label == ADMIN

    again = post(admin_client, "/quan-tri/thanh-vien/them",
                 {"email": "lan@sokhcn.gov.vn", "role": "approver"})
    assert again.status_code == 409
    assert "đã có vai trò này" in again.get_data(as_text=True)

    target = membership_id(app, "lan@sokhcn.gov.vn", site_a.id, "approver")
    response = post(admin_client, f"/quan-tri/thanh-vien/{target}/xoa")
    assert response.status_code == 302
    assert memberships(app, "lan@sokhcn.gov.vn") == set()
    revoked = audit(app, "membership.revoked")
    assert len(revoked) == 1 and revoked[0].object_id == str(target)
    assert revoked[0].tenant_id == site_a.id


def test_only_existing_accounts_can_be_added(app, admin_client):
    response = post(admin_client, "/quan-tri/thanh-vien/them",
                    {"email": "nobody@sokhcn.gov.vn", "role": "editor"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Không có tài khoản nào dùng địa chỉ thư điện tử này" in html and 'role="alert"' in html
    assert not audit(app, "membership.granted")


def test_another_sites_membership_id_is_not_found(app, site_b, admin_client):
    create_user(app, "hoa@xa.gov.vn", {site_b: "editor"})
    foreign = membership_id(app, "hoa@xa.gov.vn", site_b.id, "editor")

    response = post(admin_client, f"/quan-tri/thanh-vien/{foreign}/xoa")

    assert response.status_code == 404
    assert memberships(app, "hoa@xa.gov.vn") == {(site_b.id, "editor")}
    assert not audit(app, "membership.revoked")


def test_the_last_site_administrator_cannot_remove_themself(app, site_a, admin_client):
    own = membership_id(app, ADMIN, site_a.id, "site_admin")
    response = post(admin_client, f"/quan-tri/thanh-vien/{own}/xoa")
    assert response.status_code == 409
    assert "ít nhất một người quản trị" in response.get_data(as_text=True)
    assert memberships(app, ADMIN) == {(site_a.id, "site_admin")}


def test_with_a_second_administrator_one_may_step_down(app, site_a, admin_client):
    create_user(app, "second@sokhcn.gov.vn", {site_a: "site_admin"})
    own = membership_id(app, ADMIN, site_a.id, "site_admin")
    response = post(admin_client, f"/quan-tri/thanh-vien/{own}/xoa")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    # No membership left on the site: the session no longer opens anything here.
    assert admin_client.get("/quan-tri/thanh-vien").status_code == 302


@pytest.mark.parametrize("role", ["approver", "editor", "contributor", "translator"])
def test_other_roles_may_not_manage_members(app, site_a, role):
    create_user(app, "lan@sokhcn.gov.vn", {site_a: role})
    victim = membership_id(app, "lan@sokhcn.gov.vn", site_a.id, role)
    client = site_client(app, A_HOST)
    login(client, "lan@sokhcn.gov.vn")
    assert client.get("/quan-tri/thanh-vien").status_code == 403
    token = csrf_from(client.get("/dang-nhap/quen-mat-khau").data)
    assert client.post(f"/quan-tri/thanh-vien/{victim}/xoa",
                       data={"csrf_token": token}).status_code == 403
    assert client.post("/quan-tri/thanh-vien/them", data={
        "email": "lan@sokhcn.gov.vn", "role": "site_admin",
        "csrf_token": token}).status_code == 403
    assert memberships(app, "lan@sokhcn.gov.vn") == {(site_a.id, role)}


def test_an_admin_of_one_site_is_nobody_on_another(app, two_sites):
    site_a, site_b = two_sites
    create_user(app, ADMIN, {site_a: "site_admin", site_b: "editor"})
    client = site_client(app, B_HOST)
    login(client, ADMIN)
    assert client.get("/quan-tri/thanh-vien").status_code == 403


def test_the_province_office_manages_any_site_on_its_host(app, site_a):
    create_user(app, "office@langson.gov.vn", hub_role="hub_admin")
    create_user(app, "lan@sokhcn.gov.vn")
    client = site_client(app, A_HOST)
    login(client, "office@langson.gov.vn")
    response = post(client, "/quan-tri/thanh-vien/them",
                    {"email": "lan@sokhcn.gov.vn", "role": "site_admin"})
    assert response.status_code == 302
    assert memberships(app, "lan@sokhcn.gov.vn") == {(site_a.id, "site_admin")}


def test_removing_needs_the_csrf_token(app, site_a, admin_client):
    create_user(app, "lan@sokhcn.gov.vn", {site_a: "editor"})
    target = membership_id(app, "lan@sokhcn.gov.vn", site_a.id, "editor")
    assert admin_client.post(f"/quan-tri/thanh-vien/{target}/xoa").status_code == 400
    assert memberships(app, "lan@sokhcn.gov.vn") == {(site_a.id, "editor")}
