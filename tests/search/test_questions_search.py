"""Published questions and their answers are found by the shared search, as documents
of their own type ("question"), linked to the question's page on its site: with and
without diacritics, in the scopes of the site that answered, never before they are
published nor after they are unpublished, and never by the citizen's name, email,
phone or own text."""

from __future__ import annotations

from flask import Flask
from flask_babel import force_locale

from hub.extensions import db
from hub.questions import operations
from hub.questions.fields import field_label
from hub.questions.models import Question
from search.backends.base import SearchBackend
from search.controllers import type_label
from search.outbox import enqueue
from search.types import SearchQuery
from tenants.context import tenant_scope
from tenants.models import Tenant
from tests.factories import host_client
from tests.questions.helpers import SAMPLE, World, build_world, receive
from tests.search.conftest import drain_all
from tests.search.es.test_failures import cluster_with  # noqa: F401 - the fixture

PROVINCE = "langson.localhost"
DEPT = "sokhcn.langson.localhost"
COMMUNE = "xathongnhat.langson.localhost"
ENGLISH = "english.langson.localhost"

PUBLIC = {
    "public_name": "Nguyễn V. A.",
    "public_title": "Hồ sơ cấp giấy chứng nhận quyền sử dụng đất lần đầu",
    "public_body": "Hồ sơ cấp giấy chứng nhận lần đầu gồm những giấy tờ gì?",
    "public_answer": "<p>Hồ sơ gồm đơn đăng ký và giấy tờ về nguồn gốc thửa đất, "
                     "nộp tại Bộ phận một cửa phường Tam Thanh.</p>",
}
ANSWER = ("<p>Kính gửi ông Nguyễn Văn An. Hồ sơ gồm đơn đăng ký và giấy tờ về nguồn gốc "
          "thửa đất, nộp tại Bộ phận một cửa phường Tam Thanh.</p>")


def _acting(app: Flask, tenant: Tenant):  # type: ignore[no-untyped-def]
    host = f"{tenant.slug}.localhost"
    return app.test_request_context(base_url=f"http://{host}/"), tenant_scope(tenant.id)


def answered_question(app: Flask, world: World, tenant: Tenant | None = None) -> int:
    """A question received and answered by the department (not published)."""
    tenant = tenant or world.department
    question_id = receive(app, tenant)
    request_context, scope = _acting(app, tenant)
    with request_context, scope:
        question = db.session.get(Question, question_id)
        editor = world.user("department_editor")
        approver = world.user("department_approver")
        operations.classify(question, field="land", level="own", actor=editor)
        operations.save_draft(question, answer=ANSWER, signer_name="Hoàng Minh Tuấn",
                              signer_title="Giám đốc Sở", actor=editor, submit=True)
        operations.send_answer(question, actor=approver)
        db.session.commit()
    return question_id


def publish(app: Flask, world: World, question_id: int, **public: str) -> None:
    request_context, scope = _acting(app, world.department)
    with request_context, scope:
        operations.publish(db.session.get(Question, question_id),
                           actor=world.user("department_approver"), **{**PUBLIC, **public})
        db.session.commit()


def unpublish(app: Flask, world: World, question_id: int) -> None:
    request_context, scope = _acting(app, world.department)
    with request_context, scope:
        operations.unpublish(db.session.get(Question, question_id),
                             actor=world.user("department_approver"))
        db.session.commit()


def published_question(app: Flask, world: World) -> int:
    """A question of the department, answered and published with ``PUBLIC``."""
    question_id = answered_question(app, world)
    publish(app, world, question_id)
    return question_id


def api_titles(host: str, app: Flask, query: str) -> list[str]:
    response = host_client(app, host).get(f"/api/v1/search?{query}")
    assert response.status_code == 200, response.text
    return [hit["title"] for hit in response.get_json()["results"]]


