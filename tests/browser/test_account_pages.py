"""A staff member's own pages in real Chromium: the account page, the enrolment of an
authenticator app with its QR code (inline SVG), the recovery codes shown once and the
login's second step have no WCAG 2.1 A/AA violation and trip no Content-Security-Policy.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pyotp
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import select

from hub.extensions import db
from tenants.context import unscoped
from tenants.models import Tenant
from tests.browser.conftest import Browser, Server, describe_violations
from tests.browser.seed import PROVINCE_HOST
from tests.browser.test_content_security_policy import violations, watched  # noqa: F401
from tests.factories import PASSWORD, create_user

EMAIL = "taikhoan@langson.gov.vn"  # of this test only: the others find no factor on theirs
SETUP = "/quan-tri/tai-khoan/xac-thuc-hai-buoc"


@pytest.fixture(scope="module")
def staff(live_server: Server) -> str:
    app = live_server.app
    with app.app_context(), unscoped():
        province = db.session.scalar(select(Tenant).where(Tenant.slug == "langson"))
        db.session.expunge(province)
    create_user(app, EMAIL, {province: "editor"})
    return EMAIL


def accessible(browser: Browser, what: str) -> None:
    found = browser.axe()
    assert not found, f"{what} has WCAG A/AA violations:\n" + describe_violations(found)


def submit_login(browser: Browser) -> None:
    driver = browser.open(PROVINCE_HOST, "/dang-nhap")
    driver.find_element(By.NAME, "email").send_keys(EMAIL)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD + Keys.ENTER)
    WebDriverWait(driver, 30).until(lambda d: "/dang-nhap" not in d.current_url
                                    or "/ma-xac-thuc" in d.current_url)


@pytest.fixture
def session(watched: Browser, staff: str) -> Iterator[Browser]:  # noqa: F811
    try:
        yield watched
    finally:
        watched.driver.delete_all_cookies()  # the other browser tests see visitors


def test_the_account_pages_are_accessible_and_within_the_policy(session: Browser) -> None:
    driver = session.driver
    submit_login(session)
    session.open(PROVINCE_HOST, "/quan-tri/tai-khoan")
    accessible(session, "the account page")

    session.open(PROVINCE_HOST, SETUP)
    accessible(session, "the enrolment page")
    qr = driver.find_element(By.CSS_SELECTOR, "svg.qr-code")
    assert qr.size["width"] >= 150 and qr.size["width"] == qr.size["height"]
    secret = driver.find_element(By.CSS_SELECTOR, ".secret-key").text.replace(" ", "")
    driver.find_element(By.NAME, "code").send_keys(pyotp.TOTP(secret).now() + Keys.ENTER)
    WebDriverWait(driver, 30).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".recovery-codes"))
    accessible(session, "the recovery codes")

    driver.delete_all_cookies()
    submit_login(session)
    assert driver.current_url.endswith("/dang-nhap/ma-xac-thuc")
    accessible(session, "the login's second step")
    next_code = pyotp.TOTP(secret).at(time.time() + 30)  # the enrolment spent this step's
    driver.find_element(By.NAME, "code").send_keys(next_code + Keys.ENTER)
    WebDriverWait(driver, 30).until(lambda d: "/dang-nhap" not in d.current_url)

    session.open(PROVINCE_HOST, "/quan-tri/tai-khoan")
    assert driver.find_elements(By.NAME, "off-password")
    accessible(session, "the account page with the second factor on")
    assert violations(session) == []
