"""The question's steps as services: receiving, the unit's steps and their permissions,
forwarding between sites (each its own row, the sender following), publishing only
what was redacted, the reminders and the erasure of personal data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select, text

from hub.core.clock import aware, utcnow
from hub.extensions import db
from hub.questions import codes, jobs, operations
from hub.questions.models import Question, QuestionEvent, QuestionState
from tenants.context import tenant_scope, unscoped
from tenants.models import Tenant
from tests.questions.helpers import SAMPLE, World, build_world, outbox, receive

S = QuestionState


@pytest.fixture
def world(app: Flask, province: Tenant) -> World:
    return build_world(app, province)


def acting(app: Flask, tenant: Tenant):  # type: ignore[no-untyped-def]
    """A request context on the site's host, inside its scope (as a staff request)."""
    class Acting:
        def __enter__(self) -> None:
            self.request = app.test_request_context(base_url=f"http://{tenant.slug}.localhost/")
            self.request.__enter__()
            self.scope = tenant_scope(tenant.id)
            self.scope.__enter__()

        def __exit__(self, *exc: object) -> None:
            self.scope.__exit__(*exc)
            self.request.__exit__(*exc)
    return Acting()


def test_a_question_gets_a_readable_code_and_a_receipt(app: Flask, world: World) -> None:
    question_id = receive(app, world.province)
    with acting(app, world.province):
        question = db.session.get(Question, question_id)
        assert question.state is S.NEW and question.asked_tenant_id == world.province.id
        assert codes.normalise(codes.display(question.code).lower()) == question.code
        assert not set(question.code) & set("01ILOUV")
        assert [e.action for e in question.events] == ["receive"]
        code = codes.display(question.code)
    mails = outbox(app)
    assert len(mails) == 1 and SAMPLE["email"] in mails[0] and code in mails[0]
    assert "http://langson.localhost/hoi-dap/tra-cuu" in mails[0]


def test_steps_need_their_permission(app: Flask, world: World) -> None:
    question_id = receive(app, world.province)
    with acting(app, world.province):
        question = db.session.get(Question, question_id)
        with pytest.raises(operations.StepNotAllowed) as refused:
            operations.classify(question, field="land", level="own",
                                actor=world.user("contributor"))
        assert refused.value.status == 403
        # A member of another site holds no permission here.
        with pytest.raises(operations.StepNotAllowed):
            operations.classify(question, field="land", level="own",
                                actor=world.user("department_approver"))
        editor = world.user("province_editor")
        operations.classify(question, field="land", level="own", actor=editor)
        operations.save_draft(question, answer="<p>Hồ sơ gồm đơn và giấy tờ.</p>",
                              signer_name="Trần Văn Bình", signer_title="Chánh Văn phòng",
                              actor=editor, submit=True)
        with pytest.raises(operations.StepNotAllowed) as refused:
            operations.send_answer(question, actor=editor)
        assert refused.value.status == 403
        with pytest.raises(operations.StaleQuestion):
            operations.send_answer(question, actor=world.user("province_approver"),
                                   version=question.version - 1)
        operations.send_answer(question, actor=world.user("province_approver"))
        db.session.commit()
        assert question.state is S.ANSWERED and question.answered_on_time
    answer_mail = outbox(app)[-1]
    assert "Hồ sơ gồm đơn và giấy tờ." in answer_mail and "Trần Văn Bình" in answer_mail


