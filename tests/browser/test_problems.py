"""The problem-report form in real Chromium: reached by the link below an article, its
proof-of-work finishes in the browser, it has no WCAG 2.1 A/AA violation (axe-core),
and a report sent through it lands in the site's queue."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import select

from hub.extensions import db
from hub.problems.models import ProblemReport
from tenants.context import unscoped
from tests.browser.conftest import Browser, Server
from tests.browser.seed import PROVINCE_HOST
from tests.browser.test_questions import assert_accessible, proof_done, quick_proof

__all__ = ["quick_proof"]  # the fixture, used by name


def test_a_report_sent_from_an_article_page(desktop: Browser, live_server: Server,
                                            quick_proof: None) -> None:
    _item_id, slug = live_server.seeded.province.items["article"][-1]
    driver = desktop.open(PROVINCE_HOST, f"/tin-tuc/{slug}")
    driver.find_element(By.CSS_SELECTOR, f"a[href='/tin-tuc/{slug}/bao-loi']").click()
    WebDriverWait(driver, 30).until(lambda d: d.current_url.endswith("/bao-loi"))
    proof_done(desktop)
    assert_accessible(desktop, "the problem-report form")
    driver.find_element(By.CSS_SELECTOR, "input[name=reason][value=broken]").click()
    driver.find_element(By.NAME, "body").send_keys("Liên kết tải tệp đính kèm bị hỏng.")
    driver.find_element(By.CSS_SELECTOR, ".question-form button[type=submit]").click()
    WebDriverWait(driver, 30).until(lambda d: "/bao-loi/da-gui" in d.current_url)
    assert_accessible(desktop, "the page after a report")
    with live_server.app.app_context(), unscoped():
        bodies = list(db.session.scalars(select(ProblemReport.body)))
    assert "Liên kết tải tệp đính kèm bị hỏng." in bodies
