"""A rebuild analyses its documents on every core (``converting``): worker processes
give the same fields, in the same order, as the process would itself."""

from __future__ import annotations

from datetime import UTC, datetime

from search.backends.embedded import EmbeddedBackend
from search.backends.embedded.converting import PARALLEL_FROM, converted
from search.backends.embedded.schema import fields_of
from search.types import SearchDocument, SearchQuery


def _documents(count: int) -> list[SearchDocument]:
    return [SearchDocument(
        item_id=n, tenant_id=1 + n % 3, tenant_path=f"/1/{1 + n % 3}/", site_name="Xã",
        site_host="xa.localhost", url=f"http://xa.localhost/tin-tuc/{n}", type="article",
        locale="vi", title=f"Thông báo số {n} về đất đai", summary="Tóm tắt.",
        body_text="Nội dung thông báo.", published_at=datetime(2026, 1, 1, tzinfo=UTC),
        files=(("phu-luc.pdf", f"Phụ lục {n}: tinh dầu hồi"),) if n % 7 == 0 else ())
        for n in range(1, count + 1)]


def test_workers_give_the_fields_the_process_would(tmp_path) -> None:  # type: ignore[no-untyped-def]
    documents = _documents(PARALLEL_FROM + 300)
    assert list(converted(documents, workers=2)) == [fields_of(doc) for doc in documents]
    backend = EmbeddedBackend(tmp_path / "index")
    assert backend.rebuild(iter(documents)) == len(documents)
    backend.refresh()
    assert backend.search(SearchQuery(text="tinh dầu hồi")).total == len(documents) // 7
    backend.close()
