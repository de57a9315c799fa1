"""The site's approvers handle reports at /quan-tri/bao-loi (003 Article 8.2.b): editors
and up see the queue, approvers and site administrators close a report with a note or
take the item down through the editorial workflow's own step, which records the report;
the reporter who left an email is told, in their language. Every action is checked on
the server and audited."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from hub.audit.models import AuditEntry
from hub.content.models import ContentItem, WorkflowEvent
from hub.extensions import db
from hub.problems.models import ProblemReport, ProblemState
from hub.workflow.states import ContentStatus
from tenants.context import unscoped
from tests.factories import csrf_from, host_client
from tests.problems.helpers import (
    COMMUNE,
    PROVINCE,
    World,
    outbox,
    post_report,
    staff_login,
)

EMAILS = {"contributor": "ctv@langson.gov.vn", "editor": "bientap@langson.gov.vn",
          "approver": "pheduyet@langson.gov.vn", "admin": "quantri@langson.gov.vn"}


def reported(app: Flask, world: World, site: str = "province", **values: Any) -> int:
    """A report sent through the form on ``site``'s host; returns its id."""
    host = PROVINCE if site == "province" else COMMUNE
    _item_id, path = world.items[site]
    assert post_report(host_client(app, host), path, **values).status_code == 303
    with app.app_context(), unscoped():
        return db.session.scalars(select(ProblemReport.id).order_by(
            ProblemReport.id.desc())).first()


def staff(app: Flask, role: str, host: str = PROVINCE) -> Any:
    client = host_client(app, host)
    staff_login(client, EMAILS[role])
    return client


def act(client: Any, report_id: int, step: str, **data: Any) -> Any:
    page = client.get(f"/quan-tri/bao-loi/{report_id}")
    version = data.pop("version", None)
    if version is None:
        with client.application.app_context(), unscoped():
            version = db.session.get(ProblemReport, report_id).version
    return client.post(f"/quan-tri/bao-loi/{report_id}/{step}",
                       data={"csrf_token": csrf_from(page.data), "version": version, **data})


def state_of(app: Flask, report_id: int) -> ProblemReport:
    with app.app_context(), unscoped():
        report = db.session.get(ProblemReport, report_id)
        db.session.expunge(report)
        return report


def audit(app: Flask, prefix: str) -> list[AuditEntry]:
    with app.app_context(), unscoped():
        entries = list(db.session.scalars(select(AuditEntry).where(
            AuditEntry.action.startswith(prefix)).order_by(AuditEntry.id)))
        for entry in entries:
            db.session.expunge(entry)
        return entries


def test_anonymous_visitors_are_sent_to_the_login_page(app: Flask, world: World) -> None:
    report_id = reported(app, world)
    client = host_client(app, PROVINCE)
    for path in ("/quan-tri/bao-loi", f"/quan-tri/bao-loi/{report_id}"):
        assert client.get(path).status_code == 302, path


def test_the_queue_per_role(app: Flask, world: World) -> None:
    report_id = reported(app, world)
    contributor = staff(app, "contributor")
    assert contributor.get("/quan-tri/bao-loi").status_code == 403
    assert contributor.get(f"/quan-tri/bao-loi/{report_id}").status_code == 403
    assert "/quan-tri/bao-loi" not in contributor.get("/quan-tri/").text

    editor = staff(app, "editor")
    queue = editor.get("/quan-tri/bao-loi")
    assert queue.status_code == 200
    assert f'data-report-id="{report_id}"' in queue.text
    assert 'href="/quan-tri/bao-loi"' in editor.get("/quan-tri/").text  # the menu
    page = editor.get(f"/quan-tri/bao-loi/{report_id}")
    assert page.status_code == 200
    assert "lan.pham@example.vn" in page.text  # staff see the reporter's email
    assert 'data-step="close"' not in page.text and 'data-step="take_down"' not in page.text
    assert act(editor, report_id, "dong", outcome="fixed", note="Đã sửa").status_code == 403
    assert act(editor, report_id, "go-xuong", reason="Vi phạm").status_code == 403
    assert state_of(app, report_id).state is ProblemState.OPEN

    for role in ("approver", "admin"):
        page = staff(app, role).get(f"/quan-tri/bao-loi/{report_id}")
        assert 'data-step="close"' in page.text and 'data-step="take_down"' in page.text


def test_the_menu_counts_the_open_reports(app: Flask, world: World) -> None:
    reported(app, world)
    reported(app, world)
    menu = staff(app, "approver").get("/quan-tri/").text
    assert 'data-open="2"' in menu