def test_a_published_question_is_found_with_and_without_diacritics(
        app: Flask, province: Tenant, search_backend: SearchBackend) -> None:
    world = build_world(app, province)
    question_id = published_question(app, world)
    drain_all(app, search_backend)
    title = PUBLIC["public_title"]

    for query in ("q=thửa+đất", "q=thua+dat", "q=Tam+Thanh", "q=giay+chung+nhan"):
        assert api_titles(DEPT, app, query) == [title], query
    body = host_client(app, DEPT).get("/api/v1/search?q=thua+dat").get_json()
    hit = body["results"][0]
    assert hit["type"] == "question"
    assert hit["url"] == f"http://{DEPT}/hoi-dap/{question_id}"
    assert hit["site"] == "Sở Khoa học và Công nghệ"
    assert "<mark>thửa</mark>" in hit["snippet"]
    with app.test_request_context(base_url=f"http://{DEPT}/"), force_locale("vi"):
        land = field_label("land")  # the field as the site's Vietnamese pages name it
        question = type_label("question")
    assert {"value": "question", "label": question, "count": 1} in body["facets"]["type"]
    assert {"value": str(world.department.id), "label": "Sở Khoa học và Công nghệ",
            "count": 1} in body["facets"]["site"]
    assert body["facets"]["field"] == [{"value": land, "label": land, "count": 1}]
    assert api_titles(DEPT, app, f"q=dat&field={land}") == [title]

    # Only questions, by their type; the type is a known value.
    assert api_titles(DEPT, app, "q=dat&type=question") == [title]
    assert api_titles(DEPT, app, "q=dat&type=article") == []
    assert host_client(app, DEPT).get("/api/v1/search?q=dat&type=hoi-dap").status_code == 400

    page = host_client(app, DEPT).get("/tim-kiem?q=thua+dat")
    assert page.status_code == 200
    assert title in page.text
    assert f'href="http://{DEPT}/hoi-dap/{question_id}"' in page.text
    assert '<option value="question"' in page.text


def test_the_scopes_of_a_question_are_its_sites(
        app: Flask, province: Tenant, search_backend: SearchBackend) -> None:
    world = build_world(app, province)
    published_question(app, world)
    drain_all(app, search_backend)
    title = PUBLIC["public_title"]

    assert api_titles(PROVINCE, app, "q=thua+dat") == [title]  # all sites by default
    assert api_titles(PROVINCE, app, "q=thua+dat&scope=subtree") == [title]
    assert api_titles(PROVINCE, app, "q=thua+dat&scope=site") == []
    assert api_titles(COMMUNE, app, "q=thua+dat") == []  # this site by default
    assert api_titles(COMMUNE, app, "q=thua+dat&scope=site") == []
    assert api_titles(COMMUNE, app, "q=thua+dat&scope=all") == [title]
    assert api_titles(DEPT, app, "q=thua+dat&scope=site") == [title]
    assert api_titles(
        PROVINCE, app, f"q=thua+dat&site={world.commune.id}") == []
    # A Vietnamese answer is not an English host's content.
    assert api_titles(ENGLISH, app, "q=thua+dat&scope=all") == []
    html = host_client(app, COMMUNE).get("/tim-kiem?q=thửa+đất&scope=site").text
    assert title not in html


def test_unpublishing_removes_the_question_from_search(
        app: Flask, province: Tenant, search_backend: SearchBackend) -> None:
    world = build_world(app, province)
    question_id = published_question(app, world)
    drain_all(app, search_backend)
    assert api_titles(PROVINCE, app, "q=thua+dat") == [PUBLIC["public_title"]]

    unpublish(app, world, question_id)
    drain_all(app, search_backend)
    assert api_titles(PROVINCE, app, "q=thua+dat") == []
    assert api_titles(DEPT, app, "q=Tam+Thanh") == []
    assert search_backend.search(SearchQuery(text="thua dat")).total == 0

    # Published again (with another title): found again, under the new one.
    publish(app, world, question_id, public_title="Giấy tờ về nguồn gốc thửa đất")
    drain_all(app, search_backend)
    assert api_titles(PROVINCE, app, "q=thua+dat") == ["Giấy tờ về nguồn gốc thửa đất"]


def test_only_a_published_question_can_become_a_document(
        app: Flask, province: Tenant, search_backend: SearchBackend) -> None:
    """Even asked to index an answered, unpublished question, the indexer does not."""
    world = build_world(app, province)
    question_id = answered_question(app, world)
    with app.app_context(), tenant_scope(world.department.id):
        enqueue(db.session.get(Question, question_id), "upsert", "test", source="question")
        db.session.commit()
    drain_all(app, search_backend)
    assert api_titles(PROVINCE, app, "q=thua+dat") == []
    assert api_titles(PROVINCE, app, "q=giay+chung+nhan") == []
    assert search_backend.count() == 0


