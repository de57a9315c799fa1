"""Password reset by a one-time link mailed to the account, on the site's own host."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from hub.accounts.models import PasswordResetToken
from hub.extensions import db
from tenants.context import unscoped
from tests.accounts.conftest import (
    A_HOST,
    B_HOST,
    audit,
    fetch_user,
    outbox,
    site_client,
)
from tests.factories import PASSWORD, create_user, csrf_from, login

EMAIL = "lan@sokhcn.gov.vn"
NEW_PASSWORD = "hoa-đào-nở-sớm-2027"
LINK = re.compile(r"http://sokhcn\.langson\.localhost/dang-nhap/dat-lai/(\S+)")


def ask_for_link(client, email: str):  # type: ignore[no-untyped-def]
    page = client.get("/dang-nhap/quen-mat-khau")
    return client.post("/dang-nhap/quen-mat-khau",
                       data={"email": email, "csrf_token": csrf_from(page.data)})


def choose_password(client, path: str, password: str, confirm: str | None = None):  # type: ignore[no-untyped-def]
    page = client.get(path)
    token = csrf_from(page.data) if page.status_code == 200 else csrf_from(
        client.get("/dang-nhap").data)
    return client.post(path, data={"password": password, "confirm": confirm or password,
                                   "csrf_token": token})


@pytest.fixture
def lan(app, site_a):  # type: ignore[no-untyped-def]
    return create_user(app, EMAIL, {site_a: "editor"}, display_name="Trần Thị Lan")


def mailed_link(app) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    messages = outbox(app)
    assert len(messages) == 1
    match = LINK.search(messages[-1].get_content())
    assert match
    return match.group(0).removeprefix(f"http://{A_HOST}"), match.group(1)


def test_a_reset_link_is_mailed_and_changes_the_password_once(app, lan, site_a):
    client = site_client(app, A_HOST)
    answer = ask_for_link(client, "LAN@sokhcn.gov.vn")
    assert answer.status_code == 200
    assert "Nếu địa chỉ thư điện tử này thuộc một tài khoản" in answer.get_data(as_text=True)

    message = outbox(app)[0]
    assert message["To"] == EMAIL
    assert "Sở Khoa học và Công nghệ" in message["Subject"]  # UTF-8 header, decoded
    assert "Trần Thị Lan" in message.get_content()
    path, token = mailed_link(app)

    with app.app_context(), unscoped():
        stored = db.session.scalars(select(PasswordResetToken)).one()
        # Only the hash is stored: the database alone cannot open the link.
        assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert stored.user_id == lan.id and stored.used_at is None

    form = client.get(path)
    assert form.status_code == 200
    assert form.headers["Referrer-Policy"] == "no-referrer"
    assert 'autocomplete="new-password"' in form.get_data(as_text=True)
    response = choose_password(client, path, NEW_PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == "/dang-nhap"

    assert login(site_client(app, A_HOST), EMAIL, PASSWORD).status_code == 401
    assert login(site_client(app, A_HOST), EMAIL, NEW_PASSWORD).status_code == 302
    assert [e.tenant_id for e in audit(app, "password.reset_requested")] == [site_a.id]
    assert len(audit(app, "password.reset")) == 1

    again = client.get(path)
    assert again.status_code == 400
    assert "đã được sử dụng" in again.get_data(as_text=True)
    assert choose_password(client, path, "yet-another-one-2028").status_code == 400
    assert login(site_client(app, A_HOST), EMAIL, NEW_PASSWORD).status_code == 302


def test_the_answer_is_the_same_whether_or_not_the_account_exists(app, lan, site_b):
    create_user(app, "outsider@xa.gov.vn", {site_b: "editor"})
    known = ask_for_link(site_client(app, A_HOST), EMAIL)
    unknown = ask_for_link(site_client(app, A_HOST), "nobody@sokhcn.gov.vn")
    other_site = ask_for_link(site_client(app, A_HOST), "outsider@xa.gov.vn")
    assert known.status_code == unknown.status_code == other_site.status_code == 200
    assert known.data == unknown.data == other_site.data
    assert len(outbox(app)) == 1  # only the account that may use this site got mail
    assert [e.detail["sent"] for e in audit(app, "password.reset_requested")] == \
        [True, False, False]


def test_an_expired_link_changes_nothing(app, lan):
    client = site_client(app, A_HOST)
    ask_for_link(client, EMAIL)
    path, _token = mailed_link(app)
    with app.app_context(), unscoped():
        db.session.execute(update(PasswordResetToken).values(
            expires_at=datetime.now(UTC) - timedelta(minutes=1)))
        db.session.commit()
    before = fetch_user(app, EMAIL).password_hash

    page = client.get(path)
    assert page.status_code == 400
    assert "Liên kết đặt lại mật khẩu này đã hết hạn" in page.get_data(as_text=True)
    assert choose_password(client, path, NEW_PASSWORD).status_code == 400
    assert fetch_user(app, EMAIL).password_hash == before
    assert not audit(app, "password.reset")


def test_an_unknown_link_is_refused(app, lan):
    page = site_client(app, A_HOST).get("/dang-nhap/dat-lai/not-a-real-token")
    assert page.status_code == 400
    assert "Liên kết đặt lại mật khẩu không hợp lệ" in page.get_data(as_text=True)


def test_the_link_works_only_on_a_site_the_account_may_use(app, lan, site_b):
    ask_for_link(site_client(app, A_HOST), EMAIL)
    path, _token = mailed_link(app)
    assert site_client(app, B_HOST).get(path).status_code == 400


@pytest.mark.parametrize("password, confirm, message", [
    ("short-1", None, "ít nhất 10 ký tự"),
    (EMAIL.upper(), None, "không được trùng với địa chỉ thư điện tử"),
    (NEW_PASSWORD, NEW_PASSWORD + "x", "Hai mật khẩu không khớp nhau"),
])
def test_a_weak_new_password_is_refused(app, lan, password, confirm, message):
    client = site_client(app, A_HOST)
    ask_for_link(client, EMAIL)
    path, _token = mailed_link(app)
    response = choose_password(client, path, password, confirm)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html and 'role="alert"' in html
    assert login(site_client(app, A_HOST), EMAIL, PASSWORD).status_code == 302


def test_a_reset_clears_a_lockout_and_ends_other_sessions(app, lan):
    app.config["LOGIN_MAX_FAILURES"] = 2
    elsewhere = site_client(app, A_HOST)
    assert login(elsewhere, EMAIL, PASSWORD).status_code == 302
    attacker = site_client(app, A_HOST)
    login(attacker, EMAIL, "guess-1")
    assert login(attacker, EMAIL, "guess-2").status_code == 429

    client = site_client(app, A_HOST)
    ask_for_link(client, EMAIL)
    path, _token = mailed_link(app)
    assert choose_password(client, path, NEW_PASSWORD).status_code == 302
    assert fetch_user(app, EMAIL).locked_until is None
    assert login(client, EMAIL, NEW_PASSWORD).status_code == 302
    # The session opened with the old password is over.
    assert elsewhere.get("/dang-nhap").status_code == 200


def test_the_reset_form_needs_its_csrf_token(app, lan):
    client = site_client(app, A_HOST)
    ask_for_link(client, EMAIL)
    path, _token = mailed_link(app)
    response = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 400
    assert login(site_client(app, A_HOST), EMAIL, PASSWORD).status_code == 302
