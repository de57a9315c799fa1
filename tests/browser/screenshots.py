"""Screenshots of the demo province for people to judge the design: the home, the news
listing, an article and the component sites' directory, at 375 and 1280 CSS pixels,
saved as small PNGs in ``docs/screenshots/``.

    python -m tests.browser.screenshots        (or: make screenshots)

The demo (``flask demo seed``'s sites, content, questions and drafts) is built in a
temporary SQLite database, served on loopback and photographed with the Chromium the
browser tests drive (``tests/browser/conftest.py``; ``tests/browser/install.sh``).
"""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from PIL import Image
from werkzeug.serving import make_server

from hub import create_app
from hub.demo.consultations import seed_demo_consultations
from hub.demo.content import seed_demo_content
from hub.demo.questions import seed_demo_questions
from hub.demo.seed import seed_demo
from hub.extensions import db
from tests.browser.conftest import Browser, Server, _unavailable
from tests.conftest import base_config, migrate

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "screenshots"
HOST = "langson.localhost"
WIDTHS = (375, 1280)
# (file name, path): the article is found on the news listing.
PAGES = (("home", "/"), ("news", "/tin-tuc"), ("article", None), ("sites", "/don-vi"))
MAX_HEIGHT = 3600   # CSS pixels of a page kept in its picture


def _demo_app(folder: Path):  # type: ignore[no-untyped-def]
    database = folder / "portal.sqlite3"
    config = {**base_config(folder), "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
              "TESTING": False, "INPROCESS_JOBS": False}
    migrate(config)
    app = create_app(config)
    with app.app_context():  # as ``flask demo seed`` runs them
        summary = seed_demo(HOST)
        db.session.commit()
        seed_demo_content(app, summary.base_domain)
        seed_demo_questions(app, summary.base_domain)
        seed_demo_consultations(app, summary.base_domain)
    return app


def _save_small(shot: Path, target: Path) -> None:
    """``shot``'s top ``MAX_HEIGHT`` pixels as a 256-colour PNG at ``target`` (a few
    hundred KB at most)."""
    with Image.open(shot) as image:
        top = image.crop((0, 0, image.width, min(image.height, MAX_HEIGHT)))
        top.convert("RGB").quantize(colors=256, dither=Image.Dither.NONE).save(
            target, optimize=True)


def _load_every_image(browser: Browser, seconds: float = 20) -> None:
    """The whole page is photographed: the pictures below the first screen, which the
    browser would fetch only when scrolled to (``loading="lazy"``), are fetched now."""
    browser.js("document.querySelectorAll('img[loading=lazy]')"
               ".forEach(img => { img.loading = 'eager'; });")
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not browser.js(
            "return Array.from(document.images).every(img => img.complete);"):
        time.sleep(0.2)


def main() -> int:
    reason = _unavailable()
    if reason:
        print(f"Cannot take screenshots: {reason}", file=sys.stderr)
        return 1
    folder = Path(tempfile.mkdtemp(prefix="portal-screenshots-"))
    logging.disable(logging.INFO)  # the migrations' and each request's lines
    try:
        app = _demo_app(folder)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        browser = Browser(Server(server.server_port, None, app))  # type: ignore[arg-type]
        try:
            OUT.mkdir(parents=True, exist_ok=True)
            browser.open(HOST, "/tin-tuc")
            article = browser.js("const a = document.querySelector('main .item-list a');"
                                 "return a && new URL(a.href).pathname;")
            for width in WIDTHS:
                browser.set_width(width)
                for name, path in PAGES:
                    browser.open(HOST, path or article)
                    _load_every_image(browser)
                    shot = folder / f"{name}-{width}.png"
                    browser.screenshot(shot)
                    _save_small(shot, OUT / shot.name)
                    print(OUT / shot.name)
        finally:
            browser.quit()
            server.shutdown()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