def test_an_approver_closes_a_report_with_a_note_and_the_reporter_is_told(
        app: Flask, world: World) -> None:
    report_id = reported(app, world)
    approver = staff(app, "approver")
    refused = act(approver, report_id, "dong", outcome="fixed", note="  ")
    assert refused.status_code == 400
    assert 'id="note-error"' in refused.text
    assert act(approver, report_id, "dong", outcome="nonsense", note="x").status_code == 400
    done = act(approver, report_id, "dong", outcome="fixed",
               note="Đã sửa ngày tổ chức thành 21/11.")
    assert done.status_code == 303
    report = state_of(app, report_id)
    assert report.state is ProblemState.FIXED and report.closed_at is not None
    assert report.note == "Đã sửa ngày tổ chức thành 21/11."
    [mail] = outbox(app)
    assert "To: lan.pham@example.vn" in mail
    assert "Đã sửa ngày tổ chức thành 21/11." in mail
    [entry] = audit(app, "problems.closed")
    assert entry.object_id == str(report_id) and entry.detail["outcome"] == "fixed"
    # Closed once: a second close (an outdated page) is refused, and nothing is sent.
    again = act(approver, report_id, "dong", outcome="not_a_problem", note="Không lỗi",
                version=1)
    assert again.status_code == 409
    assert state_of(app, report_id).state is ProblemState.FIXED
    assert len(outbox(app)) == 1


def test_a_report_without_an_email_is_closed_without_mail(app: Flask, world: World) -> None:
    report_id = reported(app, world, email="", consent=None)
    approver = staff(app, "approver")
    assert act(approver, report_id, "dong", outcome="not_a_problem",
               note="Thông tin đúng.").status_code == 303
    assert outbox(app) == []


def test_the_closing_mail_is_in_the_reporters_language(app: Flask, world: World) -> None:
    from tests.problems.helpers import publish_article
    item_id, path = publish_article(app, world.province, world.users["province_approver"],
                                    locale="en", title="Provincial conference 2027",
                                    summary="A conference.", body="<p>Text.</p>")
    client = host_client(app, "english.langson.localhost")
    assert post_report(client, path, body="The date is wrong.").status_code == 303
    with app.app_context(), unscoped():
        report_id = db.session.scalar(select(ProblemReport.id).where(
            ProblemReport.item_id == item_id))
    assert state_of(app, report_id).locale == "en"
    assert act(staff(app, "approver"), report_id, "dong", outcome="fixed",
               note="Corrected.").status_code == 303
    [mail] = outbox(app)
    assert "Thank you for telling us about a problem" in mail
    assert "Provincial conference 2027" in mail


def test_an_approver_takes_the_item_down_through_the_workflow(app: Flask,
                                                              world: World) -> None:
    item_id, path = world.items["province"]
    visitor = host_client(app, PROVINCE)
    assert visitor.get(path).status_code == 200  # and now in the page cache
    report_id = reported(app, world, reason="harmful")
    second = reported(app, world, reason="harmful", email="", consent=None)
    approver = staff(app, "approver")
    refused = act(approver, report_id, "go-xuong", reason="")
    assert refused.status_code == 400 and 'id="take-down-reason-error"' in refused.text
    done = act(approver, report_id, "go-xuong", reason="Nội dung xúc phạm, vi phạm pháp luật.")
    assert done.status_code == 303, done.text

    assert visitor.get(path).status_code == 404
    assert visitor.get(f"{path}/bao-loi").status_code == 404
    with app.app_context(), unscoped():
        item = db.session.get(ContentItem, item_id)
        assert item.status is ContentStatus.TAKEN_DOWN
        event = db.session.scalars(select(WorkflowEvent).where(
            WorkflowEvent.item_id == item_id, WorkflowEvent.action == "take_down")).one()
        event_id = event.id
    for each in (report_id, second):  # every open report of the item is closed with it
        report = state_of(app, each)
        assert report.state is ProblemState.TAKEN_DOWN
        assert report.workflow_event_id == event_id
    [step] = audit(app, "content.take_down")
    assert step.detail["problem_report_id"] == report_id
    assert step.object_id == str(item_id)
    assert [e.object_id for e in audit(app, "problems.taken_down")] == [str(report_id),
                                                                      str(second)]
    page = approver.get(f"/quan-tri/bao-loi/{report_id}")
    assert f'data-workflow-event="{event_id}"' in page.text
    [mail] = outbox(app)  # only the reporter who left an email
    assert "To: lan.pham@example.vn" in mail


def test_taking_down_needs_the_workflows_permission_too(app: Flask, world: World) -> None:
    """The report's permission is not enough: the step is the workflow's, with its own
    check (a site administrator holds both; an editor neither)."""
    report_id = reported(app, world)
    admin = staff(app, "admin")
    assert act(admin, report_id, "go-xuong", reason="Vi phạm.").status_code == 303


@pytest.mark.parametrize("step,data", [("dong", {"outcome": "fixed", "note": "x"}),
                                       ("go-xuong", {"reason": "x"})])
def test_a_step_without_a_token_is_refused(app: Flask, world: World, step: str,
                                           data: dict[str, str]) -> None:
    report_id = reported(app, world)
    approver = staff(app, "approver")
    response = approver.post(f"/quan-tri/bao-loi/{report_id}/{step}",
                             data={"version": 1, **data})
    assert response.status_code == 400
    assert state_of(app, report_id).state is ProblemState.OPEN
