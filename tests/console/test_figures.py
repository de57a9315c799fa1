"""Every figure of the console against hand-counted data: a month's boundary is
Vietnam's midnight, a public holiday is not a working day, and each site counts only
its own rows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from flask import Flask

from hub.accounts.models import User
from hub.console.figures import period_of, periods_before, site_rows
from hub.consultations.models import ConsultationOutcome
from hub.content.models import Consultation
from hub.extensions import db
from tenants.context import tenant_scope, unscoped
from tenants.models import Tenant
from tests.console.conftest import said
from tests.deadlines.builders import (
    Article,
    ArticleKind,
    ContentStatus,
    LegalDocument,
    add_item,
    published,
    utc,
    vn,
)
from tests.factories import create_user
from tests.questions.test_figures import world  # noqa: F401 - the questions' fixture


@pytest.fixture(autouse=True)
def _words_of_the_province(app):  # type: ignore[no-untyped-def]
    """A figure says its words when they are read: read them as the province's host."""
    with app.test_request_context(base_url="http://langson.localhost/"):
        yield


def rows_of(app: Flask, period, now: datetime, *sites: Tenant):  # type: ignore[no-untyped-def]
    with app.test_request_context(base_url="http://langson.localhost/"):
        rows = site_rows(period, now=now, tenant_ids=[site.id for site in sites])
        return {row.slug: row for row in rows}


def test_periods_are_months_quarters_halves_and_years_of_vietnam(app):
    with app.test_request_context():
        quarter = period_of("quarter", date(2026, 5, 31))
        assert (quarter.first, quarter.last) == (date(2026, 4, 1), date(2026, 6, 30))
        half = period_of("half", date(2026, 12, 31))
        assert (half.first, half.last, len(half.months)) == (date(2026, 7, 1),
                                                             date(2026, 12, 31), 6)
        assert period_of("year", date(2024, 2, 29)).last == date(2024, 12, 31)
        months = periods_before("month", date(2026, 3, 15), 3)
        assert [m.first for m in months] == [date(2026, 1, 1), date(2026, 2, 1),
                                             date(2026, 3, 1)]
        assert period_of("month", date(2026, 2, 10)).last == date(2026, 2, 28)


def test_deadlines_of_a_month_end_at_vietnams_midnight(app, sites):
    department, commune = sites
    # Due in April (Vietnam): one on time, one late, one overdue.
    add_item(app, department, LegalDocument, **published(vn(2026, 4, 1, 0, 20),
                                                         vn(2026, 4, 1, 0, 30)))
    add_item(app, department, Article, **published(vn(2026, 4, 10, 9), vn(2026, 4, 9, 17)))
    add_item(app, department, Article, status=ContentStatus.DRAFT,
             due_at=utc(vn(2026, 4, 30, 17)))
    # Due at 23:30 on 31 March (Vietnam), already 1 April nowhere that matters: March.
    add_item(app, department, Article, status=ContentStatus.DRAFT,
             due_at=utc(vn(2026, 3, 31, 23, 30)))
    # The commune's late item is the commune's.
    add_item(app, commune, Article, **published(vn(2026, 4, 3, 9), vn(2026, 4, 2, 17)))
    rows = rows_of(app, period_of("month", date(2026, 4, 1)), utc(vn(2026, 5, 6, 9)),
                   department, commune)
    figure = rows["sokhcn.langson"].figures["deadlines"]
    assert {k: figure.numbers[k] for k in ("on_time", "late", "overdue")} == {
        "on_time": 1, "late": 1, "overdue": 1}
    assert said(app, "%(num)d item published after its deadline",
                "%(num)d items published after their deadline", 1) in figure.shortcoming
    assert said(app, "%(num)d item overdue", "%(num)d items overdue", 1) in figure.shortcoming
    assert rows["xathongnhat.langson"].figures["deadlines"].numbers["late"] == 1
    march = rows_of(app, period_of("month", date(2026, 3, 1)), utc(vn(2026, 5, 6, 9)),
                    department)
    assert march["sokhcn.langson"].figures["deadlines"].numbers["overdue"] == 1


