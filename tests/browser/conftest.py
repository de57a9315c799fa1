"""The browser harness: the real app served on loopback by a Werkzeug server thread, a
seeded demo-like province, and Debian's Chromium driven by Selenium through Debian's
chromedriver (given by path, so Selenium Manager never downloads anything).

Everything here is session-scoped: one database, one server, one browser for all the
browser tests (they only read). What is missing (Chromium, chromedriver, axe-core from
``npm ci``; see ``install.sh``) skips the tests on a developer's machine and fails them
under ``CI=true``.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from hub import create_app
from hub.extensions import db
from tests.browser.seed import Seeded, seed
from tests.conftest import CI, base_config

HERE = Path(__file__).resolve().parent
AXE_JS = HERE / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = HERE / "screenshots"
CHROMIUM = os.environ.get("PORTAL_TEST_CHROMIUM") or shutil.which("chromium") \
    or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


def _unavailable() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "the selenium package is not installed (requirements-dev.txt)"
    for what, path in (("Chromium", CHROMIUM), ("chromedriver", CHROMEDRIVER)):
        if not Path(path).exists():
            return f"{what} is not installed ({path}); run tests/browser/install.sh"
    if not AXE_JS.exists():
        return f"axe-core is not installed ({AXE_JS}); run tests/browser/install.sh"
    return None


@pytest.fixture(scope="session")
def browser_requirements() -> None:
    reason = _unavailable()
    if reason:
        if CI:
            pytest.fail(f"browser tests cannot run under CI=true: {reason}")
        pytest.skip(reason)


@dataclass
class Server:
    port: int
    seeded: Seeded
    app: Flask

    def url(self, host: str, path: str = "/") -> str:
        return f"http://{host}:{self.port}{path}"


@pytest.fixture(scope="session")
def live_server(browser_requirements: None, sqlite_template: Path,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The app on a copy of the migrated SQLite file, seeded, served on 127.0.0.1."""
    tmp = tmp_path_factory.mktemp("browser")
    path = tmp / "portal.sqlite3"
    shutil.copyfile(sqlite_template, path)
    config = {**base_config(tmp), "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
              "TESTING": False, "INPROCESS_JOBS": False}
    app = create_app(config)
    seeded = seed(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(server.server_port, seeded, app)
    finally:
        server.shutdown()
        thread.join(5)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


class Browser:
    """One headless Chromium; ``open`` loads a page, ``axe`` audits it."""

    def __init__(self, server: Server) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self.server = server
        self.profile = tempfile.mkdtemp(prefix="portal-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                     "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync",
                     "--disable-dev-shm-usage", "--window-size=1280,900",
                     f"--user-data-dir={self.profile}", "--lang=vi"):
            options.add_argument(flag)
        self.driver = webdriver.Chrome(options=options,
                                       service=Service(executable_path=CHROMEDRIVER))
        self.driver.set_page_load_timeout(30)
        self.driver.set_script_timeout(30)
        self.axe_source = AXE_JS.read_text(encoding="utf-8")
        self.width = 1280

    def quit(self) -> None:
        self.driver.quit()
        shutil.rmtree(self.profile, ignore_errors=True)

    def set_width(self, width: int, height: int = 900) -> None:
        """The layout viewport exactly ``width`` CSS pixels wide (a phone at 375)."""
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1,
            "mobile": width < 600})
        self.width = width

    def screenshot(self, path: Path) -> None:
        """The whole page (not only the viewport) as a PNG at ``path``."""
        height = int(self.js("return document.documentElement.scrollHeight;"))
        shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": self.width, "height": min(height, 8000),
                     "scale": 1}})
        path.write_bytes(base64.b64decode(shot["data"]))

    def open(self, host: str, path: str = "/") -> Any:
        self.driver.get(self.server.url(host, path))
        return self.driver

    def js(self, script: str, *args: Any) -> Any:
        return self.driver.execute_script(script, *args)

    def status_of(self, host: str, path: str) -> int:
        """The HTTP status of a page (a plain request to the same server and host)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        try:
            connection.request("GET", path, headers={"Host": f"{host}:{self.server.port}"})
            return connection.getresponse().status
        finally:
            connection.close()

    def axe(self) -> list[dict[str, Any]]:
        """The WCAG 2.0/2.1 A and AA violations of the loaded page."""
        if not self.js("return typeof window.axe !== 'undefined';"):
            self.js(self.axe_source)
        result = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
            ".then(r => done(JSON.stringify(r.violations)))"
            ".catch(e => done(JSON.stringify([{id: 'axe-error', help: String(e),"
            " impact: 'critical', nodes: []}])));", AXE_TAGS)
        return json.loads(result)


def describe_violations(violations: list[dict[str, Any]], limit: int = 5) -> str:
    """The violations as readable lines: rule, impact, help, and the first offenders."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']}"
                     f" [{violation.get('helpUrl', '')}]")
        for node in violation.get("nodes", [])[:limit]:
            target = " ".join(str(t) for t in node.get("target", []))
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    at {target}: {node.get('html', '')[:160]}")
            if summary:
                lines.append(f"      {summary[:300]}")
        extra = len(violation.get("nodes", [])) - limit
        if extra > 0:
            lines.append(f"    ... and {extra} more")
    return "\n".join(lines)


@pytest.fixture(scope="session")
def browser(live_server: Server) -> Iterator[Browser]:
    chromium = Browser(live_server)
    try:
        yield chromium
    finally:
        chromium.quit()


@pytest.fixture
def desktop(browser: Browser) -> Browser:
    """The browser at 1280 px wide (tests that change the width leave it at that)."""
    if browser.width != 1280:
        browser.set_width(1280)
    return browser


@pytest.fixture(scope="session")
def pages(live_server: Server) -> dict[str, Any]:
    """Every public page type: name -> PageCase (path None when not built)."""
    from tests.browser.pages import page_cases
    return page_cases(live_server.app, live_server.seeded)
