"""The process's cached working calendar follows the override table: a committed change
holds even if another request cached the calendar before the commit; a rolled-back
change is forgotten; a rolled-back savepoint does not cancel the change around it."""

from __future__ import annotations

from datetime import date

from flask import Flask
from sqlalchemy import select

from hub.deadlines import calendar
from hub.deadlines.models import WorkingDayOverride
from hub.extensions import db

MONDAY = date(2026, 3, 2)  # an ordinary working Monday
SATURDAY = date(2026, 3, 7)  # an ordinary Saturday off


def read_meanwhile(app: Flask, day: date) -> bool:
    """What another request of this process sees (its own session) and caches now."""
    with app.app_context():
        working = calendar.is_working_day(day)
        db.session.remove()
        return working


def fresh_read(app: Flask, day: date) -> bool:
    with app.app_context():
        db.session.remove()
        return calendar.is_working_day(day)


def test_a_committed_override_holds_although_the_calendar_was_read_before_the_commit(app):
    """Another request caches the calendar before the commit: the commit drops that copy."""
    with app.app_context():
        db.session.add(WorkingDayOverride(day=MONDAY, is_working_day=False, note="Nghỉ bù"))
        db.session.flush()
        assert read_meanwhile(app, MONDAY)  # not committed: still a working day for others
        db.session.commit()
    assert not fresh_read(app, MONDAY)


def test_a_rolled_back_removal_brings_the_override_back(app):
    """An override deleted then rolled back is in the calendar again."""
    with app.app_context():
        db.session.add(WorkingDayOverride(day=SATURDAY, is_working_day=True, note="Làm bù"))
        db.session.commit()
    assert fresh_read(app, SATURDAY)
    with app.app_context():
        db.session.delete(db.session.scalar(select(WorkingDayOverride)))
        db.session.flush()
        assert not calendar.is_working_day(SATURDAY)  # this transaction sees its change
        db.session.rollback()
    assert fresh_read(app, SATURDAY)


def test_a_rolled_back_savepoint_keeps_the_override_made_around_it(app):
    """The override added outside a rolled-back savepoint holds after the commit."""
    with app.app_context():
        db.session.add(WorkingDayOverride(day=MONDAY, is_working_day=False, note="Nghỉ bù"))
        db.session.flush()
        savepoint = db.session.begin_nested()
        db.session.add(WorkingDayOverride(day=SATURDAY, is_working_day=True))
        db.session.flush()
        savepoint.rollback()
        assert read_meanwhile(app, MONDAY)  # not committed: still a working day for others
        db.session.commit()
    assert not fresh_read(app, MONDAY)
    assert not fresh_read(app, SATURDAY)