def test_the_monthly_quota_counts_finished_months_met(app, sites):
    department, commune = sites
    for moment in (vn(2026, 1, 5, 9), vn(2026, 1, 20, 9),      # January: 2, met
                   vn(2026, 2, 10, 9),                         # February: 1, missed
                   vn(2026, 3, 2, 9), vn(2026, 3, 31, 23, 30),  # March: 2, met
                   vn(2026, 4, 1, 0, 30)):                     # April's
        add_item(app, department, Article, **published(moment), kind=ArticleKind.NEWS)
    # Taken down: never counts.
    add_item(app, department, Article, **published(vn(2026, 2, 11, 9),
                                                   status=ContentStatus.TAKEN_DOWN),
             kind=ArticleKind.NEWS)
    quarter = period_of("quarter", date(2026, 2, 1))
    rows = rows_of(app, quarter, utc(vn(2026, 4, 10, 9)), department, commune)
    figure = rows["sokhcn.langson"].figures["quota"]
    assert (figure.numbers["months_met"], figure.numbers["months_owed"]) == (2, 3)
    assert figure.shortcoming == said(app, "monthly news quota missed in %(num)d month",
                                      "monthly news quota missed in %(num)d months", 1)
    # The commune owes 3 a month and published nothing: every month missed.
    assert rows["xathongnhat.langson"].figures["quota"].numbers["months_met"] == 0
    # The month in progress is not missed yet.
    april = rows_of(app, period_of("month", date(2026, 4, 1)), utc(vn(2026, 4, 10, 9)),
                    department)
    assert april["sokhcn.langson"].figures["quota"].shortcoming is None


def test_the_last_publication_is_the_newest_original_item(app, sites):
    department, _commune = sites
    add_item(app, department, Article, **published(vn(2026, 3, 2, 9)))
    source = add_item(app, department, Article, **published(vn(2026, 3, 5, 9)))
    add_item(app, department, Article, **published(vn(2026, 3, 9, 9)), locale="en",
             translation_of_id=source)
    add_item(app, department, Article, **published(vn(2026, 3, 10, 9),
                                                   status=ContentStatus.TAKEN_DOWN))
    rows = rows_of(app, period_of("month", date(2026, 3, 1)), utc(vn(2026, 4, 1)),
                   department)
    figure = rows["sokhcn.langson"].figures["last_publication"]
    assert figure.numbers["last_publication"] == utc(vn(2026, 3, 5, 9))
    assert figure.text == "05/03/2026"


def _draft(app: Flask, site: Tenant, opens: date, closes: date, outcome_at=None) -> int:  # type: ignore[no-untyped-def]
    item = add_item(app, site, Consultation, drafting_agency="Sở Tư pháp", opens_on=opens,
                    closes_on=closes, **published(vn(opens.year, opens.month, opens.day)))
    if outcome_at is not None:
        with app.app_context(), tenant_scope(site.id):
            db.session.add(ConsultationOutcome(consultation_id=item, published_at=outcome_at))
            db.session.commit()
    return item


def test_consultation_outcomes_overdue_skip_the_holidays(app, sites):
    department, _commune = sites
    with app.app_context(), unscoped():
        db.session.get(Tenant, department.id).update_settings(
            consultation_outcome_working_days=1)
        db.session.commit()
    # Closed Monday 27 April: the outcome was due Tuesday 28 at 17:00.
    _draft(app, department, date(2026, 3, 27), date(2026, 4, 27))
    # Closed Wednesday 29 April: 30 April and 1 May are holidays, 2–3 May a weekend,
    # so the outcome is due Monday 4 May.
    _draft(app, department, date(2026, 3, 30), date(2026, 4, 29))
    # Closed the same day, outcome published in time: nothing overdue.
    _draft(app, department, date(2026, 3, 30), date(2026, 4, 29),
           outcome_at=utc(vn(2026, 4, 30, 9)))
    april = period_of("month", date(2026, 4, 1))
    saturday = rows_of(app, april, utc(vn(2026, 5, 2, 12)), department)
    figure = saturday["sokhcn.langson"].figures["consultations"]
    assert figure.numbers["outcome_overdue"] == 1
    assert figure.shortcoming == said(app, "%(num)d consultation outcome overdue",
                                      "%(num)d consultation outcomes overdue", 1)
    tuesday = rows_of(app, april, utc(vn(2026, 5, 5, 9)), department)
    assert tuesday["sokhcn.langson"].figures["consultations"].numbers["outcome_overdue"] == 2


