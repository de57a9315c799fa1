"""Reminders when a consultation closes and when its outcome is due (30 working days
after closing by default), each sent once; the figures per site and period that the
reports and the province office's console read."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from hub.accounts.models import User
from hub.consultations import figures, jobs, operations
from hub.content.models import Consultation
from hub.core.mail import MailMessage
from hub.extensions import db
from tenants.context import tenant_scope, unscoped
from tests.consultations.conftest import PROVINCE_HOST, make_draft

WHILE_OPEN = datetime(2025, 2, 10, 3, 0, tzinfo=UTC)


def _comment(app, site, draft_id: int, *, publish: bool = False) -> None:  # type: ignore[no-untyped-def]
    with app.test_request_context(base_url=f"http://{PROVINCE_HOST}/"), \
            tenant_scope(site.id):
        draft = db.session.get(Consultation, draft_id)
        comment = operations.receive_comment(
            draft, consent=True, now=WHILE_OPEN, kind="person", name="Nguyễn Văn An",
            organisation="", email="", clause="", body="Đồng ý với dự thảo.")
        if publish:
            approver = db.session.scalar(select(User).where(
                User.email == "pheduyet@langson.gov.vn"))
            operations.moderate(comment, "publish", approver)
        db.session.commit()


def _mails(app) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    with app.app_context(), unscoped():
        return sorted((m.recipient, m.subject) for m in db.session.scalars(
            select(MailMessage)))


def test_staff_are_reminded_once_when_it_closes_and_when_the_outcome_is_overdue(
        app, province, staff):
    closed = make_draft(app, province, "bientap@langson.gov.vn",
                        approver="pheduyet@langson.gov.vn", title="Dự thảo đã đóng",
                        opens_on="2025-01-06", closes_on="2025-03-31")
    make_draft(app, province, "bientap@langson.gov.vn", approver="pheduyet@langson.gov.vn",
               title="Dự thảo đang mở", opens_on="2026-01-05", closes_on="2099-12-31")
    _comment(app, province, closed)
    with app.app_context():
        assert jobs.send_reminders() == 2
        db.session.commit()
    mails = _mails(app)
    closing = [to for to, subject in mails if "Dự thảo đã đóng" in subject
               and "overdue" not in subject and "quá hạn" not in subject.lower()]
    assert {to for to, _subject in mails} == {"bientap@langson.gov.vn",
                                              "pheduyet@langson.gov.vn"}
    assert sorted(closing) == ["bientap@langson.gov.vn", "pheduyet@langson.gov.vn"]
    assert len(mails) == 3  # closing: editor and approver; overdue: the approver
    assert all("Dự thảo đang mở" not in subject for _to, subject in mails)
    with app.app_context():
        assert jobs.send_reminders() == 0
        db.session.commit()
    assert len(_mails(app)) == 3


def test_the_outcome_reminder_waits_for_its_due_day(app, province, staff):
    from hub.core.clock import local_today
    from hub.deadlines import calendar
    with app.app_context():
        yesterday = local_today().toordinal() - 1
        closes = date.fromordinal(yesterday)
        opens = date.fromordinal(yesterday - 60)
        assert calendar.add_working_days(closes, 30) > datetime.now(UTC)
    make_draft(app, province, "bientap@langson.gov.vn", approver="pheduyet@langson.gov.vn",
               title="Dự thảo vừa đóng", opens_on=opens.isoformat(),
               closes_on=closes.isoformat())
    with app.app_context():
        assert jobs.send_reminders() == 1
        db.session.commit()
    assert all("Dự thảo vừa đóng" in subject for _to, subject in _mails(app))


def test_the_figures_count_open_awaiting_overdue_and_published_outcomes(
        app, province, commune, staff):
    overdue = make_draft(app, province, "bientap@langson.gov.vn",
                         approver="pheduyet@langson.gov.vn", title="Quá hạn",
                         opens_on="2025-01-06", closes_on="2025-03-31")
    answered = make_draft(app, province, "bientap@langson.gov.vn",
                          approver="pheduyet@langson.gov.vn", title="Đã có kết quả",
                          opens_on="2025-01-06", closes_on="2025-03-31")
    make_draft(app, province, "bientap@langson.gov.vn", approver="pheduyet@langson.gov.vn",
               title="Đang mở", opens_on="2025-01-06", closes_on="2099-12-31")
    make_draft(app, province, "bientap@langson.gov.vn", steps=(), title="Chưa duyệt",
               opens_on="2025-01-06", closes_on="2099-12-31")
    _comment(app, province, overdue)
    _comment(app, province, answered, publish=True)
    with app.test_request_context(base_url=f"http://{PROVINCE_HOST}/"), \
            tenant_scope(province.id):
        approver = db.session.scalar(select(User).where(
            User.email == "pheduyet@langson.gov.vn"))
        draft = db.session.get(Consultation, answered)
        comments = [c for c in db.session.scalars(select(operations.Comment).where(
            operations.Comment.consultation_id == answered))]
        moment = datetime(2025, 4, 10, 3, 0, tzinfo=UTC)
        operations.respond(comments, draft, "accepted", "", approver, now=moment)
        operations.publish_outcome(draft, "", approver, now=moment)
        db.session.commit()
    with app.app_context(), unscoped():
        result = figures.figures(province.id, date(2025, 1, 1), date(2025, 12, 31))
        other = figures.figures(commune.id, date(2025, 1, 1), date(2025, 12, 31))
    assert (result.drafts, result.open, result.awaiting_outcome, result.outcome_overdue,
            result.outcome_on_time, result.outcome_late) == (3, 1, 1, 1, 1, 0)
    assert (result.comments_received, result.comments_published) == (2, 1)
    assert other.drafts == 0
    with app.app_context(), tenant_scope(commune.id):
        # In another site's scope the province's rows are not even seen.
        assert figures.figures(province.id, date(2025, 1, 1), date(2025, 12, 31)).drafts \
            == 0


def test_the_reports_page_shows_the_months_consultation_figures(app, province, staff):
    from tests.factories import host_client, login
    make_draft(app, province, "bientap@langson.gov.vn", approver="pheduyet@langson.gov.vn",
               title="Đang mở", opens_on="2025-01-06", closes_on="2099-12-31")
    client = host_client(app, PROVINCE_HOST)
    assert login(client, "pheduyet@langson.gov.vn").status_code == 302
    page = client.get("/quan-tri/bao-cao?month=2025-02")
    assert page.status_code == 200, page.text
    assert 'data-figure="drafts">1<' in page.text and 'data-figure="open">1<' in page.text
