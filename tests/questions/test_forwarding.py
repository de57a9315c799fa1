"""Forwarding a question to the competent unit (003 Article 9.6.a), over HTTP: the
receiving unit finds it in its queue and answers it; the sending site follows, read-only;
a question forwarded on and back keeps its record on every site it passed; and each site
sees only its own rows, in the ORM and in PostgreSQL's row-level security."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from sqlalchemy import select, text

from hub.extensions import db
from hub.questions.models import Question, QuestionState
from tenants.context import tenant_scope
from tests.questions.helpers import World, receive
from tests.questions.test_staff import (
    ANSWER,
    COMMUNE,
    DEPARTMENT,
    PROVINCE,
    client_for,
    read,
    staff_world,
    take,
)


@pytest.fixture
def world(app: Flask, province) -> World:  # type: ignore[no-untyped-def]
    return staff_world(app, province)


def forwarded_row(app: Flask, world: World, tenant, origin_id: int) -> int:  # type: ignore[no-untyped-def]
    """The id of the row ``tenant`` received by forwarding ``origin_id``."""
    with app.app_context(), tenant_scope(tenant.id):
        return db.session.scalar(select(Question.id).where(Question.origin_id == origin_id))


def queue_ids(client, **args: str) -> set[int]:  # type: ignore[no-untyped-def]
    response = client.get("/quan-tri/hoi-dap", query_string=args)
    assert response.status_code == 200
    return {int(i) for i in re.findall(r'data-question-id="(\d+)"', response.text)}


def rows_seen(app: Flask, tenant) -> list[Question]:  # type: ignore[no-untyped-def]
    with app.app_context(), tenant_scope(tenant.id):
        return list(db.session.scalars(select(Question)))


def test_the_competent_unit_answers_and_the_province_follows(app, world):
    p, d = world.province, world.department
    province_editor = client_for(app, PROVINCE, "bientap@langson.gov.vn")
    question_id = receive(app, p, title="Hỗ trợ đổi mới công nghệ cho doanh nghiệp",
                          field="science")
    assert take(app, province_editor, p, question_id, "classify", field="science",
                level="own").status_code == 303
    assert take(app, province_editor, p, question_id, "forward", to_tenant_id=str(d.id),
                note="Thuộc thẩm quyền của Sở Khoa học và Công nghệ.").status_code == 303
    received_id = forwarded_row(app, world, d, question_id)
    assert received_id is not None and received_id != question_id

    # The department finds it among the questions forwarded to it.
    department_editor = client_for(app, DEPARTMENT, "bientap@sokhcn.gov.vn")
    assert queue_ids(department_editor, state="forwarded_here") == {received_id}
    page = department_editor.get(f"/quan-tri/hoi-dap/{received_id}").text
    assert "Tỉnh Lạng Sơn" in page and f'data-origin-site="{p.id}"' in page
    assert "Thuộc thẩm quyền của Sở Khoa học và Công nghệ." in page
    assert 'data-step="refuse"' not in page       # it is sent back or on, not refused

    # The province's row is read-only: its state there, no step to take.
    page = province_editor.get(f"/quan-tri/hoi-dap/{question_id}").text
    assert 'data-forwarded-state="new"' in page and "Sở Khoa học và Công nghệ" in page
    assert "data-step=" not in page
    refused = take(app, province_editor, p, question_id, "classify", field="land", level="own")
    assert refused.status_code == 409
    assert queue_ids(province_editor, state="forwarded") == {question_id}
    assert queue_ids(province_editor, state="forwarded_here") == set()

    # The department answers.
    assert take(app, department_editor, d, received_id, "classify", field="science",
                level="own").status_code == 303
    assert take(app, department_editor, d, received_id, "submit", answer=ANSWER,
                signer_name="Trần Văn Bình", signer_title="Giám đốc Sở").status_code == 303
    department_approver = client_for(app, DEPARTMENT, "giamdoc@sokhcn.gov.vn")
    assert take(app, department_approver, d, received_id, "send").status_code == 303
    assert queue_ids(department_editor, state="forwarded_here") == set()

    origin = read(app, p, question_id)
    assert origin.state is QuestionState.FORWARDED
    assert origin.forwarded_state == "answered"
    assert origin.answer == read(app, d, received_id).answer and "Mẫu 04a/ĐK" in origin.answer
    assert origin.answering_unit == "Sở Khoa học và Công nghệ"
    page = province_editor.get(f"/quan-tri/hoi-dap/{question_id}").text
    assert 'data-forwarded-state="answered"' in page
    assert "Mẫu 04a/ĐK" in page and "Trần Văn Bình" in page
    assert "data-step=" not in page

    # Each site sees its own row only; the commune sees nothing of either.
    assert {q.id for q in rows_seen(app, p)} == {question_id}
    assert {q.id for q in rows_seen(app, d)} == {received_id}
    assert rows_seen(app, world.commune) == []
    commune = client_for(app, COMMUNE, "chutich@thongnhat.gov.vn")
    assert commune.get(f"/quan-tri/hoi-dap/{received_id}").status_code == 404
    assert commune.get(f"/quan-tri/hoi-dap/{question_id}").status_code == 404
    assert queue_ids(commune) == set()


def test_a_question_forwarded_on_and_back_is_recorded_on_every_site(app, world):
    p, d, c = world.province, world.department, world.commune
    province_editor = client_for(app, PROVINCE, "bientap@langson.gov.vn")
    department_editor = client_for(app, DEPARTMENT, "bientap@sokhcn.gov.vn")
    commune_approver = client_for(app, COMMUNE, "chutich@thongnhat.gov.vn")
    question_id = receive(app, p, title="Cấp điện cho thôn Khuổi Phầy")
    assert take(app, province_editor, p, question_id, "forward",
                to_tenant_id=str(d.id)).status_code == 303
    at_department = forwarded_row(app, world, d, question_id)
    assert take(app, department_editor, d, at_department, "forward",
                to_tenant_id=str(c.id), note="Việc của xã.").status_code == 303
    at_commune = forwarded_row(app, world, c, at_department)
    assert queue_ids(commune_approver, state="forwarded_here") == {at_commune}
    assert take(app, commune_approver, c, at_commune, "forward", to_tenant_id=str(d.id),
                note="Vượt thẩm quyền của xã, xin trả lại Sở.").status_code == 303
    back_at_department = forwarded_row(app, world, d, at_commune)
    assert back_at_department not in (None, at_department)

    assert read(app, d, at_department).state is QuestionState.FORWARDED
    assert read(app, c, at_commune).state is QuestionState.FORWARDED
    assert read(app, d, back_at_department).state is QuestionState.NEW
    assert queue_ids(department_editor, state="forwarded_here") == {back_at_department}

    # The province's history records every hand-over down the chain.
    page = province_editor.get(f"/quan-tri/hoi-dap/{question_id}").text
    assert page.count('data-action="forward"') == 3
    assert "Xã Thống Nhất" in page
    department_page = department_editor.get(f"/quan-tri/hoi-dap/{at_department}").text
    assert department_page.count('data-action="forward"') == 2
    assert "Vượt thẩm quyền" not in page  # a unit's note to the next unit stays there

    # In each site's scope a query of questions finds that site's rows only.
    assert {q.id for q in rows_seen(app, p)} == {question_id}
    assert {q.id for q in rows_seen(app, d)} == {at_department, back_at_department}
    assert {q.id for q in rows_seen(app, c)} == {at_commune}
    for tenant in (p, d, c):
        assert {q.tenant_id for q in rows_seen(app, tenant)} == {tenant.id}


def test_row_level_security_shows_a_site_its_own_questions_only(app, world):
    if app.config["PORTAL_TEST_BACKEND"] != "postgresql":
        pytest.skip("row-level security is PostgreSQL's")
    p, d, c = world.province, world.department, world.commune
    province_editor = client_for(app, PROVINCE, "bientap@langson.gov.vn")
    question_id = receive(app, p)
    receive(app, p, title="Câu hỏi thứ hai của Tỉnh")
    assert take(app, province_editor, p, question_id, "forward",
                to_tenant_id=str(d.id)).status_code == 303
    expected = {p.id: 2, d.id: 1, c.id: 0}
    for tenant_id, count in expected.items():
        with app.app_context(), tenant_scope(tenant_id):
            # Raw SQL: no ORM criteria, only the database's policy.
            assert db.session.execute(text("SELECT count(*) FROM question")).scalar() == count
            tenants = db.session.execute(text("SELECT DISTINCT tenant_id FROM question"))
            assert {row[0] for row in tenants} <= {tenant_id}
            events = db.session.execute(text(
                "SELECT count(*) FROM question_event WHERE tenant_id <> :t"), {"t": tenant_id})
            assert events.scalar() == 0
