"""The figures of a site's questions for a period (received, answered on time, answered
late, open and overdue, the average working days to answer), on their page, in their
CSV file, on the reports page and as the dashboard's overdue list."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask import Flask

from hub.core.clock import utcnow
from hub.extensions import db
from hub.questions import operations
from hub.questions.models import AnswerLevel, Question, QuestionState
from tenants.context import tenant_scope
from tenants.models import Tenant
from tests.factories import create_user
from tests.questions.helpers import World, receive
from tests.questions.test_staff import DEPARTMENT, client_for, staff_world

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOVEMBER = {"tu": "2026-11-01", "den": "2026-11-30"}


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=VN)


def classified(app: Flask, world: World, received: datetime, **values) -> int:  # type: ignore[no-untyped-def]
    question_id = receive(app, world.department, received_at=received, **values)
    with app.test_request_context(base_url=f"http://{DEPARTMENT}/"), \
            tenant_scope(world.department.id):
        question = db.session.get(Question, question_id)
        operations.classify(question, field="science", level=AnswerLevel.OWN,
                            actor=world.user("department_editor"))
        db.session.commit()
    return question_id


def set_columns(app: Flask, tenant: Tenant, question_id: int, **columns) -> None:  # type: ignore[no-untyped-def]
    """Put a question where the test needs it (an answer given on a past day)."""
    with app.app_context(), tenant_scope(tenant.id):
        question = db.session.get(Question, question_id)
        for name, value in columns.items():
            setattr(question, name, value)
        db.session.commit()


@pytest.fixture
def world(app: Flask, province: Tenant) -> World:
    """November 2026 on the department: the own-competence clock is 5 working days."""
    world = staff_world(app, province)
    d = world.department
    # Received Monday 2 November, due Friday 6 at 17:00; answered Wednesday 4 (day 3).
    on_time = classified(app, world, at(2026, 11, 2, 10), title="Trả lời đúng hạn")
    set_columns(app, d, on_time, state=QuestionState.ANSWERED,
                answered_at=at(2026, 11, 4, 15))
    # Received Monday 9, due Friday 13; answered Tuesday 17 (day 7): late.
    late = classified(app, world, at(2026, 11, 9, 10), title="Trả lời trễ hạn")
    set_columns(app, d, late, state=QuestionState.PUBLISHED, answered_at=at(2026, 11, 17, 10))
    # Received Monday 16, due Friday 20, still being answered: overdue.
    classified(app, world, at(2026, 11, 16, 10), title="Chưa trả lời, quá hạn")
    # Received Monday 30 with a progress notice promising a date well ahead: in time.
    promised = classified(app, world, at(2026, 11, 30, 10), title="Đã hẹn ngày trả lời")
    set_columns(app, d, promised, state=QuestionState.PROGRESS,
                promised_at=utcnow() + timedelta(days=30))
    refused = receive(app, d, received_at=at(2026, 11, 3, 9), title="Đơn khiếu nại")
    set_columns(app, d, refused, state=QuestionState.REFUSED)
    forwarded = receive(app, d, received_at=at(2026, 11, 5, 9), title="Chuyển cho xã")
    set_columns(app, d, forwarded, state=QuestionState.FORWARDED)
    # Outside the period: the evening of 31 October and 1 December (Viet Nam time).
    receive(app, d, received_at=at(2026, 10, 31, 23, 30), title="Tháng Mười")
    receive(app, d, received_at=at(2026, 12, 1, 0, 30), title="Tháng Mười Hai")
    return world


def count(html: str, name: str) -> str:
    match = re.search(rf'class="count-{name}">([^<]*)<', html)
    assert match, f"no figure {name}"
    return match.group(1)


EXPECTED = {"received": "6", "answered_on_time": "1", "answered_late": "1",
            "open_overdue": "1", "open_in_time": "1", "forwarded": "1", "refused": "1"}


def test_the_figures_of_a_period_count_each_question_once(app, world):
    client = client_for(app, DEPARTMENT, "bientap@sokhcn.gov.vn")
    page = client.get("/quan-tri/hoi-dap/so-lieu", query_string=NOVEMBER)
    assert page.status_code == 200
    for name, value in EXPECTED.items():
        assert count(page.text, name) == value, name
    # (3 + 7) working days / 2 answers, in the host's number format.
    assert count(page.text, "average_working_days") in ("5", "5,0", "5.0")
    assert "so-lieu.csv?tu=2026-11-01&amp;den=2026-11-30" in page.text
    # Only the last day: the question received on 30 November.
    page = client.get("/quan-tri/hoi-dap/so-lieu", query_string={"tu": "2026-11-30",
                                                                 "den": "2026-11-30"})
    assert count(page.text, "received") == "1" and count(page.text, "open_in_time") == "1"


def test_the_figures_download_as_a_csv_that_excel_opens(app, world):
    client = client_for(app, DEPARTMENT, "giamdoc@sokhcn.gov.vn")
    response = client.get("/quan-tri/hoi-dap/so-lieu.csv", query_string=NOVEMBER)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert 'filename="hoi-dap_2026-11-01_2026-11-30.csv"' in \
        response.headers["Content-Disposition"]
    assert response.data.startswith("\ufeff".encode())
    header, row = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert len(header) == len(row) == 11
    assert row == ["Sở Khoa học và Công nghệ", "2026-11-01", "2026-11-30", "6", "1", "1",
                   "1", "1", "1", "1", "5.0"]


def test_the_figures_are_on_the_reports_page_and_overdue_ones_on_the_dashboard(app, world):
    approver = client_for(app, DEPARTMENT, "giamdoc@sokhcn.gov.vn")
    report = approver.get("/quan-tri/bao-cao", query_string={"month": "2026-11"})
    assert report.status_code == 200
    section = report.text[report.text.index('id="questions"'):]
    for name, value in EXPECTED.items():
        assert count(section, name) == value, name
    assert "/quan-tri/hoi-dap/so-lieu.csv?tu=2026-11-01&amp;den=2026-11-30" in section
    dashboard = approver.get("/quan-tri/").text
    overdue = dashboard[dashboard.index('id="questions-overdue"'):
                        dashboard.index('id="questions-due-soon"')]
    assert "Chưa trả lời, quá hạn" in overdue and 'data-deadline="overdue"' in overdue
    assert "Đã hẹn ngày trả lời" not in overdue


def test_a_bad_period_is_refused_with_the_reason(app, world):
    client = client_for(app, DEPARTMENT, "bientap@sokhcn.gov.vn")
    for args in ({"tu": "2026-02-30"}, {"den": "30/11/2026"},
                 {"tu": "2026-11-30", "den": "2026-11-01"}, {"tu": "1800-01-01"}):
        page = client.get("/quan-tri/hoi-dap/so-lieu", query_string=args)
        assert page.status_code == 400, args
        assert 'class="field-error"' in page.text
        assert client.get("/quan-tri/hoi-dap/so-lieu.csv",
                          query_string=args).status_code == 400, args


def test_the_figures_are_for_staff_who_see_questions_or_reports(app, world):
    create_user(app, "ctv@sokhcn.gov.vn", {world.department: "contributor"})
    contributor = client_for(app, DEPARTMENT, "ctv@sokhcn.gov.vn")
    assert contributor.get("/quan-tri/hoi-dap/so-lieu").status_code == 403
    assert contributor.get("/quan-tri/hoi-dap/so-lieu.csv").status_code == 403
    create_user(app, "kiemtra@langson.gov.vn", hub_role="hub_auditor")
    auditor = client_for(app, DEPARTMENT, "kiemtra@langson.gov.vn")
    assert auditor.get("/quan-tri/hoi-dap/so-lieu", query_string=NOVEMBER).status_code == 200
    # Another site's figures count its own questions only.
    commune = client_for(app, "xathongnhat.langson.localhost", "chutich@thongnhat.gov.vn")
    page = commune.get("/quan-tri/hoi-dap/so-lieu", query_string=NOVEMBER)
    assert count(page.text, "received") == "0"


def test_an_english_host_names_the_columns_in_english(app, world):
    question_id = receive(app, world.province, received_at=at(2026, 11, 2, 10))
    client = client_for(app, "english.langson.localhost", "pheduyet@langson.gov.vn")
    response = client.get("/quan-tri/hoi-dap/so-lieu.csv", query_string=NOVEMBER)
    header, row = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert header[:4] == ["Site", "From", "To", "Received"] and row[3] == "1"
    page = client.get(f"/quan-tri/hoi-dap/{question_id}")
    assert page.status_code == 200 and "History" in page.text
