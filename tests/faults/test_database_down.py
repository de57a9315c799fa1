"""PostgreSQL stops while editors save and citizens read: everyone gets a clear 503 with
``Retry-After`` (the page in Vietnamese, JSON under ``/api/``), never a 500 or a
traceback; the save that was cut is kept whole or not at all; and the same app serves
again as soon as the database is back, without a restart.

The server is the session's private one (``tests.pgserver``): it is crashed at the
moment the editor's transaction sends its COMMIT, every statement of the save already
sent.
"""

from __future__ import annotations

import hashlib
import io
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask, has_request_context, request
from sqlalchemy import create_engine, event, text

from hub.extensions import db
from tests.admin.helpers import email_of, make_item, make_staff, post, read_item, staff_client
from tests.conftest import PostgresDatabase
from tests.factories import create_site, host_client
from tests.pgserver import PostgresServer

pytestmark = [pytest.mark.slow,
              # A reader thread's request that raised would only be a warning.
              pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")]

UNAVAILABLE_TITLE = "Trang tạm thời ngừng hoạt động"  # "The site is temporarily unavailable"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture
def app(crashable_app: Flask) -> Flask:
    return crashable_app


def row_counts(database: PostgresDatabase) -> dict[str, int]:
    """Rows of every table, read as the owner on a fresh connection."""
    engine = create_engine(database.owner_url)
    try:
        with engine.connect() as conn:
            tables = [row[0] for row in conn.execute(text(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))]
            return {table: conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()
                    for table in tables}
    finally:
        engine.dispose()


@contextmanager
def crash_at_commit(app: Flask, server: PostgresServer, path: str) -> Iterator[list[str]]:
    """Stop the server when the POST to ``path`` is about to COMMIT: every statement
    of its transaction has been sent, none is saved yet."""
    crashed: list[str] = []

    def stop_before_commit(conn) -> None:  # type: ignore[no-untyped-def]
        if (has_request_context() and request.method == "POST" and request.path == path
                and not crashed):
            crashed.append(path)
            server.stop()

    with app.app_context():
        engine = db.engine
    event.listen(engine, "commit", stop_before_commit)
    try:
        yield crashed
    finally:
        event.remove(engine, "commit", stop_before_commit)


@dataclass
class Answer:
    path: str
    status: int
    retry_after: str | None
    body: str
    json: dict | None


class Readers:
    """Citizens reading public pages and the API on threads, until told to stop."""

    def __init__(self, app: Flask, host: str, paths: list[str], threads: int = 3) -> None:
        self.app, self.host, self.paths = app, host, paths
        self.answers: list[Answer] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._read, daemon=True)
                         for _ in range(threads)]

    def _read(self) -> None:
        client = host_client(self.app, self.host)
        while not self._stop.is_set():
            for path in self.paths:
                response = client.get(path)
                answer = Answer(path, response.status_code, response.headers.get("Retry-After"),
                                response.get_data(as_text=True),
                                response.get_json(silent=True) if response.is_json else None)
                with self._lock:
                    self.answers.append(answer)

    def __enter__(self) -> Readers:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=30)

    def since(self, mark: int) -> list[Answer]:
        with self._lock:
            return self.answers[mark:]

    def wait_for(self, predicate: Callable[[Answer], bool], mark: int,
                 timeout: float = 20.0) -> None:
        """Wait until an answer given after ``mark`` satisfies ``predicate``."""
        done = threading.Event()
        deadline = threading.Timer(timeout, done.set)
        deadline.start()
        try:
            while not done.is_set():
                if any(predicate(answer) for answer in self.since(mark)):
                    return
                done.wait(0.05)
        finally:
            deadline.cancel()
        raise AssertionError(f"no answer matched in {timeout} s")


def assert_clear_503(answer_status: int, retry_after: str | None, body: str,
                     json: dict | None, api: bool) -> None:
    assert answer_status == 503
    assert retry_after is not None and int(retry_after) > 0
    assert "Traceback" not in body and "OperationalError" not in body
    assert "psycopg" not in body and "127.0.0.1" not in body
    if api:
        assert json is not None and json["error"]["status"] == 503
        assert json["error"]["title"] and json["error"]["reason"]
    else:
        assert UNAVAILABLE_TITLE in body and '<html lang="vi">' in body


def assert_reader_answers_clear(answers: list[Answer]) -> None:
    for answer in answers:
        assert answer.status in (200, 503), (answer.path, answer.status, answer.body[:300])
        if answer.status == 503:
            assert_clear_503(answer.status, answer.retry_after, answer.body, answer.json,
                             api=answer.path.startswith("/api/"))


