"""An embedded index built by an older version of the portal (another tantivy schema)
is reported as such — by ``flask search status`` and as "temporarily unavailable" to
citizens, never a 500 — and ``flask search reindex`` replaces it."""

from __future__ import annotations

from pathlib import Path

import pytest
import tantivy

from search.service import set_backend
from tests.factories import host_client
from tests.search.conftest import Corpus


def old_index(directory: Path) -> None:
    """An index of the first schema's shape: the body stored as an indexed raw field."""
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True, indexed=True, fast=True)
    builder.add_text_field("body_text", tokenizer_name="raw", stored=True,
                           index_option="basic")
    index = tantivy.Index(builder.build(), path=str(directory))
    writer = index.writer(15_000_000, 1)
    writer.add_document(tantivy.Document(id=1, body_text="Đường giao thông"))
    writer.commit()
    writer.wait_merging_threads()


def test_an_index_of_another_schema_is_reported_then_rebuilt(app, corpus: Corpus,  # type: ignore[no-untyped-def]
                                                            tmp_path: Path) -> None:
    if corpus.backend.name != "embedded":
        pytest.skip("an Elasticsearch index is versioned by its mapping and alias instead")
    directory = tmp_path / "old-index"
    directory.mkdir()
    old_index(directory)
    app.config["SEARCH_INDEX_DIR"] = str(directory)
    set_backend(app, None)  # the app opens the folder from its configuration
    runner = app.test_cli_runner()
    client = host_client(app, "langson.localhost")

    status = runner.invoke(args=["search", "status"])
    assert status.exit_code == 1
    assert "run `flask search reindex`" in status.output
    page = client.get("/tim-kiem?q=đường")
    assert page.status_code == 503
    assert client.get("/api/v1/search?q=đường").status_code == 503

    # What `make run` does after an upgrade: rebuild only an index it cannot read.
    reindex = runner.invoke(args=["search", "reindex", "--if-unreadable"])
    assert reindex.exit_code == 0, reindex.output
    assert "documents indexed" in reindex.output
    again = runner.invoke(args=["search", "reindex", "--if-unreadable"])
    assert again.exit_code == 0 and "readable; not rebuilt" in again.output
    status = runner.invoke(args=["search", "status"])
    assert status.exit_code == 0, status.output
    found = client.get("/api/v1/search?q=duong cao toc").get_json()
    assert [hit["title"] for hit in found["results"]][:1] == [
        "Khởi công Đường cao tốc Đồng Đăng - Trà Lĩnh"]
    # Only the database's published items: nothing of the old index is left.
    published = int(status.output.split("database: ")[1].split()[0])
    assert f"embedded: {published} documents" in status.output
    set_backend(app, None)