def test_questions_answered_on_time_and_overdue(app, world):  # noqa: F811
    rows = rows_of(app, period_of("month", date(2026, 11, 1)), datetime.now(UTC),
                   world.department, world.commune)
    figure = rows["sokhcn.langson"].figures["questions"]
    assert {k: figure.numbers[k] for k in ("answered_on_time", "answered_late",
                                           "open_overdue")} == {
        "answered_on_time": 1, "answered_late": 1, "open_overdue": 1}
    assert figure.text == said(app, "%(on_time)d on time, %(overdue)d overdue", on_time=1,
                               overdue=1)
    assert said(app, "%(num)d question answered late", "%(num)d questions answered late",
                1) in figure.shortcoming
    assert rows["xathongnhat.langson"].figures["questions"].shortcoming is None
    assert not rows["sokhcn.langson"].compliant


def test_the_english_set_is_owed_only_by_sites_with_english(app, sites, province):
    department, _commune = sites
    rows = rows_of(app, period_of("month", date(2026, 4, 1)), utc(vn(2026, 4, 2)),
                   province, department)
    english = rows["langson"].figures["english"]
    assert english.numbers["parts"] == {"organisation": "missing", "functions": "missing",
                                        "contacts": "missing"}
    assert english.shortcoming == said(app, "English set incomplete: %(parts)s",
                                       parts="organisation, functions, contacts")
    assert rows["sokhcn.langson"].figures["english"].shortcoming is None
    assert rows["sokhcn.langson"].figures["english"].text == said(app, "not required")


def test_accounts_active_and_unused_for_ninety_days(app, sites):
    department, commune = sites
    now = utc(vn(2026, 6, 1, 9))

    def member(email: str, **columns) -> None:  # type: ignore[no-untyped-def]
        user = create_user(app, email, {department: "editor"})
        with app.app_context(), unscoped():
            row = db.session.get(User, user.id)
            row.created_at = now - timedelta(days=400)
            for name, value in columns.items():
                setattr(row, name, value)
            db.session.commit()

    member("cu@sokhcn.gov.vn", last_login_at=now - timedelta(days=91))
    member("moi@sokhcn.gov.vn", last_login_at=now - timedelta(days=10))
    member("chuadung@sokhcn.gov.vn")                       # never logged in
    member("nghiviec@sokhcn.gov.vn", is_enabled=False)     # disabled: not counted
    rows = rows_of(app, period_of("month", date(2026, 5, 1)), now, department, commune)
    figure = rows["sokhcn.langson"].figures["accounts"]
    assert figure.numbers == {"active": 3, "unused": 2}
    assert figure.shortcoming == said(app, "%(num)d account unused for 90 days",
                                      "%(num)d accounts unused for 90 days", 2)
    assert rows["xathongnhat.langson"].figures["accounts"].shortcoming == said(
        app, "no active account")


def test_many_sites_read_the_period_of_every_site_and_keep_theirs(app, sites, province,
                                                                  monkeypatch):
    """Above ``MANY_SITES`` the grouped queries drop their IN list: same figures."""
    department, commune = sites
    add_item(app, department, Article, **published(vn(2026, 4, 10, 9), vn(2026, 4, 9, 17)))
    add_item(app, commune, Article, status=ContentStatus.DRAFT,
             due_at=utc(vn(2026, 4, 2, 17)))
    april = period_of("month", date(2026, 4, 1))
    now = utc(vn(2026, 5, 6, 9))

    def numbers(*chosen: Tenant) -> dict:  # type: ignore[type-arg]
        return {slug: {key: (f.numbers if key != "structure" else f.numbers["missing_sections"])
                       for key, f in row.figures.items()}
                for slug, row in rows_of(app, april, now, *chosen).items()}
    few = numbers(department)
    monkeypatch.setattr("hub.core.database.MANY_SITES", 0)
    assert numbers(department) == few
    assert numbers(department, commune)["xathongnhat.langson"]["deadlines"]["overdue"] == 1
