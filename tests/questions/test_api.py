"""Questions in the open-data API: the published questions of a site (every site's on
the province portal), one of them, and the citizen's tracking lookup — a rate-limited
POST that shows the steps and the answer, never the citizen's name, email or phone; all
of it as the OpenAPI document declares, and the structure report names the section."""

from __future__ import annotations

import json
from typing import Any

from flask import Flask
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from sqlalchemy import select

from hub.accounts.models import User
from hub.extensions import db
from hub.questions import operations
from hub.questions.codes import TRACK_RULE, display
from hub.questions.models import Question
from tenants.context import tenant_scope
from tenants.models import Tenant
from tests.factories import create_user, host_client
from tests.questions.helpers import SAMPLE, build_world, receive
from tests.search.test_questions_search import (
    ANSWER,
    PUBLIC,
    answered_question,
    published_question,
    unpublish,
)

PROVINCE = "langson.localhost"
DEPT = "sokhcn.langson.localhost"
COMMUNE = "xathongnhat.langson.localhost"
ENGLISH = "english.langson.localhost"
# The citizen: never in any answer of the API.
PERSONAL = (SAMPLE["name"], SAMPLE["email"], SAMPLE["phone"], "0912345678")
# The citizen's own text and the answer as sent: never in the public lists.
UNPUBLISHED = ("điện thoại của tôi", "Kính gửi ông")


def published_question_on(app: Flask, site: Tenant) -> int:
    """A question received, answered and published on ``site`` by its own staff (the
    factory ``tests/test_foreign_ids.py`` names for ``api.question``)."""
    answerer = create_user(app, f"hoidap-{site.id}@example.gov.vn", {site: "approver"})
    question_id = receive(app, site)
    with app.test_request_context(base_url=f"http://{site.slug}.localhost/"), \
            tenant_scope(site.id):
        question = db.session.get(Question, question_id)
        actor = db.session.get(User, answerer.id)
        operations.classify(question, field="land", level="own", actor=actor)
        operations.save_draft(question, answer=ANSWER, signer_name="Hoàng Minh Tuấn",
                              signer_title="Chủ tịch", actor=actor, submit=True)
        operations.send_answer(question, actor=actor)
        operations.publish(question, actor=actor, **PUBLIC)
        db.session.commit()
    return question_id


def code_of(app: Flask, tenant: Tenant, question_id: int) -> str:
    with app.app_context(), tenant_scope(tenant.id):
        return db.session.get(Question, question_id).code


def assert_no_personal_data(body: Any, *, public: bool = False) -> None:
    text = json.dumps(body, ensure_ascii=False)
    for private in PERSONAL + (UNPUBLISHED if public else ()):
        assert private not in text, private


def track(app: Flask, host: str, code: str | None = None, **kwargs: Any):  # type: ignore[no-untyped-def]
    if "json" not in kwargs and "data" not in kwargs:
        kwargs["json"] = {"code": code}
    return host_client(app, host).post("/api/v1/questions/track", **kwargs)


def assert_error(response: Any, status: int) -> str:
    assert response.status_code == status, response.text
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert error["status"] == status and error["reason"]
    return error["reason"]


# --- published questions ---------------------------------------------------------------

