"""The staff screens of a site's settings, its approvers' categories and the office's
working days in real Chromium: no WCAG 2.1 A/AA violation (axe), with and without the
errors of a refused form, and nothing the Content-Security-Policy blocks."""

from __future__ import annotations

from collections.abc import Iterator

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

EMAIL = "vanphong.caidat@langson.gov.vn"  # of this test only


@pytest.fixture(scope="module")
def office(live_server: Server) -> str:
    app = live_server.app
    with app.app_context(), unscoped():
        province = db.session.scalar(select(Tenant).where(Tenant.slug == "langson"))
        db.session.expunge(province)
    create_user(app, EMAIL, hub_role="hub_admin")
    # An approver, so that the categories screen shows its checkboxes.
    create_user(app, "duyet.caidat@langson.gov.vn", {province: "approver"},
                display_name="Hoàng Thị Duyệt")
    return EMAIL


@pytest.fixture
def session(watched: Browser, office: str) -> Iterator[Browser]:  # noqa: F811
    driver = watched.open(PROVINCE_HOST, "/dang-nhap")
    driver.find_element(By.NAME, "email").send_keys(EMAIL)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD + Keys.ENTER)
    WebDriverWait(driver, 30).until(lambda d: "/dang-nhap" not in d.current_url)
    try:
        yield watched
    finally:
        watched.driver.delete_all_cookies()  # the other browser tests see visitors


def accessible(browser: Browser, what: str) -> None:
    found = browser.axe()
    assert not found, f"{what} has WCAG A/AA violations:\n" + describe_violations(found)
    assert not violations(browser), f"{what} trips the policy: {violations(browser)}"


def test_the_settings_screens_are_accessible(session: Browser) -> None:
    driver = session.driver
    session.open(PROVINCE_HOST, "/quan-tri/cai-dat")
    assert driver.find_elements(By.CSS_SELECTOR, "form button[type=submit]")
    accessible(session, "the settings screen")

    email = driver.find_element(By.NAME, "email")
    email.clear()
    email.send_keys("khong-phai-email")
    driver.find_element(By.NAME, "deadline_legal_document").send_keys("99")
    driver.find_element(By.CSS_SELECTOR, ".site-settings form button[type=submit]").click()
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.ID, "email-error"))
    accessible(session, "the settings screen with its errors")

    session.open(PROVINCE_HOST, "/quan-tri/pham-vi-duyet")
    assert driver.find_elements(By.CSS_SELECTOR, ".approver input[type=checkbox]")
    accessible(session, "the approvers' categories")

    session.open(PROVINCE_HOST, "/quan-tri/tinh/ngay-lam-viec?nam=2026")
    accessible(session, "the working days")
    driver.find_element(By.CSS_SELECTOR, ".working-days form[aria-labelledby] button").click()
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.ID, "day-error"))
    accessible(session, "the working days with their errors")
