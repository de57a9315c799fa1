"""WCAG 2.1 A/AA on every public page type: axe-core in real Chromium finds nothing, on
a desktop (1280 px) and on a phone (375 px), and every image has a text alternative
(an ``alt``, empty only for decoration)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import Browser, describe_violations
from tests.browser.pages import PAGE_NAMES, PageCase
from tests.browser.seed import PROVINCE_HOST


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_no_wcag_a_or_aa_violations(desktop: Browser, pages: dict[str, PageCase],
                                    name: str) -> None:
    case = pages[name]
    if case.path is None:
        pytest.fail(f"the public site has no {name} page (see ENDPOINTS in pages.py)")
    assert desktop.status_of(case.host, case.path) == case.expect_status, case
    desktop.open(case.host, case.path)
    violations = desktop.axe()
    assert not violations, (f"{name} ({case.host}{case.path}) has WCAG A/AA violations:\n"
                            + describe_violations(violations))


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_no_wcag_a_or_aa_violations_on_a_phone(browser: Browser, pages: dict[str, PageCase],
                                              name: str) -> None:
    case = pages[name]
    if case.path is None:
        pytest.fail(f"the public site has no {name} page (see ENDPOINTS in pages.py)")
    browser.set_width(375)
    try:
        browser.open(case.host, case.path)
        violations = browser.axe()
    finally:
        browser.set_width(1280)
    assert not violations, (f"{name} ({case.host}{case.path}) at 375 px has WCAG A/AA "
                            "violations:\n" + describe_violations(violations))


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_images_have_alt(desktop: Browser, pages: dict[str, PageCase], name: str) -> None:
    case = pages[name]
    if case.path is None:
        pytest.fail(f"the public site has no {name} page (see ENDPOINTS in pages.py)")
    desktop.open(case.host, case.path)
    images = desktop.js("return [...document.images].map(img => img.getAttribute('alt'));")
    if name in ("home (province)", "leaders"):  # the emblem; the seeded portrait
        assert len([alt for alt in images if alt]) >= (2 if name == "leaders" else 1), \
            f"{name}: expected images with a text alternative, found alts {images}"
    missing = desktop.js(
        "return [...document.querySelectorAll('img, input[type=image], area')]"
        ".filter(el => !el.hasAttribute('alt') && el.getAttribute('role') !== 'presentation')"
        ".map(el => el.outerHTML.slice(0, 160));")
    assert not missing, f"{name}: images without alt: {missing}"


def test_the_audit_finds_a_planted_violation(desktop: Browser) -> None:
    """The harness itself: axe really runs, so zero violations above means something."""
    desktop.open(PROVINCE_HOST, "/")
    desktop.js("const img = document.createElement('img'); img.src = '/static/emblem.svg';"
               "document.querySelector('main').append(img);"
               "const a = document.createElement('a'); a.href = '/x';"
               "document.querySelector('main').append(a);")
    found = {violation["id"] for violation in desktop.axe()}
    assert {"image-alt", "link-name"} <= found, found