def test_forwarding_gives_the_receiving_site_its_own_row(app: Flask, world: World) -> None:
    question_id = receive(app, world.province)
    with acting(app, world.province):
        question = db.session.get(Question, question_id)
        operations.classify(question, field="science", level="own",
                            actor=world.user("province_editor"))
        received = operations.forward(question, to_tenant_id=world.department.id,
                                      actor=world.user("province_editor"),
                                      note="Thuộc thẩm quyền của Sở.")
        # Read before the commit: afterwards the row is the department's, hidden here.
        received_id, starts = received.id, question.clock_starts_at
        db.session.commit()
        assert question.state is S.FORWARDED and question.forwarded_state == "new"
    with acting(app, world.department):
        received = db.session.get(Question, received_id)
        assert received.tenant_id == world.department.id and received.code is None
        assert received.origin_id == question_id and received.asked_code
        assert received.clock_starts_at == starts
        # The department cannot see the province's row, nor the commune anything.
        assert db.session.scalars(select(Question.id)).all() == [received_id]
        approver = world.user("department_approver")
        operations.classify(received, field="science", level="interagency", actor=approver)
        operations.save_draft(received, answer="<p>Sở trả lời như sau.</p>",
                              signer_name="Lê Thị Hoa", signer_title="Giám đốc Sở",
                              actor=approver, submit=True)
        operations.send_answer(received, actor=approver)
        db.session.commit()
    with acting(app, world.commune):
        assert db.session.scalars(select(Question.id)).all() == []
    with acting(app, world.province):
        origin = db.session.get(Question, question_id)
        db.session.refresh(origin)
        assert db.session.scalars(select(Question.id)).all() == [question_id]
        assert origin.state is S.FORWARDED and origin.forwarded_state == "answered"
        assert origin.answer == "<p>Sở trả lời như sau.</p>"
        assert origin.answering_unit == "Sở Khoa học và Công nghệ"
        public_steps = [e.action for e in origin.events if e.public]
        assert public_steps == ["receive", "forward", "send"]
        # On PostgreSQL row-level security holds too, below the ORM.
        if app.config["PORTAL_TEST_BACKEND"] == "postgresql":
            assert db.session.execute(text("SELECT count(*) FROM question")).scalar() == 1
    # The citizen got the answer from the department, with the province's code.
    mail = outbox(app)[-1]
    assert "Sở trả lời như sau." in mail and "langson.localhost/hoi-dap/tra-cuu" in mail


def test_forwarding_back_and_onward_is_recorded(app: Flask, world: World) -> None:
    question_id = receive(app, world.province)
    with acting(app, world.province):
        question = db.session.get(Question, question_id)
        at_department = operations.forward(question, to_tenant_id=world.department.id,
                                           actor=world.user("province_editor"))
        department_row = at_department.id
        db.session.commit()
    with acting(app, world.department):
        row = db.session.get(Question, department_row)
        at_commune = operations.forward(row, to_tenant_id=world.commune.id,
                                        actor=world.user("department_editor"),
                                        note="Thuộc thẩm quyền của xã.")
        commune_row = at_commune.id
        db.session.commit()
    with acting(app, world.commune):
        row = db.session.get(Question, commune_row)
        assert row.origin_tenant_id == world.department.id
        assert row.asked_tenant_id == world.province.id
        approver = world.user("commune_approver")
        operations.classify(row, field="land", level="special", actor=approver)
        latest = operations.deadlines.legal_maximum(aware(row.clock_starts_at)).date()
        operations.progress_notice(row, promised_on=latest, note="Đang xác minh thực địa.",
                                   actor=approver)
        db.session.commit()
    with acting(app, world.province):
        origin = db.session.get(Question, question_id)
        db.session.refresh(origin)
        steps = [(e.action, e.detail.get("unit")) for e in origin.events if e.public]
        assert steps == [("receive", None), ("forward", "Sở Khoa học và Công nghệ"),
                         ("forward", "Xã Thống Nhất"), ("progress", None)]
        assert origin.forwarded_state == "progress" and origin.promised_at is not None
    with acting(app, world.department):
        middle = db.session.get(Question, department_row)
        db.session.refresh(middle)
        assert middle.forwarded_state == "progress"


def test_refusal_tells_the_citizen_at_once(app: Flask, world: World) -> None:
    question_id = receive(app, world.commune)
    with acting(app, world.commune):
        question = db.session.get(Question, question_id)
        with pytest.raises(operations.QuestionError):
            operations.refuse(question, reason="  ", actor=world.user("commune_approver"))
        operations.refuse(question, reason="Đây là đơn khiếu nại; xin gửi Ban tiếp công dân.",
                          actor=world.user("commune_approver"))
        db.session.commit()
        assert question.state is S.REFUSED and question.closed_at is not None
    mail = outbox(app)[-1]
    assert "Ban tiếp công dân" in mail and "khiếu nại" in mail.lower()