def test_a_site_lists_its_published_questions_with_their_answers(
        app: Flask, province: Tenant) -> None:
    world = build_world(app, province)
    question_id = published_question(app, world)
    answered_question(app, world)  # answered, never published: not listed

    response = host_client(app, DEPT).get("/api/v1/questions")
    assert response.status_code == 200
    body = response.get_json()
    assert body["meta"] == {"page": 1, "per_page": 20, "total": 1, "pages": 1}
    [row] = body["data"]
    assert row["id"] == question_id and row["kind"] == "question"
    assert row["field"]["key"] == "land" and row["field"]["label"]
    assert row["title"] == PUBLIC["public_title"]
    assert row["question"] == PUBLIC["public_body"]
    assert row["answer"] == PUBLIC["public_answer"]
    assert row["answering_unit"] == "Sở Khoa học và Công nghệ"
    assert row["signer"] == {"name": "Hoàng Minh Tuấn", "title": "Giám đốc Sở"}
    assert row["asked_by"] == "Nguyễn V. A."
    assert len(row["received_on"]) == 10
    assert row["answered_at"].endswith("+07:00") and row["published_at"].endswith("+07:00")
    assert row["url"] == f"http://{DEPT}/hoi-dap/{question_id}"
    assert row["api_url"] == f"http://{DEPT}/api/v1/questions/{question_id}"
    assert row["site"] == {"id": world.department.id, "name": "Sở Khoa học và Công nghệ"}
    assert_no_personal_data(body, public=True)

    detail = host_client(app, DEPT).get(f"/api/v1/questions/{question_id}")
    assert detail.status_code == 200 and detail.get_json()["data"] == row

    # Another site lists none of them, and does not show it; nor its own to this one.
    assert host_client(app, COMMUNE).get("/api/v1/questions").get_json()["data"] == []
    assert_error(host_client(app, COMMUNE).get(f"/api/v1/questions/{question_id}"), 404)
    commune_id = published_question_on(app, world.commune)
    assert host_client(app, COMMUNE).get(f"/api/v1/questions/{commune_id}").status_code == 200
    assert_error(host_client(app, DEPT).get(f"/api/v1/questions/{commune_id}"), 404)
    assert [r["id"] for r in host_client(app, DEPT).get("/api/v1/questions").get_json()[
        "data"]] == [question_id]
    # A Vietnamese answer is not the English host's content.
    assert host_client(app, ENGLISH).get("/api/v1/questions").get_json()["data"] == []


def test_the_province_portal_lists_every_sites_questions(app: Flask, province: Tenant) -> None:
    world = build_world(app, province)
    question_id = published_question(app, world)
    client = host_client(app, PROVINCE)

    body = client.get("/api/v1/questions").get_json()
    assert [row["id"] for row in body["data"]] == [question_id]
    assert body["data"][0]["url"] == f"http://{DEPT}/hoi-dap/{question_id}"
    assert body["data"][0]["site"]["id"] == world.department.id
    assert_no_personal_data(body, public=True)
    filtered = client.get(f"/api/v1/questions?site={world.department.id}").get_json()
    assert [row["id"] for row in filtered["data"]] == [question_id]
    assert filtered["links"]["self"].startswith(f"http://{PROVINCE}/api/v1/questions?")
    assert client.get(f"/api/v1/questions?site={world.commune.id}").get_json()["data"] == []
    assert client.get("/api/v1/questions?field=land&kind=question").get_json()["meta"][
        "total"] == 1
    assert client.get("/api/v1/questions?field=tax").get_json()["data"] == []
    # The detail lives on the question's own site.
    assert_error(client.get(f"/api/v1/questions/{question_id}"), 404)
    assert host_client(app, DEPT).get(f"/api/v1/questions/{question_id}").status_code == 200

    unpublish(app, world, question_id)  # gone at once, from the province's list too
    assert client.get("/api/v1/questions").get_json()["data"] == []
    assert_error(host_client(app, DEPT).get(f"/api/v1/questions/{question_id}"), 404)


def test_bad_parameters_are_json_400s(app: Flask, province: Tenant) -> None:
    world = build_world(app, province)
    published_question(app, world)
    for host, query in ((DEPT, "page=0"), (DEPT, "per_page=1000"), (DEPT, "field=đất"),
                        (DEPT, "kind=complaint"), (DEPT, "from=2026-13-01"),
                        (DEPT, "from=2026-12-02&to=2026-12-01"), (DEPT, "q=đất"),
                        (DEPT, f"site={world.commune.id}"), (PROVINCE, "site=999999"),
                        (PROVINCE, "site=abc"), (DEPT, "page=1&page=2")):
        reason = assert_error(host_client(app, host).get(f"/api/v1/questions?{query}"), 400)
        assert "Traceback" not in reason, query
    assert_error(host_client(app, DEPT).get("/api/v1/questions?page=2"), 404)
    assert_error(host_client(app, DEPT).get("/api/v1/questions/1?x=1"), 400)


# --- tracking -------------------------------------------------------------------------

