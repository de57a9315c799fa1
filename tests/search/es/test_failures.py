"""The Elasticsearch backend under failure, against a local HTTP server (no cluster).

What a citizen and an editor must see when the cluster misbehaves: a busy cluster (429)
is retried with back-off; a bulk write where one document fails raises for that one
only, so the outbox retries it and the others are done; an 8.x cluster refusing a 9.x
client's version header, or no cluster at all, is "search unavailable" with a message
naming the fix — never a crash. The server answers as Elasticsearch does; it is not a
statement of how Elasticsearch ranks (the live-cluster suite is).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from search.backends.base import SearchUnavailable
from search.backends.elasticsearch import ElasticsearchBackend, PartialIndexFailure
from search.es_mapping import MAPPING_VERSION
from search.types import SearchDocument, SearchQuery
from tests.search.es.fake_cluster import (
    FakeCluster,
    Request,
    bulk_items,
    closed_port,
    es_error,
    search_response,
)

BACKOFF = 0.02


def document(item_id: int) -> SearchDocument:
    return SearchDocument(
        item_id=item_id, tenant_id=7, tenant_path="/1/7/", site_name="Sở Khoa học",
        site_host="sokhcn.langson.localhost", url=f"http://sokhcn.langson.localhost/{item_id}",
        type="article", locale="vi", title=f"Tin số {item_id}", summary="Tóm tắt",
        body_text="Nội dung", published_at=datetime(2026, 11, 2, 8, 0, tzinfo=UTC))


def source(item_id: int) -> dict[str, object]:
    return {"item_id": item_id, "title": f"Tin số {item_id}", "url": f"http://x/{item_id}",
            "site_name": "Sở Khoa học", "site_host": "sokhcn.langson.localhost",
            "type": "article", "summary": "Đường <b>mới</b>",
            "published_at": "2026-11-02T08:00:00+00:00"}


@pytest.fixture
def cluster_with():
    started: list[FakeCluster] = []

    def start(app) -> tuple[FakeCluster, ElasticsearchBackend]:
        cluster = FakeCluster(app)
        started.append(cluster)
        backend = ElasticsearchBackend(cluster.url, "portal-items", request_timeout=5,
                                       max_retries=3, initial_backoff=BACKOFF)
        return cluster, backend

    yield start
    for cluster in started:
        cluster.stop()


def rejected() -> tuple[int, object]:
    return es_error(429, "es_rejected_execution_exception",
                    "rejected execution of coordinating operation")


def test_a_busy_cluster_is_retried_with_back_off(cluster_with):
    answers = [rejected(), rejected(), (200, search_response(source(1)))]
    cluster, backend = cluster_with(lambda request: answers.pop(0))
    started = time.monotonic()
    results = backend.search(SearchQuery(text="đường"))
    assert time.monotonic() - started >= BACKOFF + 2 * BACKOFF  # waited, growing
    assert [h.item_id for h in results.hits] == [1]
    assert results.hits[0].snippet == "Đường &lt;b&gt;mới&lt;/b&gt;"  # escaped fallback
    assert cluster.paths() == ["POST /portal-items/_search"] * 3


def test_a_cluster_busy_for_too_long_is_unavailable(cluster_with):
    cluster, backend = cluster_with(lambda request: rejected())
    with pytest.raises(SearchUnavailable, match="429"):
        backend.search(SearchQuery(text="đường"))
    assert len(cluster.requests) == 4  # the first try and 3 retries


def _with_alias(bulk):
    def app(request: Request):
        if request.method == "HEAD" and request.path.startswith("/_alias/"):
            return 200, None
        if request.method == "GET" and request.path.startswith("/_alias/"):
            return 200, {"portal-items-v1-1": {"aliases": {"portal-items": {}}}}
        return bulk(request)
    return app


def test_a_bulk_answered_429_is_sent_again(cluster_with):
    calls = []

    def bulk(request):
        calls.append(request)
        return rejected() if len(calls) == 1 else (200, bulk_items(request))

    cluster, backend = cluster_with(_with_alias(bulk))
    backend.index([document(1), document(2)])
    assert len(calls) == 2
    assert [line["index"]["_id"] for line in calls[1].ndjson() if "index" in line] == ["1", "2"]


def test_a_partial_bulk_failure_names_only_the_failed_items(cluster_with):
    calls = []

    def bulk(request):
        calls.append(request)
        return 200, bulk_items(request, fail={"2": (400, {
            "type": "document_parsing_exception",
            "reason": "[1:120] failed to parse field [published_at] of type [date]"})})

    cluster, backend = cluster_with(_with_alias(bulk))
    with pytest.raises(PartialIndexFailure) as caught:
        backend.index([document(1), document(2), document(3)])
    assert caught.value.failed_ids == [2]
    assert "document_parsing_exception" in str(caught.value)
    assert isinstance(caught.value, SearchUnavailable)  # the indexer retries later
    assert len(calls) == 1  # a 400 is not retried at once: the outbox does it


def test_one_document_rejected_with_429_is_retried_alone(cluster_with):
    calls = []

    def bulk(request):
        calls.append(request)
        busy = {"2": (429, {"type": "es_rejected_execution_exception", "reason": "queue full"})}
        return 200, bulk_items(request, fail=busy if len(calls) == 1 else None)

    cluster, backend = cluster_with(_with_alias(bulk))
    backend.index([document(1), document(2), document(3)])
    assert [line["index"]["_id"] for line in calls[1].ndjson() if "index" in line] == ["2"]


def test_deleting_an_item_that_is_not_indexed_is_not_an_error(cluster_with):
    def bulk(request):
        body = bulk_items(request)
        body["items"][0]["delete"].update(status=404, result="not_found")
        return 200, body

    cluster, backend = cluster_with(_with_alias(bulk))
    backend.delete([42])
    assert cluster.requests[-1].ndjson() == [{"delete": {"_index": "portal-items", "_id": "42"}}]


def test_an_8x_cluster_rejecting_the_9x_header_says_to_pin_the_client(cluster_with):
    def app(request: Request):
        # What Elasticsearch 8.x answers to "compatible-with=9".
        assert "compatible-with=9" in request.headers["accept"]
        return es_error(400, "media_type_header_exception",
                        "Invalid media-type value on headers [Accept, Content-Type]",
                        caused_by={"type": "status_exception", "reason":
                                   "Accept version must be either version 8 or 7, but found 9. "
                                   "Accept=application/vnd.elasticsearch+json; compatible-with=9"})

    cluster, backend = cluster_with(app)
    with pytest.raises(SearchUnavailable) as caught:
        backend.search(SearchQuery(text="đường"))
    assert "elasticsearch>=8,<9" in str(caught.value)
    assert len(cluster.requests) == 1  # not retried: retrying cannot help


def test_no_cluster_listening_is_unavailable_not_a_crash():
    backend = ElasticsearchBackend(f"http://127.0.0.1:{closed_port()}", request_timeout=2,
                                   max_retries=1)
    with pytest.raises(SearchUnavailable, match="cannot be reached"):
        backend.search(SearchQuery(text="đường"))
    with pytest.raises(SearchUnavailable):
        backend.index([document(1)])


def test_rebuild_loads_a_new_index_then_swaps_the_alias_atomically(cluster_with):
    def app(request: Request):
        if request.path.startswith("/_alias/"):
            return 200, ({"portal-items-v1-20260101000000000000": {"aliases": {"portal-items": {}}}}
                         if request.method == "GET" else None)
        if request.path == "/_bulk":
            return 200, bulk_items(request)
        if request.path == "/_aliases" or request.path.endswith("/_refresh"):
            return 200, {"acknowledged": True, "_shards": {"total": 1, "successful": 1,
                                                           "failed": 0}}
        if request.method == "PUT":
            return 200, {"acknowledged": True, "shards_acknowledged": True,
                         "index": request.path.strip("/")}
        if request.method == "DELETE":
            return 200, {"acknowledged": True}
        return 404, None

    cluster, backend = cluster_with(app)
    assert backend.rebuild([document(1), document(2)]) == 2
    steps = cluster.paths()
    new = next(p.split()[1].strip("/") for p in steps if p.startswith("PUT "))
    assert new.startswith(f"portal-items-v{MAPPING_VERSION}-")
    assert new != "portal-items-v1-20260101000000000000"
    # The client sends _bulk as PUT; the order is the point: load, refresh, swap, drop.
    assert steps[-5:] == [f"PUT /{new}", "PUT /_bulk", f"POST /{new}/_refresh",
                          "POST /_aliases", "DELETE /portal-items-v1-20260101000000000000"]
    created = next(r for r in cluster.requests if r.method == "PUT").json()
    assert created["settings"]["index"]["number_of_shards"] == 1
    bulk = next(r for r in cluster.requests if r.path == "/_bulk").ndjson()
    assert {line["index"]["_index"] for line in bulk if "index" in line} == {new}
    swap = next(r for r in cluster.requests if r.path == "/_aliases").json()
    assert swap == {"actions": [
        {"remove": {"index": "portal-items-v1-20260101000000000000", "alias": "portal-items"}},
        {"add": {"index": new, "alias": "portal-items"}}]}  # one request: no gap


def test_a_cluster_with_nothing_indexed_yet_finds_nothing(cluster_with):
    cluster, backend = cluster_with(lambda request: es_error(
        404, "index_not_found_exception", "no such index [portal-items]",
        index="portal-items"))
    results = backend.search(SearchQuery(text="đường"))
    assert (results.total, results.hits) == (0, [])
    assert backend.suggest(SearchQuery(text="đườ")) == []


def test_nothing_searchable_typed_asks_nothing(cluster_with):
    cluster, backend = cluster_with(lambda request: (500, None))
    for text in ("", "   ", 'NEAR ( : - * "'):
        assert backend.search(SearchQuery(text=text)).total == 0
    for text in ("", "   ", '( : - * "'):
        assert backend.suggest(SearchQuery(text=text)) == []
    assert cluster.requests == []


def test_a_failed_rebuild_leaves_the_live_index_and_drops_the_new_one(cluster_with):
    def app(request: Request):
        if request.path.startswith("/_alias/"):
            return 200, ({"portal-items-v1-20260101000000000000": {"aliases": {"portal-items": {}}}}
                         if request.method == "GET" else None)
        if request.path == "/_bulk":
            return 200, bulk_items(request, fail={"2": (400, {"type": "document_parsing_exception",
                                                               "reason": "bad date"})})
        if request.method == "PUT":
            return 200, {"acknowledged": True, "index": request.path.strip("/")}
        if request.method == "DELETE":
            return 200, {"acknowledged": True}
        return 404, None

    cluster, backend = cluster_with(app)
    with pytest.raises(PartialIndexFailure):
        backend.rebuild([document(1), document(2)])
    steps = cluster.paths()
    new = next(p.split()[1] for p in steps
               if p.startswith(f"PUT /portal-items-v{MAPPING_VERSION}-"))
    assert "POST /_aliases" not in steps  # the alias never moved
    assert steps[-1] == f"DELETE {new}"
