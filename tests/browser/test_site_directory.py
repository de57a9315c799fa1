"""The component sites' directory (/don-vi) in a real browser: the search is a plain
form that works with JavaScript turned off ("tan doan" finds "Xã Tân Đoàn", under its
legacy district), and where scripts run the list narrows as one types."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.browser.conftest import Browser
from tests.browser.seed import LEGACY_COMMUNE_HOST, PROVINCE_HOST

SHOWN_SITES = """
return [...document.querySelectorAll('.site-list li')]
  .filter(li => li.getClientRects().length)
  .map(li => [li.textContent.trim(), li.closest('.site-group').querySelector('h2').textContent]);
"""


def test_the_search_works_without_javascript(desktop: Browser) -> None:
    desktop.driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        desktop.open(PROVINCE_HOST, "/don-vi")
        assert len(desktop.driver.find_elements(By.CSS_SELECTOR, ".site-list li")) >= 4
        box = desktop.driver.find_element(By.ID, "site-filter")
        box.send_keys("tan doan", Keys.ENTER)
        assert "q=tan+doan" in desktop.driver.current_url
        links = desktop.driver.find_elements(By.CSS_SELECTOR, ".site-list a")
        assert [(a.text, a.get_attribute("href")) for a in links] == [
            ("Xã Tân Đoàn", f"http://{LEGACY_COMMUNE_HOST}:{desktop.server.port}/")]
        heading = desktop.driver.find_element(By.CSS_SELECTOR, ".site-group h2").text
        assert "Huyện Cao Lộc" in heading
    finally:
        desktop.driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled",
                                       {"value": False})


def test_the_list_narrows_as_one_types(desktop: Browser) -> None:
    desktop.open(PROVINCE_HOST, "/don-vi")
    everything = desktop.js(SHOWN_SITES)
    assert len(everything) >= 4
    desktop.driver.find_element(By.ID, "site-filter").send_keys("tân đoàn")
    shown = desktop.js(SHOWN_SITES)
    assert [name for name, _group in shown] == ["Xã Tân Đoàn"]
    assert "Huyện Cao Lộc" in shown[0][1]
    status = desktop.driver.find_element(By.ID, "site-count").text
    assert "1" in status and str(len(everything)) in status
