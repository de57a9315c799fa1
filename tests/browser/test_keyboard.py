"""Keyboard-only use: the skip link is the first Tab stop and takes focus to the main
content; every link and button of the header and of the menus is reached by Tab and
shows a visible focus indicator (its computed outline or box-shadow differs from the
unfocused state, and is not nothing)."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import Browser
from tests.browser.pages import PageCase
from tests.browser.seed import COMMUNE_HOST, ENGLISH_HOST, PROVINCE_HOST

HOSTS = (PROVINCE_HOST, COMMUNE_HOST, ENGLISH_HOST)

# The controls of the header and of every menu that is not inside main or the footer,
# rendered at load (sub-menus that open on focus are checked when Tab reaches them).
_CHROME_CONTROLS = """
const selector = 'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]),'
  + ' select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';
const roots = [...document.querySelectorAll('header, nav')]
  .filter(el => !el.closest('main, footer'));
const found = new Set();
for (const root of roots) {
  for (const el of root.querySelectorAll(selector)) {
    if (el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden') found.add(el);
  }
}
return [...found].map(el => ({href: el.getAttribute('href'),
  text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 60)}));
"""

# The focus styles of the active element, remembered on it for the unfocused comparison,
# and the contrast of its indicator against what is behind the element (WCAG 1.4.11:
# at least 3:1 for the outline or the shadow ring).
_FOCUS_STYLE = """
const el = document.activeElement;
if (!el || el === document.body) return null;
const rgba = text => { const m = (text || '').match(/rgba?\\(([^)]+)\\)/);
  if (!m) return null; const p = m[1].split(',').map(parseFloat);
  return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