def test_only_redacted_texts_are_published(app: Flask, world: World) -> None:
    question_id = receive(app, world.department)
    with acting(app, world.department):
        question = db.session.get(Question, question_id)
        approver = world.user("department_approver")
        operations.classify(question, field="land", level="own", actor=approver)
        operations.save_draft(question, answer="<p>Liên hệ 0912 345 678 của ông An.</p>",
                              signer_name="Lê Thị Hoa", signer_title="Giám đốc Sở",
                              actor=approver, submit=True)
        operations.send_answer(question, actor=approver)
        preview = operations.public_preview(question)
        assert preview["public_name"] == "Nguyễn V. A."
        assert "0912 345 678" not in preview["public_body"]
        assert "0912 345 678" not in preview["public_answer"]
        with pytest.raises(operations.QuestionError) as refused:
            operations.publish(question, **{**preview, "public_body": question.body},
                               actor=approver)
        assert set(refused.value.errors) == {"public_body"}
        with pytest.raises(operations.QuestionError) as refused:
            operations.publish(question, **{**preview, "public_name": "Nguyễn Văn An"},
                               actor=approver)
        assert "public_name" in refused.value.errors
        operations.publish(question, **preview, actor=approver)
        db.session.commit()
        assert question.state is S.PUBLISHED and question.published_at is not None
        operations.unpublish(question, actor=approver)
        db.session.commit()
        assert question.state is S.CLOSED and question.published_at is None


def test_reminders_go_once_before_the_deadline_and_once_when_overdue(app: Flask,
                                                                    world: World) -> None:
    question_id = receive(app, world.department)
    with acting(app, world.department):
        question = db.session.get(Question, question_id)
        operations.classify(question, field="land", level="own",
                            actor=world.user("department_editor"),
                            assignee=world.user("department_editor"))
        question.due_at = utcnow() + timedelta(hours=1)
        db.session.commit()
    before = len(outbox(app))
    with app.app_context():
        assert jobs.send_reminders() == 1
        db.session.commit()
        assert jobs.send_reminders() == 0
        db.session.commit()
    mails = outbox(app)[before:]
    recipients = {mail.split("\n", 1)[0] for mail in mails}
    assert recipients == {"To: bientap@sokhcn.gov.vn", "To: giamdoc@sokhcn.gov.vn"}
    assert all("/quan-tri/hoi-dap/" in mail for mail in mails)
    with acting(app, world.department):
        question = db.session.get(Question, question_id)
        question.due_at = utcnow() - timedelta(hours=1)
        db.session.commit()
    with app.app_context():
        assert jobs.send_reminders() == 1
        db.session.commit()
        assert jobs.send_reminders() == 0
        db.session.commit()
    with acting(app, world.department):
        actions = db.session.scalars(select(QuestionEvent.action).where(
            QuestionEvent.question_id == question_id)).all()
        assert actions.count("remind_due_soon") == 1 and actions.count("remind_overdue") == 1


def test_contact_data_is_erased_after_the_retention_period(app: Flask, world: World) -> None:
    old_id = receive(app, world.commune)
    recent_id = receive(app, world.commune)
    with acting(app, world.commune):
        for question_id in (old_id, recent_id):
            operations.refuse(db.session.get(Question, question_id),
                              reason="Ngoài phạm vi.", actor=world.user("commune_approver"))
        db.session.get(Question, old_id).closed_at = utcnow() - timedelta(days=5 * 366)
        db.session.commit()
    with app.app_context():
        assert jobs.erase_expired() == 1
        db.session.commit()
        assert jobs.erase_expired() == 0
    with app.app_context(), unscoped():
        old, recent = (db.session.get(Question, i) for i in (old_id, recent_id))
        assert (old.name, old.email, old.phone) == ("", "", "")
        assert "0912 345 678" not in old.body and old.title == SAMPLE["title"]
        assert old.erased_at is not None
        assert recent.email == SAMPLE["email"]
        assert db.session.scalar(select(func.count()).select_from(Question)) == 2