def test_the_tracking_lookup_shows_the_steps_and_the_answer(app: Flask, province: Tenant) -> None:
    world = build_world(app, province)
    question_id = published_question(app, world)
    code = code_of(app, world.department, question_id)

    response = track(app, DEPT, display(code))
    assert response.status_code == 200, response.text
    assert response.headers["Cache-Control"] == "no-store"
    data = response.get_json()["data"]
    assert data["code"] == display(code)
    assert data["status"]["state"] == "answered" and data["status"]["label"]
    assert [step["action"] for step in data["steps"]] == ["receive", "send", "publish"]
    assert data["steps"][1]["unit"] == "Sở Khoa học và Công nghệ"
    assert data["deadline"] is None
    answer = data["answer"]
    assert "Tam Thanh" in answer["answer"] and "Nguyễn Văn An" not in answer["answer"]
    assert answer["answering_unit"] == "Sở Khoa học và Công nghệ"
    assert answer["signer"] == {"name": "Hoàng Minh Tuấn", "title": "Giám đốc Sở"}
    assert_no_personal_data(data)

    # Typed loosely, or sent as a form: the same question; no CSRF token is needed.
    loose = track(app, DEPT, code.lower()[:4] + " " + code.lower()[4:])
    assert loose.get_json()["data"]["code"] == display(code)
    form = track(app, DEPT, data={"code": code})
    assert form.status_code == 200 and form.get_json()["data"]["code"] == display(code)


def test_an_open_question_shows_its_deadline_and_no_answer(app: Flask, province: Tenant) -> None:
    world = build_world(app, province)
    question_id = receive(app, world.commune)
    data = track(app, COMMUNE, code_of(app, world.commune, question_id)).get_json()["data"]
    assert data["status"]["state"] == "received"
    assert [step["action"] for step in data["steps"]] == ["receive"]
    assert data["answer"] is None
    assert_no_personal_data(data)


def test_a_forwarded_question_is_followed_where_it_was_asked(
        app: Flask, province: Tenant) -> None:
    world = build_world(app, province)
    question_id = receive(app, world.province)
    with app.test_request_context(base_url=f"http://{PROVINCE}/"), \
            tenant_scope(world.province.id):
        question = db.session.get(Question, question_id)
        operations.forward(question, to_tenant_id=world.department.id,
                           actor=world.user("province_editor"), note="Chuyển Sở xử lý")
        db.session.commit()
    code = code_of(app, world.province, question_id)
    data = track(app, PROVINCE, code).get_json()["data"]
    assert data["status"]["state"] == "forwarded"
    assert data["steps"][-1] == {"action": "forward", "label": data["steps"][-1]["label"],
                                 "date": data["steps"][-1]["date"],
                                 "unit": "Sở Khoa học và Công nghệ"}  # no inner note

    with app.test_request_context(base_url=f"http://{DEPT}/"), \
            tenant_scope(world.department.id):
        received = db.session.scalar(select(Question).where(
            Question.origin_id == question_id))
        operations.classify(received, field="land", level="own",
                            actor=world.user("department_editor"))
        operations.save_draft(received, answer=ANSWER, signer_name="Hoàng Minh Tuấn",
                              signer_title="Giám đốc Sở",
                              actor=world.user("department_editor"), submit=True)
        operations.send_answer(received, actor=world.user("department_approver"))
        db.session.commit()
    data = track(app, PROVINCE, code).get_json()["data"]
    assert data["status"]["state"] == "answered"
    assert [step["action"] for step in data["steps"]] == ["receive", "forward", "send"]
    assert data["answer"]["answering_unit"] == "Sở Khoa học và Công nghệ"
    assert_no_personal_data(data)
    # The code is the province's: the department's host does not know it.
    assert_error(track(app, DEPT, code), 404)


def test_unknown_malformed_or_missing_codes(app: Flask, province: Tenant) -> None:
    world = build_world(app, province)
    question_id = published_question(app, world)
    code = code_of(app, world.department, question_id)

    unknown = assert_error(track(app, DEPT, "2345-6789-ABCD"), 404)
    assert assert_error(track(app, DEPT, "not a code"), 404) == unknown
    assert assert_error(track(app, DEPT, "x" * 5000), 404) == unknown
    assert assert_error(track(app, DEPT, json={"code": 12}), 404) == unknown
    assert assert_error(track(app, COMMUNE, code), 404) == unknown  # another site's
    assert_error(track(app, DEPT, json={}), 400)
    assert_error(track(app, DEPT, json=["code"]), 400)
    assert_error(track(app, DEPT, data={"code": "  "}), 400)
    assert_error(track(app, DEPT, data="{", content_type="application/json"), 400)
    # Never in the address: a GET is refused, a code in the query string too.
    assert_error(host_client(app, DEPT).get(f"/api/v1/questions/track?code={code}"), 405)
    assert_error(host_client(app, DEPT).post(f"/api/v1/questions/track?code={code}",
                                             json={"code": code}), 400)


