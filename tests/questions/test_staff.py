"""The staff's question screens over HTTP: who may see and do what (checked on the
server, role by role), a site sees only its own questions, the whole way of a question
from classification to publication with its personal data kept off the public page,
steps taken on an outdated page, questions received by post typed in."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from hub.core.clock import aware, to_local, utcnow
from hub.extensions import db
from hub.questions import deadlines
from hub.questions.models import Channel, Question, QuestionState
from tenants.context import tenant_scope
from tenants.models import Tenant
from tests.factories import create_user, csrf_from, host_client, login
from tests.questions.helpers import World, build_world, receive

PROVINCE = "langson.localhost"
DEPARTMENT = "sokhcn.langson.localhost"
COMMUNE = "xathongnhat.langson.localhost"
ADMIN = "admin@langson.gov.vn"
ANSWER = ("<p>Hồ sơ gồm đơn đăng ký theo Mẫu 04a/ĐK và giấy tờ về quyền sử dụng đất. "
          "Liên hệ bộ phận một cửa: 0205 3812 345.</p>")


def staff_world(app: Flask, province: Tenant) -> World:
    """The questions' world, with the province office's administrator."""
    world = build_world(app, province)
    create_user(app, ADMIN, hub_role="hub_admin", display_name="Văn phòng UBND tỉnh")
    return world


@pytest.fixture
def world(app: Flask, province: Tenant) -> World:
    return staff_world(app, province)


def client_for(app: Flask, host: str, email: str):  # type: ignore[no-untyped-def]
    client = host_client(app, host)
    assert login(client, email).status_code == 302, email
    return client


def step(client, question_id: int, action: str, data: dict[str, Any] | None = None,
         version: int | None = None):  # type: ignore[no-untyped-def]
    """POST a step as the question's page would, with the version it shows."""
    token = csrf_from(client.get("/quan-tri/").text)
    values = {"csrf_token": token, **(data or {})}
    if version is not None:
        values["version"] = str(version)
    return client.post(f"/quan-tri/hoi-dap/{question_id}/{action}", data=values)


def read(app: Flask, tenant: Tenant, question_id: int) -> Question:
    """The committed question, read as its site in a fresh session, detached."""
    with app.app_context(), tenant_scope(tenant.id):
        question = db.session.get(Question, question_id)
        assert question is not None
        db.session.expunge(question)
        return question


def take(app: Flask, client, tenant: Tenant, question_id: int, action: str,
         **data: Any):  # type: ignore[no-untyped-def]
    """Take a step with the question's current version."""
    return step(client, question_id, action, data,
                version=read(app, tenant, question_id).version)


def classified(app: Flask, client, tenant: Tenant, **values: Any) -> int:  # type: ignore[no-untyped-def]
    question_id = receive(app, tenant, **values)
    response = take(app, client, tenant, question_id, "classify", field="land", level="own")
    assert response.status_code == 303, response.text
    return question_id


def in_review(app: Flask, client, tenant: Tenant, **values: Any) -> int:  # type: ignore[no-untyped-def]
    question_id = classified(app, client, tenant, **values)
    response = take(app, client, tenant, question_id, "submit", answer=ANSWER,
                    signer_name="Trần Văn Bình", signer_title="Giám đốc Sở")
    assert response.status_code == 303, response.text
    return question_id


# --- who may do what ---------------------------------------------------------------------

