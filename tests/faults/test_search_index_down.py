"""The embedded search index taken away or corrupted in the middle of work: citizens are
told search is unavailable (the page and the API, 503), editors go on publishing, the
outbox keeps every change, and afterwards the index holds every published item again —
by the indexer once the folder is back, or by ``flask search reindex`` for a corrupt
one. Counted: the index's documents against the published items in the database."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select, update

from hub.content.models import ContentItem
from hub.extensions import db
from hub.workflow.states import PUBLIC_STATES
from search import indexer
from search.models import SearchOutbox
from search.service import get_backend, set_backend
from search.types import SearchQuery
from tenants.context import unscoped
from tenants.models import Tenant
from tests.admin.helpers import (
    A_HOST,
    email_of,
    make_item,
    make_staff,
    post,
    read_item,
    staff_client,
)
from tests.factories import host_client

pytestmark = pytest.mark.slow

UNAVAILABLE = "Chức năng tìm kiếm tạm thời không hoạt động"
TITLES = ("Khởi công đường giao thông nông thôn", "Lịch tiếp công dân của Sở",
          "Thông báo tuyển dụng viên chức", "Kế hoạch phòng chống thiên tai",
          "Hội nghị chuyển đổi số cấp xã")


@pytest.fixture
def index_dir(app: Flask, tmp_path: Path) -> Path:
    """The app's index folder, opened from its configuration as in production."""
    directory = tmp_path / "search-index"
    app.config.update(SEARCH_BACKEND="embedded", SEARCH_INDEX_DIR=str(directory))
    set_backend(app, None)
    yield directory
    with app.app_context():
        get_backend().close()
    set_backend(app, None)


def publish(app: Flask, site: Tenant, editor, title: str) -> int:  # type: ignore[no-untyped-def]
    """An item written by the site's administrator and approved over HTTP (the drain
    after that request indexes it, when it can)."""
    item_id = make_item(app, site, email_of("site_admin", site), title=title,
                        body=f"<p>{title}: nội dung chi tiết.</p>", steps=("submit",))
    response = post(editor, f"/quan-tri/noi-dung/{item_id}/chuyen-trang-thai",
                    {"action": "approve", "revision": "1"})
    assert response.status_code == 302, response.text[:500]
    return item_id


def published_in_database(app: Flask) -> set[int]:
    with app.app_context(), unscoped():
        db.session.remove()
        return set(db.session.scalars(select(ContentItem.id).where(
            ContentItem.status.in_(PUBLIC_STATES))))


def pending_outbox(app: Flask) -> list[tuple[int, int, str | None]]:
    with app.app_context(), unscoped():
        db.session.remove()
        return [(row.item_id, row.attempts, row.last_error) for row in db.session.scalars(
            select(SearchOutbox).where(SearchOutbox.processed_at.is_(None)))]


def outbox_rows(app: Flask) -> int:
    with app.app_context(), unscoped():
        return db.session.scalar(select(func.count(SearchOutbox.id))) or 0


def index_holds(app: Flask) -> tuple[int, set[int]]:
    """The index's document count, and the items a search for every title finds."""
    with app.app_context():
        backend = get_backend()
        backend.refresh()
        found: set[int] = set()
        for title in TITLES:
            found |= {hit.item_id for hit in backend.search(
                SearchQuery(text=title, per_page=50)).hits}
        return backend.count(), found


def assert_search_says_unavailable(app: Flask) -> None:
    citizen = host_client(app, A_HOST)
    page = citizen.get("/tim-kiem?q=giao thông")
    assert page.status_code == 503
    assert UNAVAILABLE in page.text and 'name="q"' in page.text
    assert "Traceback" not in page.text and "tantivy" not in page.text.lower()
    api = citizen.get("/api/v1/search?q=giao thông")
    assert api.status_code == 503 and api.get_json()["error"]["status"] == 503
    suggest = citizen.get("/api/v1/search/suggest?q=giao")
    assert suggest.status_code == 503 and suggest.is_json


def let_the_back_off_pass(app: Flask) -> None:
    with app.app_context(), unscoped():
        db.session.execute(update(SearchOutbox).where(SearchOutbox.processed_at.is_(None))
                           .values(available_at=None))
        db.session.commit()


