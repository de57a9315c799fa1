"""The answer clock: from 08:00 of the day received, in working days (002 Article 14.4),
across weekends, Tết, swapped days and out-of-hours reception; the site's own rule."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from flask import Flask

from hub.core.clock import aware
from hub.deadlines.operations import set_override
from hub.extensions import db
from hub.questions import deadlines, operations
from hub.questions.models import AnswerLevel, Question
from tenants.context import tenant_scope, unscoped
from tenants.models import Tenant
from tests.questions.helpers import World, build_world, receive

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=VN)


@pytest.fixture
def world(app: Flask, province: Tenant) -> World:
    return build_world(app, province)


@pytest.mark.parametrize(("received", "level", "starts", "due"), [
    # Monday 10:00, own competence: Monday is day 1, due Friday 17:00.
    (at(2026, 11, 30, 10), "own", at(2026, 11, 30, 8), at(2026, 12, 4, 17)),
    # Before opening on a working day: the same day counts.
    (at(2026, 11, 30, 6, 30), "own", at(2026, 11, 30, 8), at(2026, 12, 4, 17)),
    # Monday 22:00: the clock starts Tuesday 08:00.
    (at(2026, 11, 30, 22), "own", at(2026, 12, 1, 8), at(2026, 12, 7, 17)),
    # Saturday: Monday 08:00.
    (at(2026, 11, 28, 9), "own", at(2026, 11, 30, 8), at(2026, 12, 4, 17)),
    # Several agencies: 10 working days.
    (at(2026, 11, 30, 10), "interagency", at(2026, 11, 30, 8), at(2026, 12, 11, 17)),
    # Special case: 15 working days, over Vietnam Cultural Day (Tue 24 November 2026).
    (at(2026, 11, 16, 10), "special", at(2026, 11, 16, 8), at(2026, 12, 7, 17)),
    # Tết 2026: 16-20 February are off; day 1 is Fri 13 Feb, then 23 to 26 Feb.
    (at(2026, 2, 13, 10), "own", at(2026, 2, 13, 8), at(2026, 2, 26, 17)),
    # Received during Tết: the clock waits for Monday 23 February.
    (at(2026, 2, 18, 9), "own", at(2026, 2, 23, 8), at(2026, 2, 27, 17)),
    # Friday evening before the swapped Saturday 22 August 2026 (a working day).
    (at(2026, 8, 21, 18), "own", at(2026, 8, 22, 8), at(2026, 8, 27, 17)),
])
def test_due_date_follows_the_working_calendar(app: Flask, world: World, received: datetime,
                                               level: str, starts: datetime,
                                               due: datetime) -> None:
    with app.app_context():
        assert deadlines.clock_start(received) == starts
    question_id = receive(app, world.province, received_at=received)
    with app.test_request_context(base_url="http://langson.localhost/"), \
            tenant_scope(world.province.id):
        question = db.session.get(Question, question_id)
        operations.classify(question, field="land", level=AnswerLevel(level),
                            actor=world.user("province_editor"))
        db.session.commit()
        assert aware(question.due_at) == due


def test_a_day_given_off_moves_the_due_date(app: Flask, world: World) -> None:
    with app.app_context(), unscoped():
        assert deadlines.due_after(at(2026, 11, 30, 8), 5) == at(2026, 12, 4, 17)
        set_override(date(2026, 12, 2), False, "Nghỉ bù")
        db.session.commit()
        assert deadlines.due_after(at(2026, 11, 30, 8), 5) == at(2026, 12, 7, 17)


def test_the_sites_own_rule_wins_but_never_beyond_fifteen_days(app: Flask, world: World) -> None:
    with app.app_context(), unscoped():
        department = db.session.get(Tenant, world.department.id)
        department.update_settings(deadline_overrides={"question_own": {
            "amount": 3, "unit": "working_days"}})
        db.session.commit()
        assert deadlines.days_for(AnswerLevel.OWN, department.id) == 3
        assert deadlines.days_for(AnswerLevel.OWN, world.province.id) == 5
        department.update_settings(deadline_overrides={"question_special": {
            "amount": 40, "unit": "working_days"}})
        db.session.commit()
        assert deadlines.days_for(AnswerLevel.SPECIAL, department.id) == 15


def test_a_progress_notice_may_not_promise_beyond_the_legal_maximum(app: Flask,
                                                                   world: World) -> None:
    question_id = receive(app, world.province)
    with app.test_request_context(base_url="http://langson.localhost/"), \
            tenant_scope(world.province.id):
        question = db.session.get(Question, question_id)
        editor = world.user("province_editor")
        operations.classify(question, field="land", level="own", actor=editor)
        limit = deadlines.legal_maximum(question.clock_starts_at)
        too_late = limit.date().toordinal() + 1
        with pytest.raises(operations.QuestionError) as refused:
            operations.progress_notice(question, promised_on=date.fromordinal(too_late),
                                       note="Đang lấy ý kiến Sở Tài nguyên và Môi trường.",
                                       actor=editor)
        assert "15" in refused.value.errors["promised_on"]
        operations.progress_notice(question, promised_on=limit.date(),
                                   note="Đang lấy ý kiến Sở Tài nguyên và Môi trường.",
                                   actor=editor)
        db.session.commit()
        assert question.state.value == "progress"
        assert question.deadline == limit
