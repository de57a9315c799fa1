"""Phones and desktops: at 375 and 1280 CSS pixels wide the pages do not scroll
sideways (screenshots saved under tests/browser/screenshots/ for a human to look at),
and at 375 px the main menu is usable: visible, or opened by a toggle that works with
JavaScript turned off (a <details>, a checkbox or a link to the menu)."""

from __future__ import annotations

import re

import pytest
from selenium.webdriver.common.by import By

from tests.browser.conftest import SCREENSHOTS, Browser
from tests.browser.pages import PageCase
from tests.browser.seed import COMMUNE_HOST, PROVINCE_HOST

WIDTHS = (375, 1280)
PAGES = ("home (province)", "home (commune)", "home (English)", "news", "article", "photo news",
         "legal document register", "legal document", "procedures", "procedure",
         "schedule week", "leaders", "contacts", "disclosures", "print view", "login",
         "error 404", "site directory", "site directory (search)")
MENU_LINK = "/danh-ba"  # an entry of the seeded main menu (seed.py)

# The main menu: the nav (outside main and the footer) holding the seeded menu link.
_MENU_LINK_STATE = """
const link = [...document.querySelectorAll(`nav a[href$="${arguments[0]}"]`)]
  .find(a => !a.closest('main, footer'));
if (!link) return null;
const r = link.getBoundingClientRect();
const s = getComputedStyle(link);
return {shown: r.width > 0 && r.height > 0 && s.visibility !== 'hidden'
               && r.right > 0 && r.left < innerWidth,
        nav: link.closest('nav').id || link.closest('nav').className};
"""

# Controls that open a menu without JavaScript, before the menu link in document order.
_TOGGLES = """
const link = [...document.querySelectorAll(`nav a[href$="${arguments[0]}"]`)]
  .find(a => !a.closest('main, footer'));
const candidates = [...document.querySelectorAll(
  'summary, label[for], a[href^="#"]:not([href="#main"]), button[aria-controls]')]
  .filter(el => !el.closest('main, footer') && el.getClientRects().length
          && (!link || (el.compareDocumentPosition(link) & Node.DOCUMENT_POSITION_FOLLOWING
                        || el.contains(link))));
return candidates;
"""


@pytest.fixture
def sized(browser: Browser):  # type: ignore[no-untyped-def]
    yield browser
    browser.set_width(1280)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_no_horizontal_scrolling(sized: Browser, pages: dict[str, PageCase], name: str,
                                 width: int) -> None:
    case = pages[name]
    if case.path is None:
        pytest.fail(f"the public site has no {name} page (see ENDPOINTS in pages.py)")
    sized.set_width(width)
    sized.open(case.host, case.path)
    SCREENSHOTS.mkdir(exist_ok=True)
    sized.screenshot(SCREENSHOTS / f"{'-'.join(re.findall(r'[a-z0-9]+', name.lower()))}"
                                   f"-{width}.png")
    widths = sized.js("return {scroll: document.documentElement.scrollWidth,"
                      " inner: window.innerWidth};")
    assert widths["inner"] == width
    if widths["scroll"] > widths["inner"]:
        wide = sized.js(
            "return [...document.querySelectorAll('body *')]"
            ".filter(el => el.getBoundingClientRect().right > innerWidth + 1)"
            ".slice(0, 5).map(el => el.outerHTML.slice(0, 120));")
        pytest.fail(f"{name} scrolls sideways at {width} px (scrollWidth {widths['scroll']});"
                    f" too wide: {wide}")


@pytest.mark.parametrize("host", (PROVINCE_HOST, COMMUNE_HOST))
def test_main_menu_usable_on_a_phone_without_javascript(sized: Browser, host: str) -> None:
    sized.set_width(375)
    sized.driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        sized.open(host, "/")
        state = sized.js(_MENU_LINK_STATE, MENU_LINK)
        assert state is not None, f"no main menu with a link to {MENU_LINK} on {host}"
        if not state["shown"]:
            toggles = sized.js(_TOGGLES, MENU_LINK)
            assert toggles, "the main menu is hidden at 375 px and there is no toggle"
            for toggle in toggles:
                toggle.click()
                state = sized.js(_MENU_LINK_STATE, MENU_LINK)
                if state["shown"]:
                    break
            assert state["shown"], "no toggle before the menu opens it without JavaScript"
        sized.driver.find_element(By.CSS_SELECTOR, f'nav a[href$="{MENU_LINK}"]')
    finally:
        sized.driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled",
                                     {"value": False})


def test_printing_an_article_leaves_out_the_navigation(desktop: Browser,
                                                       pages: dict[str, PageCase]) -> None:
    case = pages["article"]
    desktop.open(case.host, case.path)
    desktop.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        shown = desktop.js(
            "return [...document.querySelectorAll('header, nav, footer, .skip-link')]"
            ".filter(el => el.getClientRects().length).map(el => el.outerHTML.slice(0, 80));")
        assert shown == [], f"printed with the page's navigation: {shown}"
        assert desktop.js("return document.querySelector('main h1').getClientRects().length;")
    finally:
        desktop.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