def test_an_item_and_a_question_with_the_same_id_are_two_documents(
        app: Flask, province: Tenant, search_backend: SearchBackend) -> None:
    """Items and questions have their own ids: removing one never removes the other."""
    from search.documents import all_public_question_documents
    from search.types import SearchDocument
    from tenants.context import unscoped

    world = build_world(app, province)
    question_id = published_question(app, world)
    with app.test_request_context(base_url=f"http://{DEPT}/"), unscoped():
        question_doc = next(all_public_question_documents())
    item_doc = SearchDocument(
        item_id=question_id, tenant_id=world.department.id,
        tenant_path=question_doc.tenant_path, site_name="Sở", site_host=DEPT,
        url=f"http://{DEPT}/tin-tuc/mot", type="article", locale="vi",
        title="Tin về thửa ruộng bậc thang", summary="", body_text="",
        published_at=question_doc.published_at)
    assert item_doc.doc_id == str(question_id)
    assert question_doc.doc_id == f"question:{question_id}"
    search_backend.index([item_doc, question_doc])
    search_backend.refresh()
    assert search_backend.search(SearchQuery(text="thua")).total == 2
    search_backend.delete([str(question_id)])
    search_backend.refresh()
    hits = search_backend.search(SearchQuery(text="thua")).hits
    assert [(h.type, h.item_id) for h in hits] == [("question", question_id)]
    search_backend.delete([f"question:{question_id}"])
    search_backend.refresh()
    assert search_backend.search(SearchQuery(text="thua")).total == 0


def test_the_citizens_personal_data_is_never_in_the_index(
        app: Flask, province: Tenant, search_backend: SearchBackend) -> None:
    world = build_world(app, province)
    published_question(app, world)
    drain_all(app, search_backend)
    assert api_titles(PROVINCE, app, "q=thua+dat") == [PUBLIC["public_title"]]
    for private in (SAMPLE["name"], "Nguyen Van An", SAMPLE["email"], SAMPLE["phone"],
                    "0912345678", "điện thoại của tôi", "Kính gửi ông"):
        assert search_backend.search(SearchQuery(text=private)).total == 0, private
        response = host_client(app, PROVINCE).get("/api/v1/search",
                                                  query_string={"q": private})
        assert response.get_json()["results"] == [], private
        assert SAMPLE["email"] not in response.text


def test_elasticsearch_keeps_a_question_under_its_own_id(cluster_with) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """The same keys on the Elasticsearch side (a local server answering as a cluster):
    a question is written, deleted and reported failed as "question:<id>"."""
    from datetime import UTC, datetime

    import pytest

    from search.backends.elasticsearch import PartialIndexFailure
    from search.types import SearchDocument
    from tests.search.es.fake_cluster import bulk_items
    from tests.search.es.test_failures import _with_alias

    calls = []

    def bulk(request):  # type: ignore[no-untyped-def]
        calls.append(request)
        refused = {"question:7": (400, {"type": "document_parsing_exception",
                                        "reason": "bad"})}
        return 200, bulk_items(request, fail=refused if len(calls) == 1 else None)

    cluster, backend = cluster_with(_with_alias(bulk))
    question = SearchDocument(
        item_id=7, source="question", tenant_id=7, tenant_path="/1/7/", site_name="Sở",
        site_host=DEPT, url=f"http://{DEPT}/hoi-dap/7", type="question", locale="vi",
        title="Hỏi về thửa đất", summary="", body_text="Trả lời",
        published_at=datetime(2026, 12, 4, 8, 0, tzinfo=UTC))
    item = SearchDocument(**{**question.__dict__, "source": "item", "type": "article"})
    with pytest.raises(PartialIndexFailure) as caught:
        backend.index([item, question])
    assert caught.value.failed_ids == ["question:7"]
    lines = calls[0].ndjson()
    assert [line["index"]["_id"] for line in lines if "index" in line] == ["7", "question:7"]
    sources = [line for line in lines if "index" not in line]
    assert sources[1]["item_id"] == 7 and sources[1]["type"] == "question"
    backend.delete(["question:7", 7])
    assert [line["delete"]["_id"] for line in calls[-1].ndjson()] == ["question:7", "7"]


def test_a_rebuilt_index_holds_the_published_questions(
        app: Flask, province: Tenant, search_backend: SearchBackend) -> None:
    """``flask search reindex`` rebuilds from the database: items and published questions,
    never an unpublished one."""
    world = build_world(app, province)
    published_question(app, world)
    answered_question(app, world)                     # answered, not published
    result = app.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    search_backend.refresh()
    hits = search_backend.search(SearchQuery(text="thua dat"))
    assert hits.total == 1 and hits.hits[0].type == "question"
