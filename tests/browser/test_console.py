"""The province office's console in real Chromium: the table of every site, a site's
detail and the chart of compliant sites have no WCAG 2.1 A/AA violation (axe), logged
in as the office (hub_admin) on the province's host."""

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
from tests.factories import PASSWORD, create_user

EMAIL = "bangdieuhanh@langson.gov.vn"  # of this test only


@pytest.fixture(scope="module")
def office(live_server: Server) -> int:
    """The office's account; returns a site's id for its detail page."""
    app = live_server.app
    create_user(app, EMAIL, hub_role="hub_admin")
    with app.app_context(), unscoped():
        return db.session.scalar(select(Tenant.id).where(Tenant.slug != "langson")
                                 .order_by(Tenant.id).limit(1))


@pytest.fixture
def session(browser: Browser, office: int) -> Iterator[Browser]:
    try:
        yield browser
    finally:
        browser.driver.delete_all_cookies()  # the other browser tests see visitors


def accessible(browser: Browser, what: str) -> None:
    found = browser.axe()
    assert not found, f"{what} has WCAG A/AA violations:\n" + describe_violations(found)


def test_the_console_is_accessible(session: Browser, office: int) -> None:
    driver = session.open(PROVINCE_HOST, "/dang-nhap")
    driver.find_element(By.NAME, "email").send_keys(EMAIL)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD + Keys.ENTER)
    WebDriverWait(driver, 30).until(lambda d: "/dang-nhap" not in d.current_url)
    session.open(PROVINCE_HOST, "/quan-tri/tinh")
    assert driver.find_elements(By.CSS_SELECTOR, "table.console-table tbody tr")
    accessible(session, "the console's table")
    session.open(PROVINCE_HOST, f"/quan-tri/tinh/don-vi/{office}?ky=quarter")
    accessible(session, "a site's detail in the console")
    session.open(PROVINCE_HOST, "/quan-tri/tinh/bieu-do")
    assert driver.find_elements(By.CSS_SELECTOR, "svg[role=img] title")
    accessible(session, "the chart of compliant sites")