def test_the_tracking_lookup_is_rate_limited_per_client(app: Flask, province: Tenant) -> None:
    world = build_world(app, province)
    question_id = published_question(app, world)
    code = code_of(app, world.department, question_id)
    client = host_client(app, DEPT)
    # One budget with the tracking page: half spent there, half here.
    for _ in range(TRACK_RULE.limit // 2):
        assert client.get(f"/hoi-dap/tra-cuu?ma={code}").status_code == 200
    for _ in range(TRACK_RULE.limit - TRACK_RULE.limit // 2):
        assert client.post("/api/v1/questions/track", json={"code": code}).status_code == 200
    refused = client.post("/api/v1/questions/track", json={"code": code})
    assert_error(refused, 429)
    assert int(refused.headers["Retry-After"]) > 0
    assert "Tam Thanh" not in refused.text
    other = host_client(app, DEPT)
    other.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    assert other.post("/api/v1/questions/track", json={"code": code}).status_code == 200


# --- the document and the structure ------------------------------------------------------

def _checker(document: dict[str, Any]):  # type: ignore[no-untyped-def]
    registry = Registry().with_resource(
        "urn:portal-api", Resource.from_contents(document, default_specification=DRAFT202012))

    def check(template: str, method: str, status: int, body: Any) -> None:
        operation = document["paths"][template][method]
        schema = operation["responses"][str(status)]["content"]["application/json"]["schema"]
        validator = Draft202012Validator({"$ref": "urn:portal-api" + schema["$ref"]},
                                         registry=registry,
                                         format_checker=Draft202012Validator.FORMAT_CHECKER)
        errors = sorted(validator.iter_errors(body), key=str)
        assert not errors, f"{template} {status}: {errors[0].message} at {list(errors[0].path)}"
    return check


def test_the_document_declares_the_questions_and_real_answers_match(
        app: Flask, province: Tenant) -> None:
    world = build_world(app, province)
    question_id = published_question(app, world)
    open_id = receive(app, world.department)
    client = host_client(app, DEPT)
    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)
    paths = document["paths"]
    assert {"/api/v1/questions", "/api/v1/questions/{question_id}"} <= set(paths)
    assert set(paths["/api/v1/questions/track"]) == {"post"}
    assert {"Question", "QuestionList", "Tracking"} <= set(document["components"]["schemas"])
    check = _checker(document)

    check("/api/v1/questions", "get", 200, client.get("/api/v1/questions").get_json())
    check("/api/v1/questions", "get", 200,
          host_client(app, PROVINCE).get("/api/v1/questions").get_json())
    check("/api/v1/questions", "get", 400, client.get("/api/v1/questions?page=0").get_json())
    check("/api/v1/questions/{question_id}", "get", 200,
          client.get(f"/api/v1/questions/{question_id}").get_json())
    check("/api/v1/questions/{question_id}", "get", 404,
          client.get(f"/api/v1/questions/{open_id}").get_json())
    template = "/api/v1/questions/track"
    check(template, "post", 200,
          track(app, DEPT, code_of(app, world.department, question_id)).get_json())
    check(template, "post", 200,
          track(app, DEPT, code_of(app, world.department, open_id)).get_json())
    check(template, "post", 404, track(app, DEPT, "nope").get_json())
    check(template, "post", 400, track(app, DEPT, json={}).get_json())
    for _ in range(10):
        track(app, DEPT, "nope")
    check(template, "post", 429, track(app, DEPT, "nope").get_json())


def test_the_structure_reports_the_questions_section(app: Flask, province: Tenant) -> None:
    world = build_world(app, province)
    published_question(app, world)

    def section(host: str) -> dict[str, Any]:
        sections = host_client(app, host).get("/api/v1/structure").get_json()["data"][
            "sections"]
        return next(s for s in sections if s["code"] == "questions")

    mine = section(DEPT)
    assert mine["url"] == f"http://{DEPT}/hoi-dap"
    assert mine["present"] is True and mine["non_empty"] is True and mine["count"] == 1
    assert mine["last_updated"].endswith("+07:00")
    other = section(COMMUNE)
    assert other["url"] == f"http://{COMMUNE}/hoi-dap"
    assert other["present"] is True and other["count"] == 0 and other["non_empty"] is False
