"""A staff session ends everywhere at once: on logout, a new password, a disabled
account or a revoked membership; and by itself after a while idle or a day's work.

Sessions are signed cookies, so a copy taken before any of these (a shared computer,
a stolen cookie) is what the tests present afterwards: it must open nothing.
"""

from __future__ import annotations

import re

import pytest

from hub.accounts import operations
from hub.accounts.models import Membership, User
from hub.extensions import db
from tenants.context import unscoped
from tests.accounts.conftest import A_HOST, B_HOST, outbox, site_client
from tests.factories import create_user, csrf_from, login

LAN = "lan@sokhcn.gov.vn"
ADMIN = "admin@sokhcn.gov.vn"
NEW_PASSWORD = "hoa-đào-nở-sớm-2027"


def copy_of_session(app, client, host: str = A_HOST):  # type: ignore[no-untyped-def]
    """Another browser holding the same session cookie as ``client`` on ``host``."""
    cookie = client.get_cookie("session", domain=host)
    assert cookie is not None
    other = site_client(app, host)
    other.set_cookie("session", cookie.value, domain=host)
    return other


def opens_admin(client) -> bool:  # type: ignore[no-untyped-def]
    response = client.get("/quan-tri/")
    if response.status_code == 200:
        return True
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/dang-nhap")
    return False


def logged_in(app, email: str, host: str = A_HOST):  # type: ignore[no-untyped-def]
    client = site_client(app, host)
    assert login(client, email).status_code == 302
    assert opens_admin(client)
    return client


@pytest.fixture
def lan(app, two_sites):  # type: ignore[no-untyped-def]
    site_a, site_b = two_sites
    return create_user(app, LAN, {site_a: "editor", site_b: "editor"},
                       display_name="Trần Thị Lan")


def test_a_cookie_copied_before_logout_opens_nothing_after(app, lan):
    client = logged_in(app, LAN)
    copy = copy_of_session(app, client)
    assert opens_admin(copy)

    token = csrf_from(client.get("/quan-tri/").data)
    assert client.post("/dang-xuat", data={"csrf_token": token}).status_code == 302

    assert not opens_admin(copy)
    assert not opens_admin(client)


def test_logging_out_on_one_site_ends_the_accounts_sessions_on_the_others(app, lan):
    on_a = logged_in(app, LAN, A_HOST)
    on_b = logged_in(app, LAN, B_HOST)
    token = csrf_from(on_a.get("/quan-tri/").data)
    on_a.post("/dang-xuat", data={"csrf_token": token})
    assert not opens_admin(on_b)
    assert opens_admin(logged_in(app, LAN, B_HOST))  # logging in again works


def test_a_new_password_ends_every_open_session(app, lan):
    client = logged_in(app, LAN)
    copy = copy_of_session(app, client)

    reset = site_client(app, A_HOST)
    page = reset.get("/dang-nhap/quen-mat-khau")
    reset.post("/dang-nhap/quen-mat-khau", data={"email": LAN,
                                                  "csrf_token": csrf_from(page.data)})
    link = re.search(r"http://[^/\s]+(/dang-nhap/dat-lai/\S+)", outbox(app)[-1].get_content())
    assert link
    form = reset.get(link.group(1))
    assert reset.post(link.group(1), data={
        "password": NEW_PASSWORD, "confirm": NEW_PASSWORD,
        "csrf_token": csrf_from(form.data)}).status_code == 302

    assert not opens_admin(client)
    assert not opens_admin(copy)
    assert login(site_client(app, A_HOST), LAN, NEW_PASSWORD).status_code == 302


def test_disabling_an_account_ends_its_sessions(app, lan):
    client = logged_in(app, LAN)
    with app.app_context(), unscoped():
        user = db.session.get(User, lan.id)
        version = user.session_version
        operations.disable_user(user, actor_label="cli:test")
        db.session.commit()
        assert user.session_version == version + 1
    assert not opens_admin(client)


def test_revoking_a_membership_ends_the_sessions_on_that_site(app, two_sites, lan):
    site_a, _ = two_sites
    create_user(app, ADMIN, {site_a: "site_admin"})
    admin = logged_in(app, ADMIN)
    client = logged_in(app, LAN)
    copy = copy_of_session(app, client)
    with app.app_context(), unscoped():
        target = db.session.scalar(db.select(Membership.id).where(
            Membership.user_id == lan.id, Membership.tenant_id == site_a.id))

    token = csrf_from(admin.get("/quan-tri/thanh-vien").data)
    response = admin.post(f"/quan-tri/thanh-vien/{target}/xoa", data={"csrf_token": token})
    assert response.status_code == 302

    assert not opens_admin(client)
    assert not opens_admin(copy)
    assert opens_admin(admin)  # the administrator who acted stays logged in


def test_losing_one_of_two_roles_ends_the_session_too(app, two_sites):
    # The session was opened with the approver's rights; it does not carry on with
    # fewer rights unnoticed: the member logs in again.
    site_a, _ = two_sites
    create_user(app, LAN, {site_a: ["editor", "approver"]})
    client = logged_in(app, LAN)
    with app.app_context(), unscoped():
        membership = db.session.scalar(db.select(Membership).where(
            Membership.role == "approver"))
        operations.revoke_membership(membership, actor_label="cli:test")
        db.session.commit()
    assert not opens_admin(client)
    assert opens_admin(logged_in(app, LAN))


def test_another_accounts_sessions_are_unaffected(app, two_sites, lan):
    site_a, _ = two_sites
    create_user(app, "hoa@sokhcn.gov.vn", {site_a: "editor"})
    hoa = logged_in(app, "hoa@sokhcn.gov.vn")
    client = logged_in(app, LAN)

    token = csrf_from(client.get("/quan-tri/").data)
    client.post("/dang-xuat", data={"csrf_token": token})
    with app.app_context(), unscoped():
        operations.disable_user(db.session.get(User, lan.id), actor_label="cli:test")
        db.session.commit()

    assert opens_admin(hoa)


def shift_session(client, **seconds_ago: int) -> None:  # type: ignore[no-untyped-def]
    """Move the session's stored moments back in time, as if that much had passed."""
    with client.session_transaction() as session:
        for key, seconds in seconds_ago.items():
            session[key] = session[key] - seconds


def test_a_session_idle_longer_than_the_setting_ends(app, lan):
    app.config["SESSION_IDLE_MINUTES"] = 30
    client = logged_in(app, LAN)
    shift_session(client, seen_at=29 * 60)
    assert opens_admin(client)  # 29 minutes idle: still open, and the clock restarts
    shift_session(client, seen_at=29 * 60)
    assert opens_admin(client)
    shift_session(client, seen_at=31 * 60)
    assert not opens_admin(client)


def test_a_session_ends_after_its_lifetime_however_active(app, lan):
    app.config["SESSION_MAX_HOURS"] = 12
    client = logged_in(app, LAN)
    shift_session(client, started_at=11 * 3600 + 3000)
    assert opens_admin(client)
    shift_session(client, started_at=700)  # 12 h and a little: activity does not help
    assert not opens_admin(client)


def test_a_session_without_its_moments_is_refused(app, lan):
    client = logged_in(app, LAN)
    with client.session_transaction() as session:
        del session["started_at"]
    assert not opens_admin(client)
