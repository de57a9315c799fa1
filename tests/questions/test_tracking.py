"""The citizen follows a question with its code on the site where it was asked: its
public steps, the state it is in (a forwarded question: the receiving unit's), the
promised date, the answer once sent. Never the contact data, never cached; an unknown
code and a malformed one get the same answer, and look-ups are limited."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask

from hub.core.clock import local_today
from hub.extensions import db
from hub.questions import codes, deadlines, operations
from hub.questions.models import AnswerLevel, Question
from tenants.context import tenant_scope
from tenants.models import Tenant
from tests.factories import csrf_from, host_client
from tests.questions.helpers import SAMPLE, World, receive
from tests.questions.test_public import (
    ENGLISH,
    PROVINCE,
    answered,
    make_world,
)


@pytest.fixture
def world(app: Flask, province: Tenant) -> World:
    return make_world(app, province)


def code_of(app: Flask, world: World, question_id: int) -> str:
    with app.app_context(), tenant_scope(world.province.id):
        return db.session.get(Question, question_id).code


def look_up(client: Any, code: str) -> Any:
    page = client.get("/hoi-dap/tra-cuu")
    return client.post("/hoi-dap/tra-cuu", data={"ma": code,
                                                  "csrf_token": csrf_from(page.data)})


def assert_private(answer: Any) -> None:
    assert answer.headers["Cache-Control"] == "no-store"
    assert answer.headers["Referrer-Policy"] == "no-referrer"
    for private in (SAMPLE["email"], SAMPLE["phone"], SAMPLE["name"], "0912345678"):
        assert private not in answer.text


def test_the_form_alone(app: Flask, world: World) -> None:
    page = host_client(app, PROVINCE).get("/hoi-dap/tra-cuu")
    assert page.status_code == 200
    assert 'name="ma"' in page.text
    assert_private(page)


def test_a_code_typed_in_lower_case_with_spaces_shows_the_steps(app: Flask,
                                                                world: World) -> None:
    question_id = receive(app, world.province)
    code = code_of(app, world, question_id)
    with app.test_request_context(base_url="http://langson.localhost/"), \
            tenant_scope(world.province.id):
        editor = world.user("province_editor")
        question = db.session.get(Question, question_id)
        operations.classify(question, field="land", level=AnswerLevel.OWN, actor=editor)
        limit = deadlines.legal_maximum(question.clock_starts_at)
        promised = min(limit.date(), local_today() + timedelta(days=7))
        operations.progress_notice(question, promised_on=promised,
                                   note="Đang lấy ý kiến Sở Tài nguyên và Môi trường.",
                                   actor=editor)
        db.session.commit()
    typed = " ".join(codes.display(code).lower().split("-"))  # "k7qm 4xtb 9rwh"
    answer = look_up(host_client(app, PROVINCE), typed)
    assert answer.status_code == 200, answer.text
    text = answer.text
    assert SAMPLE["title"] in text  # the citizen's own title: they hold the code
    assert "Đang lấy ý kiến Sở Tài nguyên và Môi trường." in text
    assert promised.strftime("%d/%m/%Y") in text
    assert text.count("<li>") >= 2  # received, progress notice
    assert_private(answer)
    # The same look-up by the address (a link the citizen kept).
    by_link = host_client(app, PROVINCE).get(f"/hoi-dap/tra-cuu?ma={code}")
    assert by_link.status_code == 200 and SAMPLE["title"] in by_link.text
    assert_private(by_link)


def test_a_question_answered_by_the_department_shows_on_the_province(
        app: Flask, world: World) -> None:
    question_id = receive(app, world.province, locale="en")
    code = code_of(app, world, question_id)
    with app.test_request_context(base_url="http://langson.localhost/"), \
            tenant_scope(world.province.id):
        question = db.session.get(Question, question_id)
        received = operations.forward(question, to_tenant_id=world.department.id,
                                      actor=world.user("province_editor"),
                                      note="Thuộc thẩm quyền của Sở.")
        received_id = received.id  # the department's row: not readable here afterwards
        db.session.commit()
    # Forwarded, not yet answered: the citizen sees where it went.
    waiting = look_up(host_client(app, PROVINCE), code)
    assert waiting.status_code == 200
    assert "Sở Khoa học và Công nghệ" in waiting.text
    assert "Hồ sơ gồm đơn đăng ký." not in waiting.text
    answered(app, world, world.department, received_id, prefix="department")
    page = look_up(host_client(app, PROVINCE), code)
    assert page.status_code == 200
    text = page.text
    assert "Hồ sơ gồm đơn đăng ký." in text and "<script>alert(1)</script>" not in text
    assert "Hoàng Văn Minh" in text and "Phó Giám đốc" in text
    assert text.count("Sở Khoa học và Công nghệ") >= 2  # forwarded to, answering unit
    assert_private(page)
    # The tracking code belongs to the site where it was asked.
    assert look_up(host_client(app, "sokhcn.langson.localhost"), code).status_code == 404
    # On the English host: English labels, the unit's English name when it has one.
    english = look_up(host_client(app, ENGLISH), code)
    assert english.status_code == 200
    assert "Answered" in english.text and "Forwarded to the competent unit" in english.text


@pytest.mark.parametrize("typed", ["ABCD-EFGH-JKMN", "not a code", "0000-0000-0000", "",
                                   "<script>alert(1)</script>"])
def test_unknown_and_malformed_codes_get_the_same_answer(app: Flask, world: World,
                                                         typed: str) -> None:
    receive(app, world.province)
    answer = look_up(host_client(app, PROVINCE), typed)
    assert answer.status_code == 404
    assert "Không có câu hỏi nào với mã tra cứu này trên trang." in answer.text
    assert "<script>alert(1)</script>" not in answer.text
    assert SAMPLE["title"] not in answer.text
    assert_private(answer)


def test_look_ups_are_limited(app: Flask, world: World) -> None:
    client = host_client(app, PROVINCE)
    for _ in range(20):
        assert client.get("/hoi-dap/tra-cuu?ma=ABCD-EFGH-JKMN").status_code == 404
    limited = client.get("/hoi-dap/tra-cuu?ma=ABCD-EFGH-JKMN")
    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == "600"
    assert "Có quá nhiều lượt tra cứu" in limited.text
    assert_private(limited)


def test_the_tracking_page_is_never_cached(app: Flask, world: World) -> None:
    question_id = receive(app, world.province)
    code = code_of(app, world, question_id)
    client = host_client(app, PROVINCE)
    first = client.get(f"/hoi-dap/tra-cuu?ma={code}")
    second = client.get(f"/hoi-dap/tra-cuu?ma={code}")
    for answer in (first, second):
        assert "ETag" not in answer.headers
        assert answer.headers["Cache-Control"] == "no-store"