def test_database_crash_while_editors_save_and_citizens_read(
        app: Flask, two_sites, pg_server: PostgresServer,  # type: ignore[no-untyped-def]
        crashable_database: PostgresDatabase) -> None:
    site, _other = two_sites
    make_staff(app, site, ("site_admin",))
    author = email_of("site_admin", site)
    published = make_item(app, site, author, title="Lịch tiếp công dân tháng 12",
                          steps=("submit", "approve"))
    draft = make_item(app, site, author, title="Dự thảo kế hoạch chuyển đổi số")
    editor = staff_client(app, site, "site_admin")
    save_path = f"/quan-tri/noi-dung/{draft}/sua"
    attach_path = f"/quan-tri/noi-dung/{draft}/tep-dinh-kem"
    reading = ["/", f"/api/v1/articles/{published}", "/api/v1/articles", "/api/v1/site"]
    before = row_counts(crashable_database)

    with Readers(app, "sokhcn.langson.localhost", reading) as readers:
        readers.wait_for(lambda a: a.status == 200, 0)
        token_page = editor.get("/quan-tri/").text
        assert "csrf_token" in token_page

        # The editor's save: cut at its COMMIT.
        mark = len(readers.since(0))
        with crash_at_commit(app, pg_server, save_path) as crashed:
            saved = post(editor, save_path, {"title": "Kế hoạch chuyển đổi số (đã sửa)",
                                             "body": "<p>Nội dung mới</p>", "revision": "1"})
        assert crashed == [save_path]
        assert_clear_503(saved.status_code, saved.headers.get("Retry-After"), saved.text,
                         None, api=False)
        assert "đã được lưu" not in saved.text  # no "your changes have been saved"

        # Citizens meanwhile: the API answers 503 JSON, the pages 503 (or a cached copy).
        readers.wait_for(lambda a: a.status == 503 and a.path.startswith("/api/"), mark)
        down = editor.get("/quan-tri/")
        assert_clear_503(down.status_code, down.headers.get("Retry-After"), down.text,
                         None, api=False)
        api_down = editor.get("/api/v1/site")
        assert_clear_503(api_down.status_code, api_down.headers.get("Retry-After"),
                         api_down.text, api_down.get_json(), api=True)

        # The database comes back: the same app answers again, without a restart.
        pg_server.start()
        mark = len(readers.since(0))
        readers.wait_for(lambda a: a.status == 200 and a.path.startswith("/api/"), mark)
        readers.wait_for(lambda a: a.status == 200 and a.path == "/", mark)
        assert editor.get("/quan-tri/").status_code == 200
    assert_reader_answers_clear(readers.answers)
    last = {answer.path: answer.status for answer in readers.answers}
    assert last == dict.fromkeys(reading, 200), "still refusing after the database came back"

    # Nothing of the cut save was kept: not the item, its revision, its audit entry.
    assert row_counts(crashable_database) == before
    kept = read_item(app, site, draft)
    assert kept["title"] == "Dự thảo kế hoạch chuyển đổi số" and kept["revision"] == 1

    # Sent again, the same save is kept whole.
    again = post(editor, save_path, {"title": "Kế hoạch chuyển đổi số (đã sửa)",
                                     "body": "<p>Nội dung mới</p>", "revision": "1"})
    assert again.status_code == 302
    assert read_item(app, site, draft)["revision"] == 2
    after = row_counts(crashable_database)
    assert after["revision"] == before["revision"] + 1
    assert after["audit_entry"] > before["audit_entry"]

    # A file attached while the database crashes: no row without its file, no file
    # served without its row, and the file left on disk (named by its content, written
    # before the commit) is whole and taken up by the next upload of the same bytes.
    upload_dir = Path(app.config["UPLOAD_DIR"])
    before = row_counts(crashable_database)
    with crash_at_commit(app, pg_server, attach_path) as crashed:
        cut = post(editor, attach_path, {"file": (io.BytesIO(PDF), "Quyết định 12.pdf"),
                                         "role": "file", "alt_text": ""},
                   content_type="multipart/form-data")
    assert crashed == [attach_path]
    assert cut.status_code == 503
    pg_server.start()
    assert row_counts(crashable_database) == before
    assert read_item(app, site, draft)["attachments"] == []
    digest = hashlib.sha256(PDF).hexdigest()
    left = [path for path in upload_dir.rglob("*") if path.is_file()]
    for path in left:  # whatever stayed is whole, named by its bytes, and served by no row
        assert path.name == digest and path.read_bytes() == PDF
    attached = post(editor, attach_path, {"file": (io.BytesIO(PDF), "Quyết định 12.pdf"),
                                          "role": "file", "alt_text": ""},
                    content_type="multipart/form-data")
    assert attached.status_code == 302
    assert read_item(app, site, draft)["attachments"] == [("Quyết định 12.pdf", "file")]
    assert [p for p in upload_dir.rglob("*") if p.is_file()] == [
        upload_dir / str(site.id) / digest[:2] / digest]


def test_a_stopped_database_answers_503_from_the_first_request(
        app: Flask, province, pg_server: PostgresServer,  # type: ignore[no-untyped-def]
        caplog: pytest.LogCaptureFixture) -> None:
    """Down before the request: the host's map, the session's user and the view all
    meet it; each answers 503, logged in at most a line, without a traceback."""
    make_staff(app, province, ("editor",))
    editor = staff_client(app, province, "editor", host="langson.localhost")
    citizen = host_client(app, "langson.localhost")
    # A new site: the next request reloads the map of hosts, from the stopped database.
    create_site(app, "xathongnhat.langson", "Xã Thống Nhất", "commune", parent=province)
    pg_server.stop()
    for client, path in ((citizen, "/tin-tuc"), (editor, "/quan-tri/"),
                         (editor, "/quan-tri/noi-dung")):
        response = client.get(path)
        assert_clear_503(response.status_code, response.headers.get("Retry-After"),
                         response.text, None, api=False)
        assert "no-store" in response.headers["Cache-Control"]
    for path in ("/api/v1/articles", "/api/v1/search?q=đường"):
        response = citizen.get(path)
        assert_clear_503(response.status_code, response.headers.get("Retry-After"),
                         response.text, response.get_json(), api=True)
    # One warning line at most (one every 10 s while it lasts), no error, no traceback.
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert len([r for r in caplog.records if "database unavailable" in r.getMessage()]) <= 1
    ready = citizen.get("/healthz/ready")  # the load balancer takes the node out
    assert ready.status_code == 503 and ready.get_json()["checks"]["database"]["status"] \
        == "error"
    pg_server.start()
    assert citizen.get("/healthz/ready").status_code == 200
    assert citizen.get("/tin-tuc").status_code == 200
    assert editor.get("/quan-tri/").status_code == 200
