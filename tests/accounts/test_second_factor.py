"""Staff have a second factor: an authenticator app (TOTP), confirmed with a current
code before it is switched on, with ten recovery codes shown once. The login then asks
for a code after the password; a code is good once, a recovery code once; wrong codes
run into the same lock as wrong passwords. Where the office requires it (hub roles and
site administrators), the staff area shows an account without one nothing but its
enrolment. The office resets a lost factor from the shell.

Codes are computed here with pyotp from the secret the enrolment page shows, as the
staff member's phone would.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from sqlalchemy import select

from hub.accounts import second_factor, totp
from hub.accounts.models import RecoveryCode, SecondFactor, User
from hub.extensions import db
from tenants.context import unscoped
from tests.accounts.conftest import A_HOST, audit, fetch_user, site_client
from tests.accounts.test_session_revocation import copy_of_session, opens_admin
from tests.factories import PASSWORD, create_user, csrf_from, login

LAN = "lan@sokhcn.gov.vn"         # an editor: the factor is her choice
ADMIN = "admin@sokhcn.gov.vn"     # the site's administrator: required when the office says
OFFICE = "vp@langson.gov.vn"      # the province office (hub role)
SETUP = "/quan-tri/tai-khoan/xac-thuc-hai-buoc"
SECOND_STEP = "/dang-nhap/ma-xac-thuc"
LOCKED = "Tài khoản bị tạm khoá đến"
NEW_PASSWORD = "hoa-đào-nở-sớm-2027"


@pytest.fixture
def lan(app, site_a):  # type: ignore[no-untyped-def]
    return create_user(app, LAN, {site_a: "editor"}, display_name="Trần Thị Lan")


@pytest.fixture
def admin(app, site_a):  # type: ignore[no-untyped-def]
    return create_user(app, ADMIN, {site_a: "site_admin"}, display_name="Hoàng Văn Quản")


@pytest.fixture
def required(app):  # type: ignore[no-untyped-def]
    app.config["SECOND_FACTOR_REQUIRED"] = True


def code(secret: str, steps_ahead: int = 0) -> str:
    """The app's code now, or ``steps_ahead`` 30-second steps from now."""
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)


def wrong(code_: str) -> str:
    return f"{(int(code_) + 500_000) % 1_000_000:06d}"


def logged_in(app, email: str):  # type: ignore[no-untyped-def]
    client = site_client(app, A_HOST)
    assert login(client, email).status_code == 302
    return client


def enrol(client) -> tuple[str, list[str]]:  # type: ignore[no-untyped-def]
    """Set up the app on the logged-in ``client``'s account: its secret, its codes."""
    page = client.get(SETUP)
    assert page.status_code == 200
    secret = secret_on(page.text)
    done = client.post(SETUP, data={"code": code(secret), "csrf_token": csrf_from(page.text)})
    assert done.status_code == 200, done.text
    return secret, recovery_codes_on(done.text)


def secret_on(html: str) -> str:
    match = re.search(r'<code class="secret-key">([A-Z2-7 ]+)</code>', html)
    assert match, "the enrolment page shows no key"
    return match.group(1).replace(" ", "")


def recovery_codes_on(html: str) -> list[str]:
    return re.findall(r"<li><code>([2-9A-Z]{5}-[2-9A-Z]{5})</code></li>", html)


def enrolled(app, email: str) -> tuple[str, list[str]]:
    """An account with the factor on, set up through its own pages, logged out again."""
    return enrol(logged_in(app, email))


def second_step(client, typed: str):  # type: ignore[no-untyped-def]
    page = client.get(SECOND_STEP)
    assert page.status_code == 200
    return client.post(SECOND_STEP, data={"code": typed, "csrf_token": csrf_from(page.text)})


