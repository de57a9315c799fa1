"""The nginx site of ``deploy/nginx`` in front of the real application.

nginx (Debian's package, ``make deploy-deps``) is started on loopback with the site's
own configuration, only its paths, certificate and upstream rewritten for the test:
what an operator installs is what is tested. Under ``CI=true`` a missing nginx fails.
"""

from __future__ import annotations

import http.client
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from bench import nginx_site
from hub import create_app
from hub.content.models import ContentItem
from hub.extensions import db
from tests.admin.helpers import acting, make_item
from tests.conftest import CI, base_config
from tests.factories import create_site, create_user

ROOT = Path(__file__).resolve().parents[2]
NGINX = nginx_site.NGINX
OPENSSL = shutil.which("openssl") or "/usr/bin/openssl"
HOST = "sokhcn.langson.gov.vn"
MAX_AGE = 2  # PORTAL_PAGE_CACHE_MAX_AGE: the micro-cache's lifetime here


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Proxy:
    port: int
    app: Flask
    site_id: int
    article: str

    def get(self, path: str, cookie: str | None = None,
            method: str = "GET", body: str | None = None) -> http.client.HTTPResponse:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        connection = http.client.HTTPSConnection("127.0.0.1", self.port, context=context,
                                                 timeout=10)
        headers = {"Host": HOST}
        if cookie:
            headers["Cookie"] = cookie
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.text = response.read().decode("utf-8", "replace")  # type: ignore[attr-defined]
        connection.close()
        return response


def _nginx_config(folder: Path, app_port: int, tls_port: int, plain_port: int) -> Path:
    """The deploy site with this machine's paths (``bench.nginx_site``): the checkout, a
    throwaway certificate, the app's port, loopback ports and a cache folder of the
    test's own."""
    subprocess.run(  # noqa: S603 - openssl with our own arguments
        [OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=langson.gov.vn", "-keyout", str(folder / "key.pem"),
         "-out", str(folder / "cert.pem")], check=True, capture_output=True)
    return nginx_site.render(folder, app_port, tls_port, plain_port,
                             certificate=(folder / "cert.pem", folder / "key.pem"))


@pytest.fixture(scope="module")
def nginx_binary() -> str:
    if not Path(NGINX).exists():
        if CI:
            pytest.fail("nginx is not installed under CI=true (make deploy-deps)")
        pytest.skip("nginx is not installed (make deploy-deps)")
    return NGINX


@pytest.fixture(scope="module")
def proxy(nginx_binary: str, sqlite_template: Path,
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proxy]:
    folder = tmp_path_factory.mktemp("nginx")
    database = folder / "portal.sqlite3"
    shutil.copyfile(sqlite_template, database)
    app = create_app({**base_config(folder), "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
                      "TESTING": False, "INPROCESS_JOBS": False, "PAGE_CACHE": True,
                      "PAGE_CACHE_MAX_AGE": MAX_AGE})
    site = create_site(app, "sokhcn.langson", "Sở Khoa học và Công nghệ", "department",
                       hosts=(HOST,))
    create_user(app, "bientap@sokhcn.gov.vn", {site: "editor"})
    create_user(app, "duyet@sokhcn.gov.vn", {site: "approver"})
    item_id = make_item(app, site, "bientap@sokhcn.gov.vn", steps=("submit", "approve"),
                        approver_email="duyet@sokhcn.gov.vn",
                        title="Tin bài qua bộ nhớ đệm của nginx")
    with app.app_context():
        from tenants.context import tenant_scope
        with tenant_scope(site.id):
            slug = db.session.get(ContentItem, item_id).slug
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    tls_port, plain_port = _free_port(), _free_port()
    config = _nginx_config(folder, server.server_port, tls_port, plain_port)
    checked = subprocess.run(  # noqa: S603 - our own binary and files
        [nginx_binary, "-t", "-c", str(config), "-p", str(folder)],
        capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    nginx = subprocess.Popen(  # noqa: S603 - our own binary and files
        [nginx_binary, "-c", str(config), "-p", str(folder)])
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", tls_port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield Proxy(tls_port, app, site.id, f"/tin-tuc/{slug}")
    finally:
        nginx.terminate()
        nginx.wait(10)
        server.shutdown()
        thread.join(5)


def test_the_site_configuration_is_valid(proxy: Proxy) -> None:
    """``nginx -t`` accepted it (in the fixture), and a page comes through TLS."""
    first = proxy.get(proxy.article)
    assert first.status == 200 and "Tin bài qua bộ nhớ đệm của nginx" in first.text


def test_an_anonymous_page_is_served_from_the_micro_cache(proxy: Proxy) -> None:
    proxy.get(proxy.article)
    again = proxy.get(proxy.article)
    assert again.status == 200
    assert again.getheader("X-Cache-Status") == "HIT"


def test_a_visitor_with_a_session_and_the_staff_area_never_use_it(proxy: Proxy) -> None:
    proxy.get(proxy.article)
    with_session = proxy.get(proxy.article, cookie="session=abc")
    assert with_session.getheader("X-Cache-Status") == "BYPASS"
    for _ in range(2):
        staff = proxy.get("/quan-tri/")
    assert staff.getheader("X-Cache-Status") in (None, "BYPASS")
    login = proxy.get("/dang-nhap")
    assert login.getheader("X-Cache-Status") in (None, "BYPASS", "MISS")
    assert proxy.get("/dang-nhap").getheader("X-Cache-Status") != "HIT"


def test_static_files_come_from_disk(proxy: Proxy) -> None:
    css = proxy.get("/static/portal.css")
    assert css.status == 200
    assert css.text == (ROOT / "hub" / "static" / "portal.css").read_text()
    assert css.getheader("X-Cache-Status") is None  # never reached the application


def test_a_takedown_is_gone_within_the_micro_caches_lifetime(proxy: Proxy) -> None:
    assert "Tin bài qua bộ nhớ đệm" in proxy.get(proxy.article).text
    assert proxy.get(proxy.article).getheader("X-Cache-Status") == "HIT"
    from tenants.models import Tenant
    with proxy.app.app_context():
        site = db.session.get(Tenant, proxy.site_id)
    with acting(proxy.app, site, "duyet@sokhcn.gov.vn") as user:
        from hub.content import operations
        item = db.session.scalar(db.select(ContentItem).where(
            ContentItem.title == "Tin bài qua bộ nhớ đệm của nginx"))
        operations.transition(item, "take_down", user, comment="Vi phạm")
    # nginx keeps a page until the end of the whole second its lifetime ends in (it
    # counts in whole seconds): up to MAX_AGE + 1 s after it was stored.
    time.sleep(MAX_AGE + 1.5)
    gone = proxy.get(proxy.article)
    assert gone.status in (404, 410)
    assert "Tin bài qua bộ nhớ đệm" not in gone.text


def test_form_posts_are_rate_limited(proxy: Proxy) -> None:
    statuses = [proxy.get("/dang-nhap", method="POST", body="email=x&password=y").status
                for _ in range(40)]
    assert 429 in statuses
