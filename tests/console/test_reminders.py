"""Reminders of the province office (003 Articles 13.2.b, 14.3–14.4): a weekly digest
of what is overdue or missing goes to each site's administrators, never to a site with
nothing overdue, never twice in a week; the office can remind a site at once; every
reminder is kept and shown on the site's row of the console."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from hub.audit.models import AuditEntry
from hub.console import reminders
from hub.console.figures import period_of, site_rows
from hub.console.models import ReminderKind, SiteReminder
from hub.core.clock import local_today
from hub.core.jobs import JOBS
from hub.extensions import db
from tenants.context import unscoped
from tests.console.reports_helpers import (
    PROVINCE_HOST,
    news,
    office_client,
    outbox,
    token,
)
from tests.deadlines.builders import utc, vn
from tests.factories import create_user, host_client, login

# Monday 2 November 2026, 09:00 in Viet Nam: after this week's moment (Monday 08:00).
MONDAY = utc(vn(2026, 11, 2, 9))


def october_news(app, department, commune):  # type: ignore[no-untyped-def]
    """The department published 1 news item in October (its quota is 2: missed), the
    commune 3 (its quota: met)."""
    news(app, department, vn(2026, 10, 6, 9))
    for day in (5, 12, 19):
        news(app, commune, vn(2026, 10, day, 9))


def weekly(app, now):  # type: ignore[no-untyped-def]
    with app.app_context():
        sent = reminders.send_weekly(now)
        db.session.commit()
        return sent


def reminders_in_db(app):  # type: ignore[no-untyped-def]
    with app.app_context(), unscoped():
        return [(r.tenant_id, r.kind, r.week, r.recipients, [i["key"] for i in r.items])
                for r in db.session.scalars(select(SiteReminder).order_by(SiteReminder.id))]


def test_the_weekly_digest_goes_to_the_admins_of_a_site_with_overdue_items_only(
        app, office_sites, publication_figures):
    department, commune = office_sites
    october_news(app, department, commune)
    assert weekly(app, MONDAY) == 1
    assert reminders_in_db(app) == [
        (department.id, ReminderKind.WEEKLY, "2026-W45", 2, ["quota"])]
    mails = outbox(app)
    assert sorted(m["To"] for m in mails) == ["qt.sokhcn@example.gov.vn",
                                              "qt2.sokhcn@example.gov.vn"]
    # Not the department's editor, nothing to the compliant commune.
    body = mails[0].get_content()
    assert "Sở Khoa học và Công nghệ" in mails[0]["Subject"]
    with app.app_context(), unscoped():
        listed = db.session.scalars(select(SiteReminder)).one().items
    assert listed[0]["text"] in body
    assert "http://sokhcn.langson.localhost/quan-tri/bao-cao" in body.replace(
        "https://", "http://")


def test_the_weekly_digest_is_not_sent_twice_in_a_week(app, office_sites,
                                                        publication_figures):
    department, commune = office_sites
    october_news(app, department, commune)
    assert weekly(app, MONDAY) == 1
    assert weekly(app, MONDAY + timedelta(hours=1)) == 0
    assert weekly(app, MONDAY + timedelta(days=4)) == 0
    assert len(outbox(app)) == 2
    # The next week, the department is reminded again (its October is still missed).
    assert weekly(app, MONDAY + timedelta(days=7)) == 1
    assert [week for _t, _k, week, _r, _i in reminders_in_db(app)] == ["2026-W45", "2026-W46"]


def test_the_database_holds_one_weekly_digest_per_site_and_week(app, office_sites):
    """Two workers judging at once: the second one's insert fails and rolls back."""
    department, _commune = office_sites
    with app.app_context(), unscoped():
        for _ in range(2):
            db.session.add(SiteReminder(tenant_id=department.id, kind=ReminderKind.WEEKLY,
                                        sent_at=MONDAY, week="2026-W45", items=[],
                                        recipients=1))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        for _ in range(2):  # "remind now" has no week: as many as the office sends
            db.session.add(SiteReminder(tenant_id=department.id, kind=ReminderKind.MANUAL,
                                        sent_at=MONDAY, items=[], recipients=1))
        db.session.commit()


def test_the_digest_waits_for_the_weekly_moment(app, office_sites, publication_figures):
    department, commune = office_sites
    october_news(app, department, commune)
    assert weekly(app, utc(vn(2026, 11, 2, 7, 59))) == 0  # Monday before 08:00
    app.config["CONSOLE_REMINDER_WEEKDAY"] = 3
    assert weekly(app, MONDAY) == 0                        # now set for Wednesday
    assert weekly(app, utc(vn(2026, 11, 4, 8))) == 1
    assert [week for _t, _k, week, _r, _i in reminders_in_db(app)] == ["2026-W45"]
    assert "console.weekly_reminders" in JOBS


def test_every_figure_short_is_listed(app, office_sites):
    """With every figure of the console, a new site lacks its Circular 22 structure."""
    department, _commune = office_sites
    assert weekly(app, MONDAY) >= 1
    keys = {tenant_id: items for tenant_id, _k, _w, _r, items in reminders_in_db(app)}
    assert "structure" in keys[department.id]
    assert "quota" in keys[department.id]


