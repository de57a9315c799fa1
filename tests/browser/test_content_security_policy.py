"""The Content-Security-Policy in real Chromium: no public page, no question form with
its proof-of-work (Web Crypto and a same-origin fetch) and no staff form with the
rich-text editor (its strings in a JSON data block) trips it, and the policy is really
enforced (an inline script or a style attribute added to a page is blocked)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import Browser
from tests.browser.pages import PAGE_NAMES
from tests.browser.seed import PROVINCE_HOST
from tests.browser.test_questions import proof_done, quick_proof  # noqa: F401 - fixture
from tests.factories import PASSWORD

# Installed before any script of each new page (DevTools scripts are not subject to the
# page's policy): every violation the page reports is kept for the test to read.
LISTENER = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__violations.push(event.violatedDirective + " blocked " +
    (event.blockedURI || "inline") + " at " + event.sourceFile + ":" + event.lineNumber);
});
"""


@pytest.fixture
def watched(desktop: Browser) -> Iterator[Browser]:
    script = desktop.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                                            {"source": LISTENER})
    yield desktop
    desktop.driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument",
                                   {"identifier": script["identifier"]})


def violations(browser: Browser) -> list[str]:
    return list(browser.js("return window.__violations || [];"))


def test_no_public_page_trips_the_policy(watched: Browser, pages: dict[str, Any]) -> None:
    found = {}
    for name in PAGE_NAMES:
        case = pages[name]
        if case.path is None:
            continue
        watched.open(case.host, case.path)
        if violations(watched):
            found[name] = violations(watched)
    assert found == {}


def test_the_policy_is_enforced(watched: Browser) -> None:
    watched.open(PROVINCE_HOST, "/")
    watched.js("var s = document.createElement('script');"
               "s.textContent = 'window.__inlineRan = true;';"
               "document.body.appendChild(s);")
    assert watched.js("return window.__inlineRan === true;") is False
    assert any(v.startswith("script-src") for v in violations(watched))
    # So is a style attribute (the organisation tree once indented its units with one).
    watched.js("document.body.insertAdjacentHTML('beforeend',"
               " '<p id=styled style=\"margin-left: 7rem\">x</p>');")
    assert watched.js("return getComputedStyle(document.getElementById('styled'))"
                      ".marginLeft;") == "0px"
    assert any(v.startswith("style-src") for v in violations(watched))


@pytest.mark.usefixtures("quick_proof")
def test_the_proof_of_work_runs_under_the_policy(watched: Browser) -> None:
    watched.open(PROVINCE_HOST, "/hoi-dap/gui-cau-hoi")
    proof_done(watched)
    assert violations(watched) == []


def test_the_rich_text_editor_runs_under_the_policy(watched: Browser) -> None:
    driver = watched.open(PROVINCE_HOST, "/dang-nhap")
    try:
        driver.find_element(By.NAME, "email").send_keys("admin@langson.gov.vn")
        driver.find_element(By.NAME, "password").send_keys(PASSWORD + Keys.ENTER)
        WebDriverWait(driver, 30).until(lambda d: "/dang-nhap" not in d.current_url)
        watched.open(PROVINCE_HOST, "/quan-tri/noi-dung/moi/tin-bai")
        WebDriverWait(driver, 30).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, "[role=toolbar]"))
        # The toolbar's names come from the JSON data block, read by editor.js.
        label = watched.js("return document.querySelector('[role=toolbar]')"
                           ".getAttribute('aria-label');")
        assert label and label != "toolbar"
        assert violations(watched) == []
    finally:
        driver.delete_all_cookies()  # the other browser tests see the site as visitors
