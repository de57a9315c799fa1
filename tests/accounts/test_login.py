"""Logging in and out on a site's own host; a login is good on that site only."""

from __future__ import annotations

import pytest
from sqlalchemy import delete

from hub.accounts.controllers import safe_next_path
from hub.accounts.models import Membership
from hub.accounts.passwords import hash_password
from hub.extensions import db
from tenants.context import unscoped
from tests.accounts.conftest import A_HOST, B_HOST, audit, site_client, update_user
from tests.factories import PASSWORD, create_user, csrf_from, login

WRONG = "Sai thư điện tử hoặc mật khẩu."


def logged_in_as(client, name: str) -> bool:  # type: ignore[no-untyped-def]
    page = client.get("/dang-nhap/quen-mat-khau").get_data(as_text=True)
    return name in page and "Đăng xuất" in page


def test_a_member_logs_in_and_out_of_their_site(app, site_a):
    create_user(app, "lan@sokhcn.gov.vn", {site_a: "editor"}, display_name="Trần Thị Lan")
    client = site_client(app, A_HOST)

    response = login(client, "Lan@SoKHCN.gov.vn ")
    assert response.status_code == 302
    assert response.headers["Location"] == "/quan-tri/"
    assert logged_in_as(client, "Trần Thị Lan")

    page = client.get("/dang-nhap/quen-mat-khau")
    response = client.post("/dang-xuat", data={"csrf_token": csrf_from(page.data)})
    assert response.status_code == 302
    assert response.headers["Location"] == "/dang-nhap"
    assert not logged_in_as(client, "Trần Thị Lan")
    assert [e.action for e in audit(app)] == ["login.succeeded", "logout"]
    assert all(e.tenant_id == site_a.id for e in audit(app))


def test_logout_only_answers_post(app, site_a):
    assert site_client(app, A_HOST).get("/dang-xuat").status_code == 405


def test_the_login_form_without_its_csrf_token_is_refused(app, site_a):
    create_user(app, "lan@sokhcn.gov.vn", {site_a: "editor"})
    client = site_client(app, A_HOST)
    response = client.post("/dang-nhap", data={"email": "lan@sokhcn.gov.vn",
                                               "password": PASSWORD})
    assert response.status_code == 400
    assert not logged_in_as(client, "lan")


def test_the_login_page_is_accessible(app, site_a):
    html = site_client(app, A_HOST).get("/dang-nhap").get_data(as_text=True)
    assert '<label for="email">' in html and '<label for="password">' in html
    assert 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html


@pytest.mark.parametrize("email, password", [
    ("lan@sokhcn.gov.vn", "not the password"),   # wrong password
    ("nobody@sokhcn.gov.vn", PASSWORD),           # no such account
    ("outsider@xa.gov.vn", PASSWORD),             # an account of another site only
    ("gone@sokhcn.gov.vn", PASSWORD),             # a disabled account
])
def test_every_refusal_looks_the_same(app, two_sites, email, password):
    site_a, site_b = two_sites
    create_user(app, "lan@sokhcn.gov.vn", {site_a: "editor"})
    create_user(app, "outsider@xa.gov.vn", {site_b: "site_admin"})
    create_user(app, "gone@sokhcn.gov.vn", {site_a: "editor"})
    update_user(app, "gone@sokhcn.gov.vn", is_enabled=False)

    response = login(site_client(app, A_HOST), email, password)

    assert response.status_code == 401
    html = response.get_data(as_text=True)
    assert WRONG in html and 'role="alert"' in html
    failed = audit(app, "login.failed")
    assert len(failed) == 1  # kept although the answer is an error
    assert failed[0].actor_label == email and failed[0].tenant_id == site_a.id


def test_a_hub_role_may_log_in_on_any_site(app, site_a):
    create_user(app, "office@langson.gov.vn", hub_role="hub_auditor")
    assert login(site_client(app, A_HOST), "office@langson.gov.vn").status_code == 302


@pytest.mark.parametrize("target, expected", [
    ("/quan-tri/thanh-vien", "/quan-tri/thanh-vien"),
    ("/tin-tuc?trang=2", "/tin-tuc?trang=2"),
    ("https://evil.example/", "/quan-tri/"),
    ("//evil.example/path", "/quan-tri/"),
    ("/\\evil.example", "/quan-tri/"),
    ("http:/evil.example", "/quan-tri/"),
    ("javascript:alert(1)", "/quan-tri/"),
    ("relative/path", "/quan-tri/"),
])
def test_after_login_only_a_path_on_this_host_is_followed(app, site_a, target, expected):
    # Anything else: the staff member's dashboard on this host.
    create_user(app, "lan@sokhcn.gov.vn", {site_a: "editor"})
    client = site_client(app, A_HOST)
    page = client.get("/dang-nhap", query_string={"next": target})
    response = client.post("/dang-nhap", data={
        "email": "lan@sokhcn.gov.vn", "password": PASSWORD, "next": target,
        "csrf_token": csrf_from(page.data)})
    assert response.headers["Location"] == expected


