"""The province office's site screens and a site's announcement of a planned suspension
in real Chromium: no WCAG 2.1 A/AA violation, nothing outside the Content-Security-Policy.
Nothing here changes the seeded sites for the other browser tests (the announcement is
cancelled at the end)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import select

from hub.core import clock
from hub.deadlines.calendar import add_working_days
from hub.extensions import db
from hub.sites import suspensions
from tenants.context import unscoped
from tenants.models import SiteSuspension, Tenant
from tests.browser.conftest import Browser, Server, describe_violations
from tests.browser.seed import COMMUNE_HOST, PROVINCE_HOST
from tests.browser.test_content_security_policy import violations, watched  # noqa: F401
from tests.factories import PASSWORD, create_user

EMAIL = "vanphong@langson.gov.vn"  # of this test only
SITES = "/quan-tri/tinh/don-vi"


def accessible(browser: Browser, what: str) -> None:
    found = browser.axe()
    assert not found, f"{what} has WCAG A/AA violations:\n" + describe_violations(found)


@pytest.fixture
def office(live_server: Server, watched: Browser) -> Iterator[tuple[Browser, int, int]]:  # noqa: F811
    app = live_server.app
    create_user(app, EMAIL, hub_role="hub_admin")
    with app.app_context(), unscoped():
        sites = {t.slug: t.id for t in db.session.scalars(select(Tenant))}
    driver = watched.open(PROVINCE_HOST, "/dang-nhap")
    driver.find_element(By.NAME, "email").send_keys(EMAIL)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD + Keys.ENTER)
    WebDriverWait(driver, 30).until(lambda d: "/dang-nhap" not in d.current_url)
    try:
        yield watched, sites["xathongnhat.langson"], sites["sokhcn.langson"]
    finally:
        watched.driver.delete_all_cookies()


def test_the_site_screens_are_accessible(office) -> None:  # type: ignore[no-untyped-def]
    browser, commune, department = office
    for path, what in ((f"{SITES}/{commune}/quan-ly", "the site page"),
                       (f"{SITES}/moi", "the new site form"),
                       (f"{SITES}/{commune}/doi-ten", "the rename form"),
                       (f"{SITES}/{commune}/ten-mien", "the domain form"),
                       (f"{SITES}/{commune}/chuyen-cap", "the move form"),
                       (f"{SITES}/{commune}/tam-dung", "the suspension page"),
                       (f"{SITES}/{commune}/luu-tru", "the archive form"),
                       (f"{SITES}/{department}/sap-nhap?into={commune}", "the merge preview")):
        browser.open(PROVINCE_HOST, path)
        accessible(browser, what)


def test_the_announcement_banner_is_accessible(live_server: Server, watched: Browser) -> None:  # noqa: F811
    app = live_server.app
    with app.app_context(), unscoped():
        commune = db.session.scalar(select(Tenant).where(Tenant.slug == "xathongnhat.langson"))
        start = add_working_days(clock.utcnow(), 10)
        row = suspensions.announce(commune, start, start.replace(hour=20), "Nâng cấp")
        db.session.commit()
        row_id = row.id
    try:
        # A query of its own: the browser may keep the home page of an earlier test.
        driver = watched.open(COMMUNE_HOST, "/?thong-bao-tam-dung")
        assert driver.find_elements(By.CSS_SELECTOR, ".suspension-announcement")
        accessible(watched, "a page with the announcement")
    finally:
        with app.app_context(), unscoped():
            suspensions.cancel(db.session.get(SiteSuspension, row_id))
            db.session.commit()
