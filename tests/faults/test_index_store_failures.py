"""The embedded index's folder, damaged under a running backend: every read and write
says ``SearchUnavailable`` (never tantivy's own errors, which would be a 500 or, for a
Rust panic, escape ``except Exception``), a folder that has gone is not replaced by an
empty index, and ``rebuild`` replaces what cannot be read. Quick: no app."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from search.backends.base import SearchUnavailable
from search.backends.embedded import EmbeddedBackend
from search.types import SearchDocument, SearchQuery


def document(item_id: int) -> SearchDocument:
    return SearchDocument(item_id=item_id, tenant_id=1, tenant_path="/1/", site_name="Sở",
                          site_host="so.localhost", url=f"http://so.localhost/tin/{item_id}",
                          type="article", locale="vi", title=f"Đường giao thông số {item_id}",
                          summary="", body_text="Đường dài 2 km.",
                          published_at=datetime(2026, 1, 5, tzinfo=UTC))


@pytest.fixture
def backend(tmp_path: Path):  # type: ignore[no-untyped-def]
    backend = EmbeddedBackend(tmp_path / "index")
    backend.index([document(i) for i in range(1, 6)])
    backend.refresh()
    assert backend.count() == 5
    yield backend
    backend.close()


def every_use_is_unavailable(backend: EmbeddedBackend) -> None:
    for use in (lambda: backend.search(SearchQuery(text="đường")),
                lambda: backend.suggest(SearchQuery(text="đườ")),
                backend.count,
                lambda: backend.index([document(9)]),
                lambda: backend.delete([1])):
        with pytest.raises(SearchUnavailable):
            use()


def test_a_folder_that_has_gone_is_unavailable_until_it_is_back(backend, tmp_path: Path):  # type: ignore[no-untyped-def]
    away = tmp_path / "elsewhere"
    backend.directory.rename(away)
    every_use_is_unavailable(backend)
    assert not (backend.directory / "meta.json").exists()  # no empty index in its place
    if backend.directory.exists():
        backend.directory.rmdir()
    away.rename(backend.directory)
    backend.index([document(6)])
    backend.refresh()
    assert backend.count() == 6
    assert backend.search(SearchQuery(text="đường")).total == 6


def test_a_corrupt_index_is_unavailable_and_rebuilt(backend) -> None:  # type: ignore[no-untyped-def]
    with open(backend.directory / "meta.json", "r+b") as handle:
        handle.write(b"{garbage")
    every_use_is_unavailable(backend)
    assert EmbeddedBackend(backend.directory).rebuild(document(i) for i in range(1, 4)) == 3
    backend.refresh()
    assert backend.count() == 3
    assert backend.search(SearchQuery(text="đường")).total == 3


def test_a_gone_folder_is_rebuilt(backend) -> None:  # type: ignore[no-untyped-def]
    import shutil
    shutil.rmtree(backend.directory)
    every_use_is_unavailable(backend)
    assert backend.rebuild(document(i) for i in range(1, 5)) == 4
    assert backend.count() == 4