def password_step(app, email: str = LAN, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    client = site_client(app, A_HOST)
    response = login(client, email, password)
    assert response.status_code == 302
    assert response.headers["Location"] == SECOND_STEP
    return client


def factor_row(app, email: str) -> SecondFactor | None:
    with app.app_context(), unscoped():
        db.session.remove()
        row = db.session.scalar(select(SecondFactor).join(User).where(User.email == email))
        if row is not None:
            db.session.expunge(row)
        return row


# --- enrolment --------------------------------------------------------------------

def test_enrolment_with_a_current_code_switches_it_on_and_shows_ten_codes_once(app, lan):
    client = logged_in(app, LAN)
    page = client.get(SETUP)
    assert page.status_code == 200
    assert "no-store" in page.headers["Cache-Control"]
    # The QR code is inline SVG, named for screen readers: no image to fetch, no script.
    assert re.search(r'<svg role="img" aria-label="[^"]+" viewBox=', page.text)
    assert "<img" not in page.text.split('<main id="main"')[1]
    secret = secret_on(page.text)
    assert secret_on(client.get(SETUP).text) == secret  # the same key however often opened

    done = client.post(SETUP, data={"code": code(secret), "csrf_token": csrf_from(page.text)})
    assert done.status_code == 200
    assert "no-store" in done.headers["Cache-Control"]
    codes = recovery_codes_on(done.text)
    assert len(codes) == len(set(codes)) == 10

    assert fetch_user(app, LAN).id == factor_row(app, LAN).user_id  # type: ignore[union-attr]
    assert factor_row(app, LAN).confirmed_at is not None  # type: ignore[union-attr]
    enabled = audit(app, "second_factor.enabled")
    assert len(enabled) == 1 and enabled[0].object_id == str(lan.id)
    # Shown once: the account page tells how many are left, never the codes.
    account = client.get("/quan-tri/tai-khoan")
    assert account.status_code == 200 and "10" in account.text
    assert not any(c in account.text for c in codes)
    assert client.get(SETUP).headers["Location"] == "/quan-tri/tai-khoan"


def test_a_wrong_code_does_not_switch_it_on(app, lan):
    client = logged_in(app, LAN)
    page = client.get(SETUP)
    secret = secret_on(page.text)
    for typed in (wrong(code(secret)), "12345", "abcdef", "1" * 40):
        response = client.post(SETUP, data={"code": typed, "csrf_token": csrf_from(page.text)})
        assert response.status_code == 400, typed
        assert 'role="alert"' in response.text
        # Still the key the phone may have scanned already.
        assert secret_on(response.text) == secret
    assert factor_row(app, LAN).confirmed_at is None  # type: ignore[union-attr]
    assert not audit(app, "second_factor.enabled")
    # Logging in still asks only for the password.
    assert login(site_client(app, A_HOST), LAN).headers["Location"] == "/quan-tri/"


def test_the_secret_and_the_recovery_codes_are_not_stored_in_plain_text(app, lan):
    secret, codes = enrolled(app, LAN)
    stored = factor_row(app, LAN).secret_encrypted  # type: ignore[union-attr]
    assert secret not in stored and secret.lower() not in stored
    with app.app_context():
        assert totp.decrypt_secret(stored) == secret
    # Another secret key (another installation, or a database dump alone) reads nothing.
    app.config["SECRET_KEY"] = "another-key"
    with app.app_context():
        assert totp.decrypt_secret(stored) is None
    with app.app_context(), unscoped():
        hashes = db.session.scalars(select(RecoveryCode.code_hash)).all()
    assert len(hashes) == 10
    plain = {c.replace("-", "") for c in codes} | set(codes)
    assert not plain & set(hashes)
    assert all(len(h) == 64 for h in hashes)


# --- the login's second step ------------------------------------------------------

def test_the_login_asks_for_a_code_after_the_password(app, lan):
    secret, _codes = enrolled(app, LAN)
    client = password_step(app)
    assert not opens_admin(client)  # the password alone opened nothing

    response = second_step(client, code(secret, 1))
    assert response.status_code == 302 and response.headers["Location"] == "/quan-tri/"
    assert opens_admin(client)
    accepted = audit(app, "login.password_accepted")
    succeeded = audit(app, "login.succeeded")
    assert len(accepted) == 1  # the enrolment's own login had none: the factor was off
    assert succeeded[-1].detail == {"second_factor": "totp"}
    assert succeeded[-1].id > accepted[-1].id


def test_the_second_step_keeps_where_the_login_was_going(app, lan):
    secret, _codes = enrolled(app, LAN)
    client = site_client(app, A_HOST)
    page = client.get("/dang-nhap?next=/quan-tri/noi-dung")
    response = client.post("/dang-nhap", data={
        "email": LAN, "password": PASSWORD, "next": "/quan-tri/noi-dung",
        "csrf_token": csrf_from(page.text)})
    assert response.headers["Location"] == SECOND_STEP
    assert second_step(client, code(secret, 1)).headers["Location"] == "/quan-tri/noi-dung"


def test_a_code_is_good_once(app, lan):
    secret, _codes = enrolled(app, LAN)
    used = code(secret, 1)
    assert second_step(password_step(app), used).status_code == 302

    again = password_step(app)
    response = second_step(again, used)
    assert response.status_code == 401
    assert 'role="alert"' in response.text
    assert not opens_admin(again)
    # A code of an earlier step, still within the clock's drift, is refused too.
    assert second_step(again, code(secret)).status_code == 401
    reasons = [e.detail["reason"] for e in audit(app, "login.failed")]
    assert reasons == ["replayed_code", "replayed_code"]


def test_a_phone_clock_one_step_off_is_accepted_two_steps_off_is_not(app, lan, monkeypatch):
    secret, _codes = enrolled(app, LAN)
    later = datetime.now(UTC) + timedelta(minutes=5)  # the server's clock, 10 steps on
    monkeypatch.setattr(second_factor, "utcnow", lambda: later)

    def phone(steps: int) -> str:
        """The code of a phone ``steps`` 30-second steps from the server's clock (not
        from the real one, which may pass a step's end while the test runs)."""
        return pyotp.TOTP(secret).at(later.timestamp() + 30 * steps)

    client = password_step(app)
    for steps in (-2, 2):  # two steps behind, two ahead
        assert second_step(client, phone(steps)).status_code == 401
    assert second_step(client, phone(-1)).status_code == 302  # one behind
    # The step after it, one ahead of the server, is still to come: accepted.
    assert second_step(password_step(app), phone(1)).status_code == 302
    # Now every step up to that one is spent.
    assert second_step(password_step(app), phone(0)).status_code == 401


def test_a_recovery_code_works_once(app, lan):
    _secret, codes = enrolled(app, LAN)
    client = password_step(app)
    # Typed in small letters without its dash: still the code.
    response = second_step(client, codes[3].replace("-", "").lower())
    assert response.status_code == 302
    assert opens_admin(client)
    succeeded = audit(app, "login.succeeded")[-1]
    assert succeeded.detail == {"second_factor": "recovery_code", "recovery_codes_left": 9}

    other = password_step(app)
    assert second_step(other, codes[3]).status_code == 401
    assert not opens_admin(other)
    assert second_step(other, codes[4]).status_code == 302


def test_wrong_codes_lock_the_account_like_wrong_passwords(app, lan):
    app.config.update(LOGIN_MAX_FAILURES=3, LOGIN_LOCKOUT_MINUTES=15)
    secret, _codes = enrolled(app, LAN)
    # A wrong password, then the right one: the failure is not forgiven before the code.
    assert login(site_client(app, A_HOST), LAN, "sai-mat-khau").status_code == 401
    client = password_step(app)
    assert second_step(client, wrong(code(secret, 1))).status_code == 401
    third = second_step(client, "AAAAA-AAAAA")
    assert third.status_code == 429
    assert LOCKED in third.text
    assert fetch_user(app, LAN).locked_until is not None

    # Locked: the right password is refused, so is the second step of a login before.
    assert login(site_client(app, A_HOST), LAN).status_code == 429
    assert client.get(SECOND_STEP).headers["Location"] == "/dang-nhap"
    failed = audit(app, "login.failed")
    assert [e.detail["reason"] for e in failed] == [
        "wrong_password", "wrong_code", "wrong_code", "locked"]
    assert [e.detail.get("step") for e in failed[1:3]] == ["second_factor"] * 2
    assert len(audit(app, "login.locked")) == 1
    assert not opens_admin(client)


def test_the_second_step_waits_a_few_minutes(app, lan):
    secret, _codes = enrolled(app, LAN)
    client = password_step(app)
    with client.session_transaction() as session:
        marker = dict(session["second_step"])
        marker["until"] -= 301
        session["second_step"] = marker
    response = second_step_after_expiry(client, code(secret, 1))
    assert response.status_code == 302 and response.headers["Location"] == "/dang-nhap"
    assert not opens_admin(client)


def second_step_after_expiry(client, typed: str):  # type: ignore[no-untyped-def]
    token = csrf_from(client.get("/dang-nhap").text)
    return client.post(SECOND_STEP, data={"code": typed, "csrf_token": token})


def test_the_second_step_needs_the_password_first(app, lan):
    enrolled(app, LAN)
    client = site_client(app, A_HOST)
    assert client.get(SECOND_STEP).headers["Location"] == "/dang-nhap"


# --- required for the office and site administrators ------------------------------

@pytest.mark.usefixtures("required")
def test_an_administrator_without_one_sees_only_its_enrolment(app, site_a, admin, lan):
    create_user(app, OFFICE, hub_role="hub_auditor")
    for email in (ADMIN, OFFICE):
        client = site_client(app, A_HOST)
        assert login(client, email).headers["Location"] == SETUP
        for path in ("/quan-tri/", "/quan-tri/noi-dung", "/quan-tri/tai-khoan",
                     "/quan-tri/thanh-vien", "/quan-tri/khong-co"):
            response = client.get(path)
            assert response.status_code == 302, (email, path)
            assert response.headers["Location"] == SETUP
        token = csrf_from(client.get(SETUP).text)
        refused = client.post("/quan-tri/thanh-vien/them", data={
            "email": LAN, "role": "approver", "csrf_token": token})
        assert refused.headers["Location"] == SETUP
    # An editor may choose: nothing is asked of her.
    assert opens_admin(logged_in(app, LAN))

    # Once enrolled, the administrator works as before.
    client = logged_in(app, ADMIN)
    enrol(client)
    assert opens_admin(client)
    assert client.get("/quan-tri/thanh-vien").status_code == 200


def test_with_the_setting_off_administrators_work_without_one(app, admin):
    assert app.config["SECOND_FACTOR_REQUIRED"] is False
    client = logged_in(app, ADMIN)
    assert opens_admin(client)
    assert client.get("/quan-tri/tai-khoan").status_code == 200


def test_production_requires_it_by_default():
    from config import load_config
    assert load_config({"PORTAL_SECRET_KEY": "k"})["SECOND_FACTOR_REQUIRED"] is True
    assert load_config({"PORTAL_SECRET_KEY": "k", "PORTAL_SECOND_FACTOR_REQUIRED": "off"})[
        "SECOND_FACTOR_REQUIRED"] is False


@pytest.mark.usefixtures("required")
def test_turning_it_off_sends_an_administrator_back_to_enrolment(app, admin):
    client = logged_in(app, ADMIN)
    secret, _codes = enrol(client)
    token = csrf_from(client.get("/quan-tri/tai-khoan").text)
    response = client.post("/quan-tri/tai-khoan/xac-thuc-hai-buoc/tat", data={
        "off-password": PASSWORD, "off-code": code(secret, 1), "off-csrf_token": token})
    assert response.headers["Location"] == SETUP
    assert client.get("/quan-tri/").headers["Location"] == SETUP


# --- the account page: password, new codes, off -----------------------------------

def account_form(client) -> str:  # type: ignore[no-untyped-def]
    return csrf_from(client.get("/quan-tri/tai-khoan").text)


def test_the_account_page_shows_who_i_am_and_is_in_the_menu(app, lan):
    client = logged_in(app, LAN)
    assert 'href="/quan-tri/tai-khoan"' in client.get("/quan-tri/").text
    page = client.get("/quan-tri/tai-khoan").text
    assert LAN in page and "Trần Thị Lan" in page
    assert "<dd>Cập nhật</dd>" in page  # her role, in the host's language


def test_a_new_password_keeps_this_session_and_ends_the_others(app, lan):
    client = logged_in(app, LAN)
    other = logged_in(app, LAN)
    copy = copy_of_session(app, client)
    token = account_form(client)

    mismatch = client.post("/quan-tri/tai-khoan/mat-khau", data={
        "current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "x",
        "csrf_token": token})
    assert mismatch.status_code == 400
    too_short = client.post("/quan-tri/tai-khoan/mat-khau", data={
        "current_password": PASSWORD, "password": "ngan", "confirm": "ngan",
        "csrf_token": token})
    assert too_short.status_code == 400 and "ít nhất 10 ký tự" in too_short.text
    wrong_current = client.post("/quan-tri/tai-khoan/mat-khau", data={
        "current_password": "sai-mat-khau", "password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD, "csrf_token": token})
    assert wrong_current.status_code == 401
    assert audit(app, "account.confirmation_failed")[0].detail["reason"] == "wrong_password"

    changed = client.post("/quan-tri/tai-khoan/mat-khau", data={
        "current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD,
        "csrf_token": token})
    assert changed.status_code == 302
    assert opens_admin(client)
    assert not opens_admin(other)
    assert not opens_admin(copy)
    assert len(audit(app, "password.changed")) == 1
    assert login(site_client(app, A_HOST), LAN).status_code == 401
    assert login(site_client(app, A_HOST), LAN, NEW_PASSWORD).status_code == 302


def test_turning_it_on_ends_the_sessions_opened_with_the_password_alone(app, lan):
    client = logged_in(app, LAN)
    before = logged_in(app, LAN)
    enrol(client)
    assert opens_admin(client)
    assert not opens_admin(before)


def test_new_recovery_codes_need_the_password_and_a_code(app, lan):
    client = logged_in(app, LAN)
    secret, old = enrol(client)
    token = account_form(client)
    url = "/quan-tri/tai-khoan/ma-du-phong"
    assert client.post(url, data={"codes-password": "sai-mat-khau",
                                  "codes-code": code(secret, 1),
                                  "codes-csrf_token": token}).status_code == 401
    assert client.post(url, data={"codes-password": PASSWORD,
                                  "codes-code": wrong(code(secret, 1)),
                                  "codes-csrf_token": token}).status_code == 401
    assert client.post(url, data={"codes-password": PASSWORD, "codes-code": "",
                                  "codes-csrf_token": token}).status_code == 400
    response = client.post(url, data={"codes-password": PASSWORD,
                                       "codes-code": code(secret, 1),
                                       "codes-csrf_token": token})
    assert response.status_code == 200
    new = recovery_codes_on(response.text)
    assert len(new) == 10 and not set(new) & set(old)
    assert len(audit(app, "second_factor.recovery_codes_regenerated")) == 1
    reasons = [e.detail["reason"] for e in audit(app, "account.confirmation_failed")]
    assert reasons == ["wrong_password", "wrong_code"]

    # The old codes stopped working; the new ones work.
    assert second_step(password_step(app), old[0]).status_code == 401
    assert second_step(password_step(app), new[0]).status_code == 302


def test_turning_it_off_needs_the_password_and_a_code(app, lan):
    client = logged_in(app, LAN)
    secret, codes = enrol(client)
    token = account_form(client)
    url = "/quan-tri/tai-khoan/xac-thuc-hai-buoc/tat"
    assert client.post(url, data={"off-password": "sai-mat-khau", "off-code": code(secret, 1),
                                  "off-csrf_token": token}).status_code == 401
    assert factor_row(app, LAN) is not None
    # A recovery code stands in for the app (a lost phone, to move to a new one).
    response = client.post(url, data={"off-password": PASSWORD, "off-code": codes[0],
                                      "off-csrf_token": token})
    assert response.status_code == 302
    assert factor_row(app, LAN) is None
    assert len(audit(app, "second_factor.disabled")) == 1
    assert login(site_client(app, A_HOST), LAN).headers["Location"] == "/quan-tri/"


# --- the office's reset -----------------------------------------------------------

def reset(app, email: str):  # type: ignore[no-untyped-def]
    return app.test_cli_runner().invoke(args=["users", "reset-second-factor", email])


def test_the_office_resets_a_lost_factor_from_the_shell(app, lan):
    client = logged_in(app, LAN)
    enrol(client)
    assert opens_admin(client)

    result = reset(app, LAN)
    assert result.exit_code == 0, result.output
    assert factor_row(app, LAN) is None
    with app.app_context(), unscoped():
        assert db.session.scalar(select(RecoveryCode.id)) is None
    entries = audit(app, "second_factor.reset")
    assert len(entries) == 1
    assert entries[0].actor_label.startswith("cli") and entries[0].tenant_id is None
    assert entries[0].detail == {"email": LAN, "was_on": True}
    # Every session of the account ended; the password alone logs in again.
    assert not opens_admin(client)
    assert login(site_client(app, A_HOST), LAN).headers["Location"] == "/quan-tri/"


def test_a_reset_ends_a_login_half_way_too(app, lan):
    secret, _codes = enrolled(app, LAN)
    client = password_step(app)
    assert reset(app, LAN).exit_code == 0
    assert client.get(SECOND_STEP).headers["Location"] == "/dang-nhap"
    assert not opens_admin(client)
    assert secret  # nothing of it is left to use


def test_a_reset_of_an_unknown_account_or_one_without_a_factor_writes_nothing(app, lan):
    for email, message in (("nobody@sokhcn.gov.vn", "Không có tài khoản nào"), (LAN, LAN)):
        result = reset(app, email)
        assert result.exit_code != 0
        assert message in result.output
    assert audit(app) == []


# --- forms ------------------------------------------------------------------------

def test_every_form_carries_a_csrf_token_and_is_refused_without_it(app, site_a, lan):
    secret, _codes = enrolled(app, LAN)
    client = password_step(app)
    assert 'name="csrf_token"' in client.get(SECOND_STEP).text
    assert client.post(SECOND_STEP, data={"code": code(secret, 1)}).status_code == 400
    assert second_step(client, code(secret, 1)).status_code == 302

    page = client.get("/quan-tri/tai-khoan").text
    for name in ("csrf_token", "codes-csrf_token", "off-csrf_token"):
        assert f'name="{name}"' in page, name
    for url, data in (
            ("/quan-tri/tai-khoan/mat-khau", {"current_password": PASSWORD,
                                              "password": NEW_PASSWORD,
                                              "confirm": NEW_PASSWORD}),
            ("/quan-tri/tai-khoan/ma-du-phong", {"codes-password": PASSWORD,
                                                 "codes-code": code(secret, 2)}),
            ("/quan-tri/tai-khoan/xac-thuc-hai-buoc/tat", {"off-password": PASSWORD,
                                                           "off-code": code(secret, 2)})):
        assert client.post(url, data=data).status_code == 400, url
    assert factor_row(app, LAN) is not None

    create_user(app, "hoa@sokhcn.gov.vn", {site_a: "editor"})
    other = logged_in(app, "hoa@sokhcn.gov.vn")
    assert 'name="csrf_token"' in other.get(SETUP).text
    assert other.post(SETUP, data={"code": "123456"}).status_code == 400
    assert factor_row(app, "hoa@sokhcn.gov.vn").confirmed_at is None  # type: ignore[union-attr]
