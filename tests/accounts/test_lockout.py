"""After repeated failed logins an account is locked for a while, and says until when."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.accounts.conftest import (
    A_HOST,
    B_HOST,
    audit,
    fetch_user,
    site_client,
    update_user,
)
from tests.factories import PASSWORD, create_user, login

EMAIL = "lan@sokhcn.gov.vn"


@pytest.fixture
def lan(app, site_a):  # type: ignore[no-untyped-def]
    app.config.update(LOGIN_MAX_FAILURES=3, LOGIN_LOCKOUT_MINUTES=15)
    return create_user(app, EMAIL, {site_a: "editor"})


def as_utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def test_three_failures_lock_the_account_until_a_time_in_vietnam(app, lan, site_a):
    client = site_client(app, A_HOST)
    assert login(client, EMAIL, "wrong-1").status_code == 401
    assert login(client, EMAIL, "wrong-2").status_code == 401
    before = datetime.now(UTC)
    third = login(client, EMAIL, "wrong-3")

    assert third.status_code == 429
    locked_until = as_utc(fetch_user(app, EMAIL).locked_until)
    assert before + timedelta(minutes=15) <= locked_until <= before + timedelta(minutes=16)
    shown = locked_until.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%H:%M %d/%m/%Y")
    html = third.get_data(as_text=True)
    assert f"Tài khoản bị tạm khoá đến {shown}." in html
    assert 'role="alert"' in html

    # The right password is refused too while the lock lasts.
    during = login(client, EMAIL, PASSWORD)
    assert during.status_code == 429 and shown in during.get_data(as_text=True)

    # Every failure and the lock itself are committed despite the error statuses.
    failed = audit(app, "login.failed")
    assert [entry.detail["reason"] for entry in failed] == ["wrong_password"] * 3 + ["locked"]
    locked = audit(app, "login.locked")
    assert len(locked) == 1 and locked[0].object_id == str(lan.id)
    assert locked[0].tenant_id == site_a.id
    assert not audit(app, "login.succeeded")


def test_the_lock_ends_by_itself(app, lan):
    client = site_client(app, A_HOST)
    for attempt in range(3):
        login(client, EMAIL, f"wrong-{attempt}")
    update_user(app, EMAIL, locked_until=datetime.now(UTC) - timedelta(seconds=1))

    assert login(client, EMAIL, PASSWORD).status_code == 302
    user = fetch_user(app, EMAIL)
    assert user.locked_until is None and user.failed_logins == 0


def test_a_success_resets_the_count_of_failures(app, lan):
    client = site_client(app, A_HOST)
    login(client, EMAIL, "wrong-1")
    login(client, EMAIL, "wrong-2")
    assert fetch_user(app, EMAIL).failed_logins == 2
    assert login(client, EMAIL, PASSWORD).status_code == 302
    assert fetch_user(app, EMAIL).failed_logins == 0

    other = site_client(app, A_HOST)
    login(other, EMAIL, "wrong-3")
    login(other, EMAIL, "wrong-4")
    assert login(other, EMAIL, PASSWORD).status_code == 302  # not locked: the count restarted


def test_a_site_the_account_cannot_use_neither_counts_nor_reveals_the_lock(app, lan):
    elsewhere = site_client(app, B_HOST)
    for attempt in range(4):
        assert login(elsewhere, EMAIL, f"wrong-{attempt}").status_code == 401
    assert fetch_user(app, EMAIL).failed_logins == 0

    home = site_client(app, A_HOST)
    for attempt in range(3):
        login(home, EMAIL, f"wrong-{attempt}")
    response = login(elsewhere, EMAIL, PASSWORD)
    assert response.status_code == 401
    assert "locked" not in response.get_data(as_text=True)
