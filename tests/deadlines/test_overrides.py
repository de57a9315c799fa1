"""Swapped days announced each year: recorded by the office with ``flask calendar``,
they change the calendar at once and move the open deadlines of every site."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from hub.audit.models import AuditEntry
from hub.content.deadlines import assign_deadline
from hub.content.models import ContentItem
from hub.core import clock
from hub.deadlines import calendar
from hub.deadlines.models import WorkingDayOverride
from hub.extensions import db
from tenants.context import tenant_scope, unscoped
from tests.deadlines.builders import (
    LegalDocument,
    add_item,
    published,
    seed_regulation,
    vn,
)


def run(app, *args: str):  # type: ignore[no-untyped-def]
    return app.test_cli_runner().invoke(args=["calendar", *args])


def overrides(app) -> dict[date, tuple[bool, str]]:  # type: ignore[no-untyped-def]
    with app.app_context():
        db.session.remove()
        return {row.day: (row.is_working_day, row.note)
                for row in db.session.scalars(select(WorkingDayOverride))}


def due_of(app, tenant, item_id: int):  # type: ignore[no-untyped-def]
    with app.app_context(), tenant_scope(tenant.id):
        db.session.remove()
        return clock.to_local(db.session.get(ContentItem, item_id).due_at)


def _document_issued_thursday_8_january(app, site, **fields) -> int:  # type: ignore[no-untyped-def]
    item_id = add_item(app, site, LegalDocument, issued_on=date(2026, 1, 8), **fields)
    with app.app_context(), tenant_scope(site.id):
        item = db.session.get(ContentItem, item_id)
        assign_deadline(item)
        db.session.commit()
    return item_id


def test_an_override_in_the_database_changes_the_calendar_at_once(app):
    with app.app_context():
        assert calendar.add_working_days(date(2026, 1, 8), 3) == vn(2026, 1, 13, 17)
        db.session.add(WorkingDayOverride(day=date(2026, 1, 10), is_working_day=True))
        db.session.commit()
        assert calendar.is_working_day(date(2026, 1, 10))
        assert calendar.add_working_days(date(2026, 1, 8), 3) == vn(2026, 1, 12, 17)


def test_a_rolled_back_override_leaves_no_trace_in_the_cached_calendar(app):
    with app.app_context():
        db.session.add(WorkingDayOverride(day=date(2026, 1, 2), is_working_day=False))
        db.session.flush()
        assert not calendar.is_working_day(date(2026, 1, 2))
        db.session.rollback()
        assert calendar.is_working_day(date(2026, 1, 2))


def test_a_swapped_saturday_moves_the_open_deadlines_of_every_site(app, two_sites):
    seed_regulation(app)
    site_a, site_b = two_sites
    open_a = _document_issued_thursday_8_january(app, site_a)
    open_b = _document_issued_thursday_8_january(app, site_b)
    done = _document_issued_thursday_8_january(
        app, site_a, **published(vn(2026, 1, 9, 10), vn(2026, 1, 13, 17)))
    assert due_of(app, site_a, open_a) == vn(2026, 1, 13, 17)

    result = run(app, "add-override", "2026-01-10", "--working",
                 "--note", "Công văn 1234/BNV: làm bù thứ Bảy")
    assert result.exit_code == 0, result.output
    assert "2 open deadline(s) moved" in result.output
    assert overrides(app) == {date(2026, 1, 10): (True, "Công văn 1234/BNV: làm bù thứ Bảy")}
    assert due_of(app, site_a, open_a) == vn(2026, 1, 12, 17)
    assert due_of(app, site_b, open_b) == vn(2026, 1, 12, 17)
    assert due_of(app, site_a, done) == vn(2026, 1, 13, 17)  # judged when it was published
    with app.app_context(), unscoped():
        entry = db.session.scalar(select(AuditEntry).where(
            AuditEntry.action == "calendar.override_set"))
        assert entry.object_id == "2026-01-10" and entry.detail["working"] is True
        assert entry.tenant_id is None and entry.actor_label.startswith("cli")

    result = run(app, "remove-override", "2026-01-10")
    assert result.exit_code == 0, result.output
    assert overrides(app) == {}
    assert due_of(app, site_a, open_a) == vn(2026, 1, 13, 17)


def test_a_day_given_off_replaces_an_earlier_entry_of_the_same_day(app):
    assert run(app, "add-override", "2026-01-02", "--working").exit_code == 0
    assert run(app, "add-override", "2026-01-02", "--day-off", "--note", "nghỉ bù").exit_code == 0
    assert overrides(app) == {date(2026, 1, 2): (False, "nghỉ bù")}


def test_bad_input_says_what_is_wrong_and_writes_nothing(app):
    for args in (("add-override", "10/01/2026", "--working"),
                 ("add-override", "2026-02-30", "--working"),
                 ("add-override", "2026-01-10"),
                 ("remove-override", "2026-01-10"),
                 ("list", "abc")):
        result = run(app, *args)
        assert result.exit_code != 0, args
        assert "Error" in result.output, args
    assert overrides(app) == {}
    with app.app_context(), unscoped():
        assert db.session.scalar(select(AuditEntry.id)) is None


def test_the_list_of_a_year_shows_tet_the_swaps_and_the_overrides(app):
    run(app, "add-override", "2026-01-02", "--day-off", "--note", "nghỉ bù Tết Dương lịch")
    result = run(app, "list", "2026")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "2026-01-02\tFri\tday off\toverride: nghỉ bù Tết Dương lịch" in lines
    assert "2026-02-17\tTue\tday off\tTết Nguyên Đán" in lines
    assert "2026-08-22\tSat\tworking day\tswapped day" in lines
    assert not any(line.startswith("2026-03-09") for line in lines)  # an ordinary Monday
