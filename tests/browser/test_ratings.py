"""The ratings in real Chromium: the form's proof-of-work runs in the browser, a rating
sent through the real form is thanked with no cookie set, "Was this page useful?"
answered from a page works without JavaScript, and the rating form and the reports
page with its SVG chart have no WCAG 2.1 A/AA violation (axe-core)."""

from __future__ import annotations

from datetime import timedelta

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import select

from hub.core.clock import local_today
from hub.extensions import db
from tenants.context import unscoped
from tenants.models import Tenant
from tests.browser.conftest import SCREENSHOTS, Browser, Server
from tests.browser.seed import PROVINCE_HOST
from tests.browser.test_questions import assert_accessible, proof_done, quick_proof  # noqa: F401
from tests.factories import PASSWORD
from tests.ratings.helpers import rating_on


def test_a_rating_sent_through_the_real_form_sets_no_cookie(
        desktop: Browser, quick_proof: None) -> None:  # noqa: F811
    driver = desktop.open(PROVINCE_HOST, "/danh-gia")
    driver.delete_all_cookies()
    proof_done(desktop)
    assert_accessible(desktop, "the rating form")
    for aspect, mark in (("interface", 5), ("content", 4), ("quality", 4), ("support", 3)):
        driver.find_element(By.ID, f"{aspect}-{mark}").click()
    driver.find_element(By.ID, "comment").send_keys("Trang dễ dùng.")
    driver.find_element(By.CSS_SELECTOR, ".rating-form button[type=submit]").click()
    WebDriverWait(driver, 30).until(lambda d: "/danh-gia/cam-on" in d.current_url)
    assert driver.find_element(By.CSS_SELECTOR, "main [role=status]").text
    assert driver.get_cookies() == []
    assert_accessible(desktop, "the thanks page")


def test_the_page_control_works_without_a_script(desktop: Browser) -> None:
    driver = desktop.open(PROVINCE_HOST, "/tin-tuc")
    driver.delete_all_cookies()
    buttons = driver.find_elements(By.CSS_SELECTOR, ".page-feedback button[name=useful]")
    assert [b.get_attribute("value") for b in buttons] == ["yes", "no"]
    buttons[0].click()
    WebDriverWait(driver, 30).until(lambda d: "/danh-gia/cam-on" in d.current_url)
    back = driver.find_element(By.CSS_SELECTOR, "main ul a")
    assert back.get_attribute("href").endswith("/tin-tuc")
    assert driver.get_cookies() == []


def test_the_reports_page_with_its_chart_is_accessible(desktop: Browser,
                                                       live_server: Server) -> None:
    with live_server.app.app_context(), unscoped():
        site = db.session.scalar(select(Tenant).where(Tenant.slug == "langson"))
        db.session.expunge(site)
    aspects = ("interface", "content", "quality", "support")
    for days, marks in ((0, (5, 4, 3, 2)), (1, (4, 4, 2, 1)), (2, (3, 5, 5, 4))):
        rating_on(live_server.app, site, rated_on=local_today() - timedelta(days=days),
                  **dict(zip(aspects, marks, strict=True)))
    driver = desktop.open(PROVINCE_HOST, "/dang-nhap")
    try:
        driver.find_element(By.NAME, "email").send_keys("admin@langson.gov.vn")
        driver.find_element(By.NAME, "password").send_keys(PASSWORD + Keys.ENTER)
        WebDriverWait(driver, 30).until(lambda d: "/dang-nhap" not in d.current_url)
        month = local_today().strftime("%Y-%m")
        desktop.open(PROVINCE_HOST, f"/quan-tri/bao-cao?month={month}#ratings")
        svg = driver.find_element(By.CSS_SELECTOR, ".rating-chart svg")
        assert svg.get_attribute("role") == "img"
        assert svg.size["width"] > 300 and svg.size["height"] > 100
        assert_accessible(desktop, "the reports page with the ratings' chart")
        SCREENSHOTS.mkdir(exist_ok=True)
        desktop.screenshot(SCREENSHOTS / "ratings-report-1280.png")
    finally:
        driver.delete_all_cookies()  # the other browser tests see the site as visitors