def test_remind_now_is_sent_recorded_and_shown_on_the_row(app, office_sites,
                                                          publication_figures):
    department, commune = office_sites
    october_news(app, department, commune)
    client = office_client(app)
    response = client.post(f"/quan-tri/tinh/don-vi/{department.id}/nhac-nho",
                           data={"csrf_token": token(client),
                                 "next": "/quan-tri/tinh/bao-cao"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/quan-tri/tinh/bao-cao")
    assert sorted(m["To"] for m in outbox(app)) == ["qt.sokhcn@example.gov.vn",
                                                    "qt2.sokhcn@example.gov.vn"]
    with app.app_context(), unscoped():
        reminder = db.session.scalars(select(SiteReminder)).one()
        assert (reminder.kind, reminder.week, reminder.recipients) == (
            ReminderKind.MANUAL, None, 2)
        assert reminder.by.email == "hub_admin@langson.gov.vn"
        audit = db.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "console.reminder_sent")).one()
        assert audit.tenant_id == department.id
        sent_on = reminder.sent_at
        db.session.expunge(reminder)
    # The console's row shows the day of the last reminder.
    with app.test_request_context(base_url=f"http://{PROVINCE_HOST}/"):
        row = site_rows(period_of("month", sent_on.date()), tenant_ids=[department.id])[0]
        assert row.figures["last_reminder"].numbers["last_reminder"] is not None
        assert row.figures["last_reminder"].text != "—"
    # The site's page in the console shows it, with what it listed and who sent it.
    page = client.get(f"/quan-tri/tinh/don-vi/{department.id}").get_data(as_text=True)
    assert 'data-kind="manual"' in page and "Hoàng Văn Thụ" in page
    assert reminder.items[0]["text"] in page
    assert f'action="/quan-tri/tinh/don-vi/{department.id}/nhac-nho"' in page
    # Without a "next", the office is taken back to the site's page.
    again = client.post(f"/quan-tri/tinh/don-vi/{department.id}/nhac-nho",
                        data={"csrf_token": token(client), "next": "https://evil.example/"})
    assert again.headers["Location"].endswith(f"/quan-tri/tinh/don-vi/{department.id}")
    # A manual reminder does not stand in for the weekly one.
    assert weekly(app, MONDAY) == 1


def test_remind_now_refuses_a_site_with_nothing_overdue(app, office_sites,
                                                        publication_figures):
    _department, commune = office_sites
    with app.app_context():
        last_month = period_of("month", local_today()).previous().first
    for day in (3, 10, 17):  # the commune's quota of last month, met
        news(app, commune, vn(last_month.year, last_month.month, day, 9))
    client = office_client(app)
    response = client.post(f"/quan-tri/tinh/don-vi/{commune.id}/nhac-nho",
                           data={"csrf_token": token(client)})
    assert response.status_code == 409
    assert reminders_in_db(app) == [] and outbox(app) == []


def test_only_the_office_may_remind(app, office_sites, publication_figures):
    department, _commune = office_sites
    path = f"/quan-tri/tinh/don-vi/{department.id}/nhac-nho"
    auditor = office_client(app, "hub_auditor")
    assert auditor.post(path, data={"csrf_token": token(auditor)}).status_code == 403
    admin = host_client(app, "sokhcn.langson.localhost")
    assert login(admin, "qt.sokhcn@example.gov.vn").status_code == 302
    assert admin.post(path, data={"csrf_token": token(admin)}).status_code == 404
    office = office_client(app)
    assert office.post("/quan-tri/tinh/don-vi/999999/nhac-nho",
                       data={"csrf_token": token(office)}).status_code == 404
    assert office.post(path, data={}).status_code == 400           # no CSRF token
    assert reminders_in_db(app) == []


def test_a_site_without_administrator_is_not_reminded(app, office_sites,
                                                      publication_figures):
    department, commune = office_sites
    october_news(app, department, commune)
    with app.app_context(), unscoped():
        from hub.accounts.models import Membership
        for membership in db.session.scalars(select(Membership).where(
                Membership.tenant_id == department.id)):
            db.session.delete(membership)
        db.session.commit()
    client = office_client(app)
    response = client.post(f"/quan-tri/tinh/don-vi/{department.id}/nhac-nho",
                           data={"csrf_token": token(client)})
    assert response.status_code == 409
    assert weekly(app, MONDAY) == 0
    assert reminders_in_db(app) == []
    create_user(app, "new.admin@example.gov.vn", roles={department: "site_admin"})
    assert weekly(app, MONDAY + timedelta(minutes=30)) == 0  # judged again hourly
    assert weekly(app, MONDAY + timedelta(hours=1)) == 1


def test_the_job_runner_sends_the_weekly_digest(app, office_sites, publication_figures):
    """Through ``hub.core.jobs.run_pass`` on the real clock: from Monday 00:00 on, the
    department (no news since 2020, quota missed last month) is reminded once."""
    from hub.core.jobs import run_pass
    app.config.update(CONSOLE_REMINDER_WEEKDAY=1, CONSOLE_REMINDER_HOUR=0)
    with app.app_context():
        assert run_pass()["console.weekly_reminders"] >= 1
    with app.app_context():
        app.extensions.pop("console.reminders", None)  # as another worker would
        assert run_pass()["console.weekly_reminders"] == 0
    department, _commune = office_sites
    assert [tenant for tenant, *_ in reminders_in_db(app)].count(department.id) == 1


def test_a_site_out_of_service_gets_no_weekly_digest(app, office_sites,
                                                     publication_figures):
    from tenants.models import Tenant, TenantStatus
    department, commune = office_sites
    october_news(app, department, commune)
    with app.app_context(), unscoped():
        db.session.get(Tenant, department.id).status = TenantStatus.SUSPENDED
        db.session.commit()
    assert weekly(app, MONDAY) == 0
    assert reminders_in_db(app) == [] and outbox(app) == []
