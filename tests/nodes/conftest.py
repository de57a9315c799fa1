"""Two application nodes, as production runs them: two gunicorn servers on their own
ports, each with its own instance folder (host-cache file, page-cache folder, search
index, mail outbox) and sharing only what the README says several nodes share: one
PostgreSQL database, one Redis, one upload folder and the secret key.

``nodes`` starts them on the session's PostgreSQL database (emptied, then seeded in
this process by the factories; skipped without PostgreSQL unless under CI) and the
test's private Redis; ``Browser`` talks to a
node over real HTTP, one site's ``Host`` at a time, keeping its cookies as a browser
would; ``worker`` runs ``flask worker --once`` as a node's worker would.
"""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PostgresDatabase
from tests.factories import csrf_from
from tests.services import free_port, wait_for_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
BASE_DOMAIN = "langson.localhost"
SECRET_KEY = "test-secret"  # the key the session's database was migrated with


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    text: str


@dataclass
class Browser:
    """A visitor of one node on one site's host; logged in once it posts the login."""

    port: int
    host: str
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, path: str, form: dict[str, Any] | None = None) -> Reply:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": self.host}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for raw in response.msg.get_all("Set-Cookie") or ():
                for name, morsel in SimpleCookie(raw).items():
                    self.cookies[name] = morsel.value
            return Reply(response.status, {k.lower(): v for k, v in response.getheaders()},
                         text)
        finally:
            connection.close()

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def post(self, path: str, form: dict[str, Any]) -> Reply:
        """POST with the session's CSRF token, read from the staff area's home page."""
        token = csrf_from(self.get("/quan-tri/").text)
        return self.request("POST", path, {**form, "csrf_token": token})

    def login(self, email: str, password: str) -> None:
        token = csrf_from(self.get("/dang-nhap").text)
        reply = self.request("POST", "/dang-nhap",
                             {"email": email, "password": password, "csrf_token": token})
        assert reply.status == 302, reply.text[:500]


def within(seconds: float, probe: Callable[[], bool], step: float = 0.02) -> float:
    """Poll ``probe`` until true; how long it took. Fails after ``seconds``."""
    start = time.monotonic()
    while True:
        if probe():
            return time.monotonic() - start
        if time.monotonic() - start > seconds:
            raise AssertionError(f"not seen within {seconds} s")
        time.sleep(step)


@dataclass
class Node:
    name: str
    port: int
    env: dict[str, str]
    log: Path
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - the venv's own gunicorn
                [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        # gunicorn listens at once; its worker answers once the app is imported.
        try:
            wait_for_port(self.port, timeout=30)
            within(60.0, self._answers, step=0.2)
        except (TimeoutError, AssertionError):
            raise AssertionError(f"node {self.name} did not start:\n"
                                 + self.log.read_text()[-3000:]) from None

    def _answers(self) -> bool:
        try:
            return Browser(self.port, "localhost").get("/healthz").status == 200
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def browser(self, host: str) -> Browser:
        return Browser(self.port, host)

    def worker(self) -> subprocess.Popen[str]:
        """``flask worker --once`` with this node's settings (not waited for)."""
        return subprocess.Popen(  # noqa: S603 - the venv's own flask
            [str(BIN / "flask"), "--app", "wsgi", "worker", "--once"],
            cwd=ROOT, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True)


def node_env(name: str, port: int, database: PostgresDatabase, redis_url: str,
             tmp: Path) -> dict[str, str]:
    own = tmp / name  # what each node keeps to itself
    own.mkdir()
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PORTAL_", "PROMETHEUS_", "WEB_", "GUNICORN_"))}
    env.update({
        "PORTAL_DATABASE_URL": database.app_url,
        "PORTAL_MIGRATION_DATABASE_URL": database.owner_url,
        "PORTAL_REDIS_URL": redis_url,
        "PORTAL_UPLOAD_DIR": str(tmp / "shared-uploads"),
        "PORTAL_SECRET_KEY": SECRET_KEY,
        "PORTAL_BASE_DOMAIN": BASE_DOMAIN,
        "PORTAL_HOST_CACHE_FILE": str(own / "hosts.version"),
        "PORTAL_PAGE_CACHE_DIR": str(own / "page-cache"),
        "PORTAL_SEARCH_INDEX_DIR": str(own / "search-index"),
        "PORTAL_MAIL_OUTBOX_DIR": str(own / "outbox"),
        "PORTAL_BACKUP_DIR": str(own / "backups"),
        "PORTAL_BACKUP_SCHEDULED": "off",
        "PORTAL_JOBS_HEARTBEAT_FILE": str(own / "jobs.heartbeat"),
        "PORTAL_INPROCESS_JOBS": "off",  # the test runs the workers itself
        # The weekly reminders are due from Monday 00:00: due whenever the test runs.
        "PORTAL_CONSOLE_REMINDER_WEEKDAY": "1",
        "PORTAL_CONSOLE_REMINDER_HOUR": "0",
        "PORTAL_SECOND_FACTOR_REQUIRED": "off",
        "PORTAL_ARGON2_MEMORY_KIB": "1024",
        "PORTAL_ARGON2_TIME_COST": "1",
        "PORTAL_ACCESS_LOG": "off",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        # One worker a node: the time limits measure the change reaching the other node,
        # never a second worker's first request (importing the app takes seconds).
        "WEB_CONCURRENCY": "1",
    })
    return env


@pytest.fixture
def nodes(postgres_database: PostgresDatabase, redis_url: str, tmp_path: Path,
          seeded: Any) -> Iterator[tuple[Node, Node]]:
    """Nodes A and B, started once the test's ``seeded`` data is in the database (it
    uses ``pg_app``, which empties the tables first), stopped after the test."""
    pair = []
    for name in ("a", "b"):
        port = free_port()
        pair.append(Node(name, port, node_env(name, port, postgres_database, redis_url, tmp_path),
                         tmp_path / f"node-{name}.log"))
    try:
        for node in pair:
            node.start()
        yield pair[0], pair[1]
    finally:
        for node in pair:
            node.stop()
