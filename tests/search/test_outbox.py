"""The outbox keeps the index true: rows in the publishing transaction, an idempotent
drain, retries with back-off after a backend failure, and in embedded mode a drain
right after the request that published."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select, update

from hub.core.clock import utcnow
from hub.extensions import db
from search import indexer
from search.backends.base import SearchUnavailable
from search.models import SearchOutbox
from search.types import SearchDocument, SearchQuery
from tenants.context import unscoped
from tests.factories import csrf_from, host_client, login
from tests.search.conftest import Corpus, drain_all
from tests.search.corpus import act


def outbox(app) -> list[SearchOutbox]:  # type: ignore[no-untyped-def]
    with app.app_context(), unscoped():
        db.session.remove()
        rows = list(db.session.scalars(select(SearchOutbox).order_by(SearchOutbox.id)))
        for row in rows:
            db.session.expunge(row)
        return rows


class Failing:
    """A backend whose writes fail as an unreachable engine's do."""

    name = "failing"

    def __init__(self) -> None:
        self.calls = 0

    def index(self, documents: Iterable[SearchDocument]) -> None:
        self.calls += 1
        raise SearchUnavailable("connection refused")

    delete = index


def test_publishing_writes_outbox_rows_in_its_transaction(app, corpus: Corpus) -> None:  # type: ignore[no-untyped-def]
    rows = outbox(app)
    assert rows and all(row.processed_at is not None for row in rows)
    approved = {row.item_id for row in rows if row.reason == "approve"}
    assert corpus.ids["Thu hoạch na Chi Lăng vụ mùa"] in approved
    # Drafts never wrote a row.
    assert corpus.ids["Bản nháp sở chưa duyệt: sáng kiến bí mật cấp sở"] not in \
        {row.item_id for row in rows}


def test_a_failed_drain_backs_off_then_succeeds(app, corpus: Corpus) -> None:  # type: ignore[no-untyped-def]
    province = corpus.sites["province"]
    email = f"admin@{province.slug}.gov.vn"
    item_id = corpus.ids["Tăng cường phòng chống cháy rừng mùa khô"]
    act(app, province, item_id, "take_down", email)
    failing = Failing()
    with app.app_context():
        assert indexer.drain_batch(failing) == 1  # type: ignore[arg-type]
        db.session.commit()
        # Backed off: not due again at once.
        assert indexer.drain_batch(failing) == 0  # type: ignore[arg-type]
        db.session.commit()
    row = outbox(app)[-1]
    assert row.processed_at is None and row.attempts == 1
    assert "connection refused" in row.last_error
    assert row.available_at is not None
    assert indexer.backoff(1) < indexer.backoff(2) < indexer.backoff(3)
    assert indexer.backoff(50) == indexer.MAX_DELAY
    # Still found: the take-down has not reached the index yet.
    assert corpus.backend.search(SearchQuery(text="cháy rừng")).total == 1
    with app.app_context(), unscoped():  # the back-off has passed
        db.session.execute(update(SearchOutbox).values(available_at=None))
        db.session.commit()
    assert drain_all(app, corpus.backend) == 1
    assert corpus.backend.search(SearchQuery(text="cháy rừng")).total == 0
    row = outbox(app)[-1]
    assert row.processed_at is not None and row.last_error is None


def test_replaying_rows_is_idempotent(app, corpus: Corpus) -> None:  # type: ignore[no-untyped-def]
    before = corpus.backend.count()
    with app.app_context(), unscoped():
        db.session.execute(update(SearchOutbox).values(processed_at=None))
        db.session.commit()
    assert drain_all(app, corpus.backend) == len(outbox(app))
    assert corpus.backend.count() == before
    assert corpus.backend.search(SearchQuery(text="chi lăng")).total == 1


def test_embedded_mode_drains_right_after_the_request(app, corpus: Corpus) -> None:  # type: ignore[no-untyped-def]
    """Taken down through the staff pages: gone from search as soon as the response is
    back, with no worker running."""
    province = corpus.sites["province"]
    email = f"admin@{province.slug}.gov.vn"
    item_id = corpus.ids["Thủ tục đăng ký đất đai lần đầu"]
    assert corpus.backend.search(SearchQuery(text="đăng ký đất đai")).total >= 1
    client = host_client(app, "langson.localhost")
    assert login(client, email).status_code == 302
    token = csrf_from(client.get("/quan-tri/").text)
    response = client.post(f"/quan-tri/noi-dung/{item_id}/chuyen-trang-thai",
                           data={"action": "take_down", "comment": "Vi phạm",
                                 "csrf_token": token})
    assert response.status_code == 302
    corpus.backend.refresh()
    assert all(row.processed_at is not None for row in outbox(app))
    assert item_id not in [h.item_id for h in corpus.backend.search(
        SearchQuery(text="đăng ký đất đai", per_page=50)).hits]


def test_indexed_rows_are_purged_a_week_later_and_pending_ones_kept(app, corpus: Corpus) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from hub.core.jobs import run_pass
    rows = outbox(app)
    old, recent, pending = rows[0].id, rows[1].id, rows[2].id
    with app.app_context(), unscoped():
        db.session.execute(update(SearchOutbox).where(SearchOutbox.id == old)
                           .values(processed_at=utcnow() - timedelta(days=8)))
        db.session.execute(update(SearchOutbox).where(SearchOutbox.id == pending)
                           .values(processed_at=None, available_at=utcnow() + timedelta(hours=1),
                                   attempts=3, created_at=utcnow() - timedelta(days=30)))
        db.session.commit()
        results = run_pass()
    assert results["search_outbox_purge"] == 1
    left = {row.id for row in outbox(app)}
    assert old not in left and {recent, pending} <= left
    assert len(left) == len(rows) - 1


def test_documents_are_built_with_a_few_queries_per_batch_not_per_item(app, corpus: Corpus) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import event

    from search.documents import all_public_documents

    sent: list[str] = []
    with app.app_context(), unscoped():
        db.session.remove()
        engine = db.engine
        listener = lambda *args: sent.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            documents = list(all_public_documents())
        finally:
            event.remove(engine, "before_cursor_execute", listener)
    queries = [statement for statement in sent if "set_config" not in statement]
    types = {doc.type for doc in documents}
    assert len(documents) > 3 * len(types) + 3
    # Items, each type's own columns, sites, hosts, the files' text, the copies of the
    # documents and procedures, then the empty next batch.
    assert len(queries) <= 1 + len(types) + 4 + 1, queries
    for doc in documents:  # every hit still names its site's host and links to it
        assert doc.site_host and doc.url.startswith(f"https://{doc.site_host}/")
    numbered = [doc for doc in documents if doc.type == "legal_document"]
    assert numbered and all(doc.document_number for doc in numbered)