def test_safe_next_path_keeps_path_and_query_only():
    assert safe_next_path("/a/b?c=1#frag") == "/a/b?c=1"
    assert safe_next_path("/a\r\nSet-Cookie: x") is None
    assert safe_next_path(None) is None


def test_logging_in_starts_a_fresh_session(app, site_a):
    create_user(app, "lan@sokhcn.gov.vn", {site_a: "editor"})
    client = site_client(app, A_HOST)
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    login(client, "lan@sokhcn.gov.vn")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["tenant_id"] == site_a.id


def test_a_login_on_one_host_does_not_log_in_on_another(app, two_sites):
    site_a, site_b = two_sites
    create_user(app, "both@langson.gov.vn", {site_a: "site_admin", site_b: "site_admin"},
                display_name="Hoàng Văn Hai")
    client = app.test_client()  # one browser, one cookie jar, two hosts
    a, b = f"http://{A_HOST}/", f"http://{B_HOST}/"

    page = client.get("/dang-nhap", base_url=a)
    response = client.post("/dang-nhap", base_url=a, data={
        "email": "both@langson.gov.vn", "password": PASSWORD,
        "csrf_token": csrf_from(page.data)})
    assert response.status_code == 302
    set_cookie = response.headers["Set-Cookie"]
    assert "session=" in set_cookie and "domain=" not in set_cookie.lower()  # host-only

    assert client.get("/quan-tri/thanh-vien", base_url=a).status_code == 200
    on_b = client.get("/quan-tri/thanh-vien", base_url=b)
    assert on_b.status_code == 302 and on_b.headers["Location"].startswith("/dang-nhap")

    # Even a session cookie copied by hand to the other host is refused there: the
    # session is bound to the tenant it was opened on.
    cookie = client.get_cookie("session", domain=A_HOST)
    assert cookie is not None and cookie.origin_only
    assert client.get_cookie("session", domain=B_HOST).value != cookie.value
    client.set_cookie("session", cookie.value, domain=B_HOST)
    on_b = client.get("/quan-tri/thanh-vien", base_url=b)
    assert on_b.status_code == 302 and on_b.headers["Location"].startswith("/dang-nhap")
    assert client.get("/quan-tri/thanh-vien", base_url=a).status_code == 200


@pytest.mark.parametrize("change", ["password", "disabled", "membership"])
def test_an_open_session_ends_when_access_is_taken_away(app, site_a, change):
    create_user(app, "lan@sokhcn.gov.vn", {site_a: "editor"}, display_name="Lan")
    client = site_client(app, A_HOST)
    login(client, "lan@sokhcn.gov.vn")
    assert logged_in_as(client, "Lan")

    if change == "password":
        with app.app_context():
            new_hash = hash_password("another-secret-1")
        update_user(app, "lan@sokhcn.gov.vn", password_hash=new_hash)
    elif change == "disabled":
        update_user(app, "lan@sokhcn.gov.vn", is_enabled=False)
    else:
        with app.app_context(), unscoped():
            db.session.execute(delete(Membership))
            db.session.commit()
    assert not logged_in_as(client, "Lan")


def test_a_public_page_knows_staff_by_their_cookie_and_readers_without_one(app, site_a):
    # A request without the session cookie is a reader (no user is looked up); with it,
    # the same public page shows who is logged in.
    create_user(app, "a@sokhcn.gov.vn", roles={site_a: "editor"}, display_name="Biên tập A")
    reader = site_client(app, A_HOST)
    page = reader.get("/gioi-thieu?lan=1")
    assert page.status_code == 200
    assert "Đăng nhập" in page.get_data(as_text=True) and "Biên tập A" not in page.get_data(
        as_text=True)
    assert "Set-Cookie" not in page.headers
    staff = site_client(app, A_HOST)
    login(staff, "a@sokhcn.gov.vn")
    html = staff.get("/gioi-thieu?lan=2").get_data(as_text=True)
    assert "Biên tập A" in html and "Đăng xuất" in html
