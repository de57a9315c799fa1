"""Each item gets its due date from the regulation's rules (003 Article 9, 002 Article
10), kept as data with per-site overrides; ``deadline_state`` says whether it was met."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from hub.content.deadlines import (
    InvalidDeadlineOverrides,
    assign_deadline,
    clean_overrides,
    deadline_state,
    rules_for,
)
from hub.content.models import ContentItem, ScheduleEntry
from hub.core.clock import to_local
from hub.extensions import db
from tenants.context import tenant_scope, unscoped
from tenants.models import Tenant
from tests.deadlines.builders import (
    Article,
    ArticleKind,
    ContentStatus,
    LegalDocument,
    Page,
    Procedure,
    add_item,
    build,
    seed_regulation,
    utc,
    vn,
)


@pytest.fixture
def site(app, two_sites):  # type: ignore[no-untyped-def]
    seed_regulation(app)
    return two_sites[0]


def deadline_of(app, site, cls, **fields):  # type: ignore[no-untyped-def]
    """Assign the deadline of a new item on ``site``: (rule, clock start, due), in VN time."""
    with app.app_context(), tenant_scope(site.id):
        item = build(cls, **fields)
        assign_deadline(item)
        if item.due_at is None:
            return None
        return item.deadline_rule, to_local(item.deadline_from), to_local(item.due_at)


def set_overrides(app, site, overrides):  # type: ignore[no-untyped-def]
    with app.app_context(), unscoped():
        db.session.get(Tenant, site.id).update_settings(deadline_overrides=overrides)
        db.session.commit()


def test_a_legal_document_is_due_3_working_days_after_issue(app, site):
    # Decision issued on Friday 6 March 2026: Monday, Tuesday, Wednesday.
    assert deadline_of(app, site, LegalDocument, issued_on=date(2026, 3, 6)) == (
        "legal_document", vn(2026, 3, 6), vn(2026, 3, 11, 17))


def test_a_site_following_002_gives_documents_2_working_days(app, site):
    set_overrides(app, site, {"legal_document": {"amount": 2, "unit": "working_days"}})
    assert deadline_of(app, site, LegalDocument, issued_on=date(2026, 3, 6))[2] == \
        vn(2026, 3, 10, 17)
    with app.app_context():
        rule = rules_for(site.id)["legal_document"]
        assert (rule.amount, rule.site_override) == (2, True)
        assert rules_for(site.id)["other"].site_override is False


def test_another_sites_override_does_not_apply_here(app, two_sites, site):
    set_overrides(app, two_sites[1], {"legal_document": {"amount": 2}})
    assert deadline_of(app, site, LegalDocument, issued_on=date(2026, 3, 6))[2] == \
        vn(2026, 3, 11, 17)


def test_a_broken_override_in_the_settings_falls_back_to_the_office_rule(app, site):
    set_overrides(app, site, {"legal_document": {"amount": "two"},
                              "propaganda": {"amount": 5, "unit": "fortnights"},
                              "unknown": {"amount": 1}})
    assert deadline_of(app, site, LegalDocument, issued_on=date(2026, 3, 6))[2] == \
        vn(2026, 3, 11, 17)


def test_propaganda_is_due_7_working_days_after_the_policy_it_explains(app, site):
    assert deadline_of(app, site, Article, kind=ArticleKind.PROPAGANDA,
                       event_starts_at=utc(vn(2026, 3, 2, 9))) == (
        "propaganda", vn(2026, 3, 2, 9), vn(2026, 3, 11, 17))


def test_news_of_an_event_is_due_8_working_hours_after_the_event(app, site):
    assert deadline_of(app, site, Article, kind=ArticleKind.EVENT,
                       event_starts_at=utc(vn(2026, 3, 6, 15, 30))) == (
        "event_news", vn(2026, 3, 6, 15, 30), vn(2026, 3, 9, 15, 30))


def test_a_procedure_change_is_due_2_working_days_after_it_takes_effect(app, site):
    assert deadline_of(app, site, Procedure, effective_on=date(2026, 2, 13)) == (
        "procedure_change", vn(2026, 2, 13), vn(2026, 2, 24, 17))


def test_other_information_is_due_10_working_days_after_it_was_received(app, site):
    created = utc(vn(2026, 3, 2, 10))
    assert deadline_of(app, site, Page, created_at=created) == (
        "other", vn(2026, 3, 2, 10), vn(2026, 3, 16, 17))
    assert deadline_of(app, site, Article, created_at=created)[0] == "other"
    assert deadline_of(app, site, ScheduleEntry, created_at=created, leader="Chủ tịch",
                       day=date(2026, 3, 9))[0] == "other"


def test_an_item_being_created_starts_its_clock_now(app, site):
    before = datetime.now(vn(2026, 1, 1).tzinfo)
    rule, start, due = deadline_of(app, site, Page)
    assert rule == "other" and start >= before.replace(microsecond=0)


def test_a_translation_follows_its_own_request_and_has_no_publication_deadline(app, site):
    source_id = add_item(app, site, Article)
    assert deadline_of(app, site, Article, locale="en", translation_of_id=source_id) is None


def test_changing_the_issue_date_moves_the_deadline(app, site):
    item_id = add_item(app, site, LegalDocument, issued_on=date(2026, 3, 6))
    with app.app_context(), tenant_scope(site.id):
        item = db.session.get(ContentItem, item_id)
        assign_deadline(item)
        item.issued_on = date(2026, 3, 9)
        assign_deadline(item)
        db.session.commit()
        db.session.expire_all()
        assert to_local(db.session.get(ContentItem, item_id).due_at) == vn(2026, 3, 12, 17)


def test_without_the_rule_in_the_table_an_item_has_no_deadline(app, two_sites):
    # PostgreSQL test databases start empty; SQLite ones carry the migration's rows.
    with app.app_context(), unscoped():
        from hub.deadlines.models import DeadlineRule
        for rule in db.session.scalars(db.select(DeadlineRule)):
            db.session.delete(rule)
        db.session.commit()
    assert deadline_of(app, two_sites[0], LegalDocument, issued_on=date(2026, 3, 6)) is None


def test_overrides_are_checked_before_they_are_saved():
    assert clean_overrides({"legal_document": {"amount": 2, "unit": "working_days"}}) == {
        "legal_document": {"amount": 2, "unit": "working_days"}}
    with pytest.raises(InvalidDeadlineOverrides) as caught:
        clean_overrides({"legal_document": {"amount": 0, "unit": "working_days"},
                         "event_news": {"amount": True, "unit": "working_hours"},
                         "other": {"amount": 3, "unit": "weeks"},
                         "nonsense": {"amount": 1, "unit": "working_days"}})
    assert set(caught.value.errors) == {"legal_document", "event_news", "other", "nonsense"}
    with pytest.raises(InvalidDeadlineOverrides):
        clean_overrides(["legal_document", 2])


# --- was it met? ------------------------------------------------------------------------

DUE = vn(2026, 3, 11, 17)  # Wednesday


def state(now=None, **fields):  # type: ignore[no-untyped-def]
    item = build(LegalDocument, due_at=utc(DUE), **fields)
    return deadline_state(item, utc(now) if now else None)


STATES = [  # (fields of the item, now, expected state)
    ({"published_at": utc(vn(2026, 3, 11, 16, 59)), "status": ContentStatus.PUBLISHED},
     None, "on_time"),
    ({"published_at": utc(vn(2026, 3, 11, 17, 1)), "status": ContentStatus.PUBLISHED},
     None, "late"),
    # Unpublished later: it went online in time all the same.
    ({"published_at": utc(vn(2026, 3, 10, 9)), "status": ContentStatus.UNPUBLISHED},
     vn(2026, 4, 1), "on_time"),
    ({"status": ContentStatus.SUBMITTED}, vn(2026, 3, 11, 17, 1), "overdue"),
    ({"status": ContentStatus.DRAFT}, vn(2026, 3, 12, 9), "overdue"),
    # Due today, or by the next working day: due soon.
    ({"status": ContentStatus.DRAFT}, vn(2026, 3, 11, 8), "due_soon"),
    ({"status": ContentStatus.DRAFT}, vn(2026, 3, 10, 9), "due_soon"),
    ({"status": ContentStatus.DRAFT}, vn(2026, 3, 9, 9), None),
    # Withdrawn without being published: nothing is owed.
    ({"status": ContentStatus.ARCHIVED}, vn(2026, 4, 1), None),
    ({"status": ContentStatus.TAKEN_DOWN}, vn(2026, 4, 1), None),
]


def test_the_state_of_a_deadline(app):
    with app.app_context():  # "due soon" reads the working-day calendar
        for fields, now, expected in STATES:
            assert state(now, **fields) == expected, (fields, now)


def test_due_soon_looks_over_the_weekend(app):
    item = build(LegalDocument, due_at=utc(vn(2026, 3, 9, 17)), status=ContentStatus.DRAFT)
    with app.app_context():
        assert deadline_state(item, utc(vn(2026, 3, 6, 16))) == "due_soon"  # Fri -> Mon


def test_an_item_without_a_deadline_has_no_state():
    assert deadline_state(build(Page, status=ContentStatus.DRAFT)) is None


def test_naive_datetimes_from_sqlite_are_read_as_utc():
    item = build(LegalDocument, due_at=utc(DUE).replace(tzinfo=None),
                 published_at=utc(vn(2026, 3, 11, 16)).replace(tzinfo=None))
    assert deadline_state(item) == "on_time"
