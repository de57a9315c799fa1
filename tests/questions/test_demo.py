"""The demo's questions: every state on the province, a department and a commune,
a question forwarded from the province and answered on the department, seeded once,
and tracking codes a developer can try."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select

from hub.demo.questions import seed_demo_questions
from hub.demo.seed import seed_demo
from hub.extensions import db
from hub.intake.personal import found_personal_data
from hub.questions import codes
from hub.questions.figures import due_soon_and_overdue
from hub.questions.models import Channel, Question, QuestionKind, QuestionState
from tenants.context import tenant_scope, unscoped
from tenants.models import Tenant

S = QuestionState
BASE = "langson.localhost"
SITES = ("langson", "sokhcn.langson", "xathongnhat.langson")
EVERY_STATE = {S.NEW, S.CLASSIFIED, S.PROGRESS, S.REVIEW, S.ANSWERED, S.PUBLISHED,
               S.CLOSED, S.REFUSED}


def _seeded(app):  # type: ignore[no-untyped-def]
    with app.app_context():
        seed_demo()
        db.session.commit()
        return seed_demo_questions(app, BASE)


def _by_site(app) -> dict[str, list[Question]]:  # type: ignore[no-untyped-def]
    with unscoped():
        rows = db.session.execute(select(Tenant.slug, Question).join(
            Tenant, Tenant.id == Question.tenant_id)).all()
    out: dict[str, list[Question]] = defaultdict(list)
    for slug, question in rows:
        out[slug].append(question)
    return out


def test_every_state_is_on_the_province_a_department_and_a_commune(app):
    seeded = _seeded(app)
    with app.app_context():
        by_site = _by_site(app)
        # The forwarded question has a row on each of its two sites.
        assert sum(len(rows) for rows in by_site.values()) == seeded.count + 1
        for slug in SITES:
            states = {question.state for question in by_site[slug]}
            assert EVERY_STATE <= states, (slug, EVERY_STATE - states)
        everything = [question for rows in by_site.values() for question in rows]
        assert any(q.kind is QuestionKind.PETITION for q in everything)
        entered = [q for q in everything if q.channel in (Channel.POST, Channel.PHONE)]
        assert entered and all(q.entered_by_id is not None for q in entered)
        for question in everything:
            if question.state is S.PROGRESS:
                assert question.promised_at is not None
            if question.state is S.REVIEW:
                assert question.answer and question.signer_name
            if question.state is S.REFUSED:
                assert question.refusal_reason
            if question.state is S.PUBLISHED:
                assert question.public_answer and question.public_name != question.name
                for text in (question.public_title, question.public_body):
                    assert text and not found_personal_data(text)
                assert "[***]" not in question.public_body
        # Reception days spread over the past weeks: some are overdue already.
        province = db.session.scalars(select(Tenant).filter_by(slug="langson")).one()
        received = sorted(q.received_at for q in by_site["langson"])
        assert (received[-1] - received[0]).days >= 14
        with tenant_scope(province.id):
            _soon, overdue = due_soon_and_overdue(province.id)
        assert overdue


def test_the_province_forwards_one_to_the_department_which_answers_and_publishes(app):
    _seeded(app)
    with app.app_context(), unscoped():
        by_site = _by_site(app)
        department = db.session.scalars(select(Tenant).filter_by(
            slug="sokhcn.langson")).one()
        [sent] = [q for q in by_site["langson"] if q.state is S.FORWARDED]
        [received] = [q for q in by_site["sokhcn.langson"] if q.origin_id is not None]
        assert sent.forwarded_to_id == received.id
        assert sent.forwarded_to_tenant_id == department.id
        assert received.origin_id == sent.id and received.origin_tenant_id == sent.tenant_id
        assert received.code is None and received.asked_code == sent.code
        assert received.state is S.PUBLISHED
        # What the department did is recorded up the chain, for the citizen's tracking.
        assert sent.forwarded_state == S.ANSWERED.value
        assert sent.answer == received.answer and sent.answering_unit == department.name


def test_the_seed_command_prints_tracking_codes_and_seeds_once(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "seed", "--port", "8000"])
    assert first.exit_code == 0, first.output
    assert f"http://{BASE}:8000/hoi-dap/tra-cuu" in first.output
    with app.app_context(), unscoped():
        stored = {codes.display(code) for code in db.session.scalars(
            select(Question.code).where(Question.code.is_not(None)))}
        count = db.session.scalar(select(func.count()).select_from(Question))
    shown = [line.split()[1] for line in first.output.splitlines()
             if "/hoi-dap/tra-cuu" in line]
    assert len(shown) == 2 and set(shown) <= stored

    again = runner.invoke(args=["demo", "seed", "--if-empty"])
    assert again.exit_code == 0 and "not seeded" in again.output
    with app.app_context():
        assert seed_demo_questions(app, BASE).count == 0
        with unscoped():
            assert db.session.scalar(select(func.count()).select_from(Question)) == count