const lum = c => [c.r, c.g, c.b].map(v => { v /= 255;
  return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
  .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
const ratio = (a, b) => { const x = lum(a), y = lum(b);
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
let behind = {r: 255, g: 255, b: 255, a: 1};
for (let node = el.parentElement; node; node = node.parentElement) {
  const bg = rgba(getComputedStyle(node).backgroundColor);
  if (bg && bg.a > 0.5) { behind = bg; break; }
}
const s = getComputedStyle(el);
const style = {outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
               outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth) || 0,
               shadow: s.boxShadow};
let contrast = 0;
if (s.outlineStyle === 'auto') contrast = 3;  // the browser's own two-tone ring
else if (s.outlineStyle !== 'none' && style.outlineWidth >= 1 && rgba(s.outlineColor))
  contrast = ratio(rgba(s.outlineColor), behind);
if (s.boxShadow !== 'none' && rgba(s.boxShadow))
  contrast = Math.max(contrast, ratio(rgba(s.boxShadow), behind));
el.dataset.kbdFocus = JSON.stringify(style);
const r = el.getBoundingClientRect();
const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim();
return {tag: el.tagName.toLowerCase(), text: text.slice(0, 60),
        href: el.getAttribute('href'), inMain: !!el.closest('main, footer'), style: style,
        contrast: Math.round(contrast * 100) / 100,
        visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
                 && r.left < innerWidth && r.top < innerHeight};
"""

_UNFOCUSED_STYLES = """
if (document.activeElement) document.activeElement.blur();
return [...document.querySelectorAll('[data-kbd-focus]')].map(el => {
  const s = getComputedStyle(el);
  const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim();
  return {text: text.slice(0, 60),
          href: el.getAttribute('href'), focused: JSON.parse(el.dataset.kbdFocus),
          outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`, shadow: s.boxShadow};
});
"""


def _tab(browser: Browser) -> dict | None:
    ActionChains(browser.driver).send_keys(Keys.TAB).perform()
    return browser.js(_FOCUS_STYLE)


@pytest.mark.parametrize("host", HOSTS)
def test_skip_link_is_first_and_moves_focus_to_main(desktop: Browser, host: str) -> None:
    desktop.open(host, "/")
    first = _tab(desktop)
    assert first is not None, "Tab focuses nothing"
    assert first["href"] == "#main", f"the first Tab stop is not the skip link: {first}"
    assert first["visible"], "the skip link is not visible when focused"
    ActionChains(desktop.driver).send_keys(Keys.ENTER).perform()
    active = desktop.js("const el = document.activeElement;"
                        "return {tag: el.tagName.toLowerCase(), id: el.id};")
    assert active == {"tag": "main", "id": "main"}, f"focus went to {active}, not main"
    # The next Tab continues inside the main content, not back in the header.
    after = _tab(desktop)
    assert after is None or after["inMain"], f"Tab after the skip link went to {after}"


def focus_problems(browser: Browser, whole_page: bool = False) -> list[str]:
    """Tab from the top of the loaded page through the header and menus (or the whole
    page); what is wrong: controls never reached, focused off screen, or focused
    without a visible change of at least 3:1 contrast."""
    expected = browser.js(_CHROME_CONTROLS)
    expected_keys = {(control["href"], control["text"]) for control in expected}
    assert expected_keys, "the header has no links or buttons"
    reached: list[dict] = []
    for _ in range(len(expected) + (400 if whole_page else 60)):
        stop = _tab(browser)
        if stop is None or (stop["inMain"] and not whole_page):
            break
        if reached and whole_page and stop["href"] == "#main":
            break  # wrapped round to the skip link
        reached.append(stop)
    reached_keys = {(stop["href"], stop["text"]) for stop in reached}
    problems = [f"not reachable by Tab before the main content: {key}"
                for key in sorted(expected_keys - reached_keys, key=str)]
    problems += [f"focused but off screen: {stop}" for stop in reached if not stop["visible"]]
    problems += [f"focus indicator of contrast {stop['contrast']} < 3 on {stop['href']} "
                 f"{stop['text']!r}: {stop['style']}" for stop in reached
                 if stop["contrast"] < 3]
    for control in browser.js(_UNFOCUSED_STYLES):
        focused = control["focused"]
        indicator = ((focused["outlineStyle"] != "none" and focused["outlineWidth"] >= 1)
                     or focused["shadow"] != "none")
        changed = (focused["outline"] != control["outline"]
                   or focused["shadow"] != control["shadow"])
        if not (indicator and changed):
            problems.append(f"no visible focus indicator on {control['href']} "
                            f"{control['text']!r}: focused {focused}, "
                            f"unfocused outline {control['outline']}")
    return problems


@pytest.mark.parametrize("host", HOSTS)
def test_header_and_menu_reachable_with_visible_focus(desktop: Browser, host: str) -> None:
    desktop.open(host, "/")
    problems = focus_problems(desktop)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", ("home (province)", "legal document register", "article",
                                  "login"))
def test_every_tab_stop_of_a_page_shows_focus(desktop: Browser, pages: dict[str, PageCase],
                                              name: str) -> None:
    case = pages[name]
    desktop.open(case.host, case.path)
    problems = focus_problems(desktop, whole_page=True)
    assert not problems, f"{name}:\n" + "\n".join(problems)


def test_the_focus_check_catches_a_hidden_outline(desktop: Browser) -> None:
    """The check itself: a stylesheet that removes the focus ring is caught."""
    desktop.open(PROVINCE_HOST, "/")
    # Added to the site's own stylesheet: the Content-Security-Policy blocks a <style>.
    desktop.js("document.styleSheets[0].insertRule('*:focus, *:focus-visible {"
               " outline: none !important; box-shadow: none !important; }');")
    problems = focus_problems(desktop)
    assert any("no visible focus indicator" in problem for problem in problems), problems


def _tab_to(browser: Browser, predicate: str, limit: int = 80) -> dict:
    """Press Tab until the focused element matches the JS ``predicate`` (on ``el``)."""
    for _ in range(limit):
        stop = _tab(browser)
        if stop is not None and browser.js(f"const el = document.activeElement; "
                                           f"return !!({predicate});"):
            return stop
    raise AssertionError(f"Tab never reached an element where {predicate}")


def _wait_for_path(browser: Browser, path: str) -> None:
    """Wait for the navigation a key press started to land on ``path``."""
    WebDriverWait(browser.driver, 15).until(
        lambda driver: driver.execute_script(
            "return document.readyState === 'complete' && location.pathname;") == path,
        f"the browser did not arrive at {path}")


def test_menu_and_search_work_with_the_keyboard_only(desktop: Browser) -> None:
    desktop.open(PROVINCE_HOST, "/")
    _tab_to(desktop, "el.closest('nav') && "
                     "el.getAttribute('href') === '/van-ban-quy-pham-phap-luat'")
    ActionChains(desktop.driver).send_keys(Keys.ENTER).perform()
    _wait_for_path(desktop, "/van-ban-quy-pham-phap-luat")

    _tab_to(desktop, "el.matches('input[type=search]')")
    ActionChains(desktop.driver).send_keys("hội nghị").send_keys(Keys.ENTER).perform()
    _wait_for_path(desktop, "/tim-kiem")
    assert "q=" in desktop.js("return location.search;")
    assert desktop.driver.find_element(By.CSS_SELECTOR, "h1").text.strip()