def test_anonymous_visitors_are_sent_to_the_login_page(app, world):
    question_id = receive(app, world.province)
    client = host_client(app, PROVINCE)
    for path in ("/quan-tri/hoi-dap", f"/quan-tri/hoi-dap/{question_id}",
                 "/quan-tri/hoi-dap/nhap", "/quan-tri/hoi-dap/so-lieu",
                 "/quan-tri/hoi-dap/so-lieu.csv"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert "/dang-nhap" in response.headers["Location"]
    token = csrf_from(client.get("/dang-nhap").text)
    response = client.post(f"/quan-tri/hoi-dap/{question_id}/classify",
                           data={"csrf_token": token, "version": "1", "field": "land",
                                 "level": "own"})
    assert response.status_code == 302 and "/dang-nhap" in response.headers["Location"]
    assert read(app, world.province, question_id).state is QuestionState.NEW


def test_a_contributor_sees_no_question(app, world):
    question_id = receive(app, world.province)
    client = client_for(app, PROVINCE, "ctv@langson.gov.vn")
    for path in ("/quan-tri/hoi-dap", f"/quan-tri/hoi-dap/{question_id}",
                 "/quan-tri/hoi-dap/nhap", "/quan-tri/hoi-dap/so-lieu"):
        assert client.get(path).status_code == 403, path
    assert step(client, question_id, "classify", {"field": "land", "level": "own"},
                version=1).status_code == 403
    assert "Citizens' questions" not in client.get("/quan-tri/").text


def test_an_editor_takes_the_units_steps_but_not_the_approvers(app, world):
    editor = client_for(app, PROVINCE, "bientap@langson.gov.vn")
    p = world.province
    question_id = classified(app, editor, p)
    with app.app_context():
        limit = to_local(deadlines.legal_maximum(
            aware(read(app, p, question_id).clock_starts_at)))
    assert take(app, editor, p, question_id, "progress", promised_on=limit.date().isoformat(),
                note="Đang lấy ý kiến Sở Tài nguyên và Môi trường.").status_code == 303
    assert take(app, editor, p, question_id, "draft", answer=ANSWER).status_code == 303
    assert take(app, editor, p, question_id, "submit", answer=ANSWER, signer_name="Trần Bình",
                signer_title="Chánh Văn phòng").status_code == 303
    # The head of the unit (an approver) answers: not an editor.
    for action in ("send", "return"):
        response = take(app, editor, p, question_id, action, comment="Sửa lại.")
        assert response.status_code == 403, action
    assert read(app, p, question_id).state is QuestionState.REVIEW
    approver = client_for(app, PROVINCE, "pheduyet@langson.gov.vn")
    assert take(app, approver, p, question_id, "send").status_code == 303
    preview = {"public_name": "Nguyễn V. A.", "public_title": "Cấp giấy chứng nhận",
               "public_body": "Hồ sơ gồm những gì?", "public_answer": ANSWER}
    for action in ("publish", "close"):
        assert take(app, editor, p, question_id, action, **preview).status_code == 403
    assert read(app, p, question_id).state is QuestionState.ANSWERED
    # The steps the editor may not take are not offered either.
    page = editor.get(f"/quan-tri/hoi-dap/{question_id}").text
    assert 'data-step="publish"' not in page
    assert 'data-step="publish"' in approver.get(f"/quan-tri/hoi-dap/{question_id}").text
    # Refusing and forwarding are the unit's staff's steps.
    refused = receive(app, p, title="Khiếu nại quyết định thu hồi đất")
    assert take(app, editor, p, refused, "refuse",
                reason="Đây là khiếu nại, xin gửi theo Luật Khiếu nại.").status_code == 303
    assert read(app, p, refused).state is QuestionState.REFUSED
    forwarded = receive(app, p)
    assert take(app, editor, p, forwarded, "forward",
                to_tenant_id=str(world.department.id)).status_code == 303
    assert read(app, p, forwarded).state is QuestionState.FORWARDED


def test_an_approver_returns_sends_publishes_and_closes(app, world):
    editor = client_for(app, PROVINCE, "bientap@langson.gov.vn")
    approver = client_for(app, PROVINCE, "pheduyet@langson.gov.vn")
    p = world.province
    question_id = in_review(app, editor, p)
    response = take(app, approver, p, question_id, "return", comment="Ghi rõ căn cứ.")
    assert response.status_code == 303
    assert read(app, p, question_id).state is QuestionState.CLASSIFIED
    assert take(app, editor, p, question_id, "submit", answer=ANSWER, signer_name="Trần Bình",
                signer_title="Chánh Văn phòng").status_code == 303
    assert take(app, approver, p, question_id, "send").status_code == 303
    assert take(app, approver, p, question_id, "close").status_code == 303
    assert read(app, p, question_id).state is QuestionState.CLOSED


def test_the_province_office_administrator_may_do_everything(app, world):
    admin = client_for(app, DEPARTMENT, ADMIN)
    d = world.department
    question_id = in_review(app, admin, d)
    assert take(app, admin, d, question_id, "send").status_code == 303
    assert take(app, admin, d, question_id, "publish", public_name="Nguyễn V. A.",
                public_title="Cấp giấy chứng nhận", public_body="Hồ sơ gồm những gì?",
                public_answer=ANSWER).status_code == 303
    assert take(app, admin, d, question_id, "unpublish").status_code == 303
    assert read(app, d, question_id).state is QuestionState.CLOSED


def test_another_sites_question_is_not_found(app, world):
    province_question = receive(app, world.province, title="Câu hỏi gửi Tỉnh")
    department_question = receive(app, world.department, title="Câu hỏi gửi Sở")
    client = client_for(app, DEPARTMENT, "giamdoc@sokhcn.gov.vn")
    assert client.get(f"/quan-tri/hoi-dap/{department_question}").status_code == 200
    assert client.get(f"/quan-tri/hoi-dap/{province_question}").status_code == 404
    assert step(client, province_question, "classify", {"field": "land", "level": "own"},
                version=1).status_code == 404
    queue = client.get("/quan-tri/hoi-dap").text
    assert "Câu hỏi gửi Sở" in queue and "Câu hỏi gửi Tỉnh" not in queue
    # The department's staff have no account on the province's host.
    other = host_client(app, PROVINCE)
    assert login(other, "giamdoc@sokhcn.gov.vn").status_code != 302
    assert read(app, world.province, province_question).state is QuestionState.NEW


def test_an_unknown_step_is_not_found(app, world):
    question_id = receive(app, world.province)
    admin = client_for(app, PROVINCE, ADMIN)
    assert step(admin, question_id, "delete", version=1).status_code == 404


# --- the way of a question ------------------------------------------------------------------

def test_a_question_goes_from_classification_to_publication_without_personal_data(app, world):
    editor = client_for(app, DEPARTMENT, "bientap@sokhcn.gov.vn")
    approver = client_for(app, DEPARTMENT, "giamdoc@sokhcn.gov.vn")
    d = world.department
    question_id = receive(app, d)
    page = editor.get(f"/quan-tri/hoi-dap/{question_id}").text
    # The citizen's data is on the staff's page, with the steps of a new question.
    assert "an.nguyen@example.vn" in page and "0912 345 678" in page
    assert 'data-step="classify"' in page and 'data-step="send"' not in page
    response = take(app, editor, d, question_id, "classify", field="land", level="own")
    assert response.status_code == 303
    question = read(app, d, question_id)
    assert question.state is QuestionState.CLASSIFIED
    with app.app_context():
        assert aware(question.due_at) == deadlines.due_after(aware(question.clock_starts_at), 5)
    # Saving a draft keeps the state; submitting sends it for approval.
    assert take(app, editor, d, question_id, "draft", answer=ANSWER).status_code == 303
    assert read(app, d, question_id).state is QuestionState.CLASSIFIED
    refused = take(app, editor, d, question_id, "submit", answer=ANSWER)
    assert refused.status_code == 400
    assert 'id="signer_name-error"' in refused.text
    assert "Mẫu 04a/ĐK" in refused.text            # the typed answer is kept
    assert take(app, editor, d, question_id, "submit", answer=ANSWER, signer_name="Trần Văn Bình",
                signer_title="Giám đốc Sở").status_code == 303
    assert read(app, d, question_id).state is QuestionState.REVIEW
    response = take(app, approver, d, question_id, "return", comment="Nêu rõ căn cứ pháp lý.")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/quan-tri/hoi-dap/{question_id}")
    assert "Nêu rõ căn cứ pháp lý." in editor.get(f"/quan-tri/hoi-dap/{question_id}").text
    assert take(app, editor, d, question_id, "submit", answer=ANSWER, signer_name="Trần Văn Bình",
                signer_title="Giám đốc Sở").status_code == 303
    assert take(app, approver, d, question_id, "send").status_code == 303
    question = read(app, d, question_id)
    assert question.state is QuestionState.ANSWERED and question.answered_at is not None

    # The publish form shows the preview: shortened name, contact data taken out.
    page = approver.get(f"/quan-tri/hoi-dap/{question_id}").text
    form = page[page.index('data-step="publish"'):]
    form = form[:form.index("</form>")]
    assert 'value="Nguyễn V. A."' in form
    assert "0912 345 678" not in form and "[***]" in form
    assert "số điện thoại của công dân" in form
    # Publishing with the citizen's email written back into the text is refused.
    texts = {"public_name": "Nguyễn V. A.",
             "public_title": "Thủ tục cấp giấy chứng nhận quyền sử dụng đất",
             "public_body": "Hồ sơ gồm những gì? Xin trả lời qua an.nguyen@example.vn",
             "public_answer": ANSWER}
    refused = take(app, approver, d, question_id, "publish", **texts)
    assert refused.status_code == 400
    assert 'id="public_body-error"' in refused.text
    assert "Xin trả lời qua an.nguyen@example.vn" in refused.text   # typed values kept
    assert read(app, d, question_id).state is QuestionState.ANSWERED
    texts["public_body"] = "Hồ sơ cấp giấy chứng nhận lần đầu gồm những gì?"
    assert take(app, approver, d, question_id, "publish", **texts).status_code == 303
    question = read(app, d, question_id)
    assert question.state is QuestionState.PUBLISHED
    assert question.public_body == texts["public_body"] and question.public_name == "Nguyễn V. A."
    assert question.published_at is not None
    response = take(app, approver, d, question_id, "unpublish", reason="Trùng nội dung.")
    assert response.status_code == 303
    question = read(app, d, question_id)
    assert question.state is QuestionState.CLOSED and question.published_at is None
    history = approver.get(f"/quan-tri/hoi-dap/{question_id}").text
    for action in ("receive", "classify", "draft", "submit", "return", "send", "publish",
                   "unpublish"):
        assert f'data-action="{action}"' in history, action


def test_a_step_taken_on_an_outdated_page_is_refused(app, world):
    editor = client_for(app, PROVINCE, "bientap@langson.gov.vn")
    question_id = classified(app, editor, world.province)
    version = read(app, world.province, question_id).version
    assert step(editor, question_id, "draft", {"answer": "<p>Bản nháp một</p>"},
                version=version).status_code == 303
    stale = step(editor, question_id, "draft", {"answer": "<p>Bản nháp hai</p>"},
                 version=version)
    assert stale.status_code == 409
    assert "Người khác đã xử lý câu hỏi này" in stale.text
    assert "Bản nháp hai" in stale.text                       # the typed text is kept
    assert read(app, world.province, question_id).answer == "<p>Bản nháp một</p>"
    # A step that does not apply in the state is refused with the reason.
    response = take(app, editor, world.province, question_id, "classify", field="land",
                    level="own")
    assert response.status_code == 303
    approver = client_for(app, PROVINCE, "pheduyet@langson.gov.vn")
    wrong = take(app, approver, world.province, question_id, "publish", public_name="A",
                 public_title="B", public_body="C", public_answer="<p>D</p>")
    assert wrong.status_code == 409
    assert "Bước này không áp dụng" in wrong.text


def test_a_step_without_its_version_or_with_a_bad_value_is_refused(app, world):
    editor = client_for(app, PROVINCE, "bientap@langson.gov.vn")
    question_id = receive(app, world.province)
    assert step(editor, question_id, "classify", {"field": "land",
                                                  "level": "own"}).status_code == 400
    for field, level, marked in (("moon", "own", "field"), ("land", "eternal", "level")):
        response = take(app, editor, world.province, question_id, "classify", field=field,
                        level=level)
        assert response.status_code == 400
        assert f'id="{marked}-error"' in response.text
    response = take(app, editor, world.province, question_id, "forward", to_tenant_id="999999")
    assert response.status_code == 400 and 'id="to_tenant_id-error"' in response.text
    assert read(app, world.province, question_id).state is QuestionState.NEW


# --- questions received by post, telephone or email -------------------------------------------

def entered(client, **values: Any):  # type: ignore[no-untyped-def]
    page = client.get("/quan-tri/hoi-dap/nhap")
    assert page.status_code == 200
    data = {"csrf_token": csrf_from(page.text), "channel": "post", "name": "Hoàng Thị Mai",
            "email": "", "phone": "0987 654 321", "kind": "petition", "field": "transport",
            "title": "Đề nghị sửa đường vào thôn Nà Pàn",
            "body": "Đường vào thôn bị sạt lở sau mưa lớn.", **values}
    return client.post("/quan-tri/hoi-dap/nhap", data=data)


def count_questions(app: Flask, tenant: Tenant) -> int:
    with app.app_context(), tenant_scope(tenant.id):
        return db.session.scalar(select(func.count(Question.id)))


def test_a_question_received_by_post_starts_its_clock_on_the_day_received(app, world):
    editor = client_for(app, PROVINCE, "bientap@langson.gov.vn")
    received = to_local(utcnow() - timedelta(days=6)).replace(hour=9, minute=30, second=0,
                                                              microsecond=0)
    response = entered(editor, received_at=received.strftime("%Y-%m-%dT%H:%M"))
    assert response.status_code == 303
    question_id = int(re.search(r"/quan-tri/hoi-dap/(\d+)$",
                                response.headers["Location"]).group(1))
    question = read(app, world.province, question_id)
    assert question.channel is Channel.POST and question.kind.value == "petition"
    assert aware(question.received_at) == received
    with app.app_context():
        assert aware(question.clock_starts_at) == deadlines.clock_start(received)
    assert question.entered_by_id == world.users["province_editor"].id
    assert question.code is not None
    page = editor.get(response.headers["Location"]).text
    assert "Hoàng Thị Mai" in page and "Đề nghị sửa đường vào thôn Nà Pàn" in page


@pytest.mark.parametrize(("values", "field"), [
    ({"received_at": "FUTURE"}, "received_at"),
    ({"received_at": "31/02/2026 10:00"}, "received_at"),
    ({"received_at": ""}, "received_at"),
    ({"name": ""}, "name"),
    ({"field": "moon"}, "field"),
    ({"email": "not an address"}, "email"),
    ({"channel": "web"}, "channel"),
])
def test_a_question_entered_with_bad_values_is_refused_and_nothing_is_written(app, world,
                                                                            values, field):
    if values.get("received_at") == "FUTURE":
        later = to_local(utcnow() + timedelta(days=2))
        values = {"received_at": later.strftime("%Y-%m-%dT%H:%M")}
    values = {"received_at": to_local(utcnow()).strftime("%Y-%m-%dT%H:%M"), **values}
    editor = client_for(app, PROVINCE, "bientap@langson.gov.vn")
    response = entered(editor, **values)
    assert response.status_code == 400
    assert f'id="{field}-error"' in response.text
    assert "Hoàng Thị Mai" in response.text or field == "name"     # typed values kept
    assert count_questions(app, world.province) == 0


# --- the queue ---------------------------------------------------------------------------------

def test_the_queue_filters_by_state_field_kind_and_deadline(app, world):
    editor = client_for(app, PROVINCE, "bientap@langson.gov.vn")
    p = world.province
    new = receive(app, p, title="Câu hỏi mới về thuế", field="tax")
    late = classified(app, editor, p, title="Câu hỏi quá hạn",
                      received_at=utcnow() - timedelta(days=30))
    petition = receive(app, p, title="Kiến nghị về đường", kind="petition", field="transport")

    def rows(**args: str) -> set[int]:
        response = editor.get("/quan-tri/hoi-dap", query_string=args)
        assert response.status_code == 200, args
        return {int(i) for i in re.findall(r'data-question-id="(\d+)"', response.text)}

    assert rows() == {new, late, petition}
    assert rows(state="new") == {new, petition}
    assert rows(state="classified") == {late}
    assert rows(state="open") == {new, late, petition}
    assert rows(state="published") == set()
    assert rows(field="tax") == {new}
    assert rows(kind="petition") == {petition}
    assert rows(overdue="1") == {late}
    page = editor.get("/quan-tri/hoi-dap").text
    row = page[page.index(f'data-question-id="{late}"'):]
    assert 'data-deadline="overdue"' in row[:row.index("</tr>")]
    for bad in ({"state": "lost"}, {"field": "moon"}, {"kind": "poem"}, {"page": "0"},
                {"page": "x"}, {"overdue": "yes"}):
        response = editor.get("/quan-tri/hoi-dap", query_string=bad)
        assert response.status_code == 400, bad


def test_the_queue_and_the_dashboard_link_to_each_other(app, world):
    editor = client_for(app, PROVINCE, "bientap@langson.gov.vn")
    late = classified(app, editor, world.province, title="Câu hỏi quá hạn",
                      received_at=utcnow() - timedelta(days=30))
    dashboard = editor.get("/quan-tri/").text
    assert "/quan-tri/hoi-dap" in dashboard
    section = dashboard[dashboard.index('id="questions-overdue"'):
                        dashboard.index('id="questions-due-soon"')]
    assert f"/quan-tri/hoi-dap/{late}" in section
    assert "/quan-tri/hoi-dap/nhap" in editor.get("/quan-tri/hoi-dap").text


def test_a_page_of_the_queue_is_paginated(app, world):
    from hub.questions.queries import PAGE_SIZE
    for index in range(PAGE_SIZE + 1):
        receive(app, world.province, title=f"Câu hỏi số {index}",
                received_at=datetime(2026, 11, 2, 9, tzinfo=aware(utcnow()).tzinfo)
                + timedelta(minutes=index))
    editor = client_for(app, PROVINCE, "bientap@langson.gov.vn")
    first = editor.get("/quan-tri/hoi-dap").text
    assert first.count("data-question-id=") == PAGE_SIZE and 'rel="next"' in first
    second = editor.get("/quan-tri/hoi-dap?page=2").text
    assert second.count("data-question-id=") == 1 and "Câu hỏi số 0<" in second