def take_down(app: Flask, site: Tenant, editor, item_id: int) -> None:  # type: ignore[no-untyped-def]
    revision = read_item(app, site, item_id)["revision"]
    response = post(editor, f"/quan-tri/noi-dung/{item_id}/chuyen-trang-thai",
                    {"action": "take_down", "revision": str(revision), "comment": "Sai sót"})
    assert response.status_code == 302, response.text[:500]


@pytest.fixture
def newsroom(app: Flask, two_sites, index_dir: Path):  # type: ignore[no-untyped-def]
    site, _other = two_sites
    make_staff(app, site, ("site_admin",))
    editor = staff_client(app, site, "site_admin")
    first = [publish(app, site, editor, title) for title in TITLES[:3]]
    assert index_holds(app) == (3, set(first))
    return site, editor, first


def test_the_index_folder_taken_away_then_put_back(app: Flask, newsroom,  # type: ignore[no-untyped-def]
                                                    index_dir: Path, tmp_path: Path) -> None:
    site, editor, first = newsroom
    away = tmp_path / "index-elsewhere"
    index_dir.rename(away)  # a volume unmounted, a folder moved by mistake

    assert_search_says_unavailable(app)
    rows_before = outbox_rows(app)
    later = [publish(app, site, editor, title) for title in TITLES[3:]]
    take_down(app, site, editor, first[0])
    # Publishing went on; the outbox kept each change, marked as failed, for later.
    pending = pending_outbox(app)
    assert {item_id for item_id, _a, _e in pending} == {*later, first[0]}
    assert all(attempts >= 1 and error for _i, attempts, error in pending)
    assert outbox_rows(app) == rows_before + 3
    # No empty index was made in its place (it would have lost every item).
    assert not (index_dir / "meta.json").exists()
    runner = app.test_cli_runner()
    assert runner.invoke(args=["search", "status"]).exit_code == 1

    if index_dir.exists():
        index_dir.rmdir()
    away.rename(index_dir)  # the folder is back
    let_the_back_off_pass(app)
    with app.app_context():
        assert indexer.drain() == 3  # what the worker's next pass does
    assert pending_outbox(app) == []
    published = published_in_database(app)
    assert published == {*first[1:], *later}
    count, found = index_holds(app)
    assert count == len(published) == 4
    assert found == published  # nothing missing, the taken-down item gone
    assert host_client(app, A_HOST).get("/tim-kiem?q=giao thông").status_code == 200


@pytest.mark.parametrize("damage", ["segments", "meta"])
def test_a_corrupt_index_is_rebuilt_by_reindex(app: Flask, newsroom, index_dir: Path,  # type: ignore[no-untyped-def]
                                               damage: str) -> None:
    site, editor, first = newsroom
    corrupt(index_dir, damage)

    assert_search_says_unavailable(app)
    later = [publish(app, site, editor, title) for title in TITLES[3:]]
    take_down(app, site, editor, first[0])
    assert {item_id for item_id, _a, _e in pending_outbox(app)} == {*later, first[0]}

    runner = app.test_cli_runner()
    status = runner.invoke(args=["search", "status"])
    assert status.exit_code == 1 and "unavailable" in status.output
    reindex = runner.invoke(args=["search", "reindex"])
    assert reindex.exit_code == 0, reindex.output
    assert "4 documents indexed" in reindex.output
    published = published_in_database(app)
    count, found = index_holds(app)
    assert count == len(published) == 4 and found == published

    # The rows kept by the outbox, retried once due, change nothing more.
    let_the_back_off_pass(app)
    with app.app_context():
        assert indexer.drain() == 3
    assert pending_outbox(app) == []
    assert index_holds(app) == (4, published)
    status = runner.invoke(args=["search", "status"])
    assert status.exit_code == 0 and "4 documents" in status.output


def corrupt(directory: Path, damage: str) -> None:
    """Overwrite bytes in place (never truncating: a file shortened under tantivy's
    memory map kills the process with SIGBUS, which no handler can answer)."""
    if damage == "meta":
        with open(directory / "meta.json", "r+b") as handle:
            handle.write(b"{garbage")
        return
    for path in directory.iterdir():
        if path.suffix in (".idx", ".term", ".store", ".pos", ".fast"):
            size = path.stat().st_size
            with open(path, "r+b") as handle:
                for offset in range(0, size, 7):
                    handle.seek(offset)
                    handle.write(b"\xff")
