"""Scheduled items are published by the worker when their time comes, once, on every
site, and each publication is recorded in the item's own site."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from flask import Flask
from sqlalchemy import select

from hub.accounts.models import User
from hub.audit.models import AuditEntry
from hub.content.models import WorkflowEvent
from hub.content.operations import publish_scheduled, transition
from hub.content.publishing import publish_due
from hub.core import jobs, lifecycle
from hub.core.clock import aware
from hub.core.jobs import run_pass
from hub.extensions import db
from hub.workflow.states import ContentStatus
from search.models import SearchOutbox
from tenants.context import unscoped
from tests.factories import create_user
from tests.workflow.conftest import acting, committed_outbox, new_item, reload

St = ContentStatus
# Monday 4 January 2027, 08:00 in Lạng Sơn; the item goes out Tuesday at 09:00.
MONDAY = datetime(2027, 1, 4, 1, 0, tzinfo=UTC)
TUESDAY_9AM = datetime(2027, 1, 5, 2, 0, tzinfo=UTC)


def _scheduled(staff, when: datetime = TUESDAY_9AM) -> int:  # type: ignore[no-untyped-def]
    item = new_item(staff["editor"], status=St.SUBMITTED)
    transition(item, "schedule", staff["approver"], scheduled_at=when,
               now=min(MONDAY, when - timedelta(hours=1)))
    db.session.commit()
    return item.id


def test_a_scheduled_item_is_published_when_its_time_comes_and_only_once(app, site, staff):
    with acting(app, site):
        item_id = _scheduled(staff)
    with app.app_context():
        assert publish_due(now=TUESDAY_9AM - timedelta(minutes=1)) == 0
        assert publish_due(now=TUESDAY_9AM) == 1
        db.session.commit()
        assert publish_due(now=TUESDAY_9AM + timedelta(hours=1)) == 0   # nothing twice
    with acting(app, site):
        item = reload(item_id)
        assert item.status is St.PUBLISHED and aware(item.published_at) == TUESDAY_9AM
        assert item.approved_by_id == staff.ids["approver"]   # who scheduled it approved it
        assert item.scheduled_at is None
        event = db.session.scalars(select(WorkflowEvent)
                                   .where(WorkflowEvent.action == "publish_scheduled")).one()
        assert (event.from_status, event.to_status, event.actor_id) == (
            "scheduled", "published", None)
    assert committed_outbox(app) == [(item_id, "upsert", "publish_scheduled")]


def test_the_worker_publishes_on_every_site_each_in_its_own_site(app, two_sites, staff):
    site_a, site_b = two_sites
    create_user(app, "approver@xathongnhat.gov.vn", {site_b: ["editor", "approver"]})
    with acting(app, site_a):
        a_id = _scheduled(staff)
    with acting(app, site_b):
        b_staff = db.session.scalars(select(User).filter_by(
            email="approver@xathongnhat.gov.vn")).one()
        b_id = _scheduled({"editor": b_staff, "approver": b_staff},
                          when=TUESDAY_9AM + timedelta(minutes=30))
    with app.app_context():
        assert publish_due(now=TUESDAY_9AM + timedelta(hours=1)) == 2
        db.session.commit()
    with app.app_context(), unscoped():
        rows = {row.item_id: row.tenant_id for row in db.session.scalars(select(SearchOutbox))}
        assert rows == {a_id: site_a.id, b_id: site_b.id}
        audit = {entry.object_id: entry.tenant_id for entry in db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "content.publish_scheduled"))}
        assert audit == {str(a_id): site_a.id, str(b_id): site_b.id}
        assert {entry.actor_label for entry in db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "content.publish_scheduled"))} \
            == {"worker"}


def test_two_workers_never_publish_the_same_item_twice(app, site, staff):
    with acting(app, site):
        item_id = _scheduled(staff)
        seen_by_first = reload(item_id)                # worker 1 picked it up ...
        with app.app_context():                        # ... worker 2 was faster
            assert publish_due(now=TUESDAY_9AM) == 1
            db.session.commit()
        assert seen_by_first.status is St.SCHEDULED   # worker 1's stale view
        assert publish_scheduled(seen_by_first, TUESDAY_9AM) is None
        db.session.commit()
    assert committed_outbox(app) == [(item_id, "upsert", "publish_scheduled")]


def test_a_returned_or_rescheduled_item_is_not_published_at_the_old_time(app, site, staff):
    with acting(app, site):
        returned = _scheduled(staff)
        transition(reload(returned), "return", staff["approver"], comment="Chờ số liệu.",
                   now=MONDAY)
        later = _scheduled(staff)
        transition(reload(later), "schedule", staff["approver"], now=MONDAY,
                   scheduled_at=TUESDAY_9AM + timedelta(days=1))
        db.session.commit()
    with app.app_context():
        assert publish_due(now=TUESDAY_9AM + timedelta(hours=1)) == 0


def test_flask_worker_once_runs_one_pass(app, site, staff):
    with acting(app, site):
        item_id = _scheduled(staff, when=datetime.now(UTC) - timedelta(minutes=1))
    result = app.test_cli_runner().invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "publish_scheduled: 1" in result.output
    with acting(app, site):
        assert reload(item_id).status is St.PUBLISHED


def test_a_failing_job_is_rolled_back_without_stopping_the_others(app, site, staff,
                                                                   monkeypatch):
    def broken() -> int:
        db.session.add(WorkflowEvent(item_id=1, action="x", from_status="a",
                                     to_status="b", tenant_id=site.id))
        raise RuntimeError("the search cluster is down")

    monkeypatch.setitem(jobs.JOBS, "broken", broken)
    with acting(app, site):
        item_id = _scheduled(staff, when=datetime.now(UTC) - timedelta(minutes=1))
    with app.app_context():
        results = run_pass()
        # Other capabilities register jobs of their own; these two are this test's.
        assert results["publish_scheduled"] == 1 and results["broken"] == -1
    with acting(app, site):
        assert reload(item_id).status is St.PUBLISHED
        assert db.session.scalars(select(WorkflowEvent).filter_by(action="x")).all() == []


def test_in_process_jobs_start_once_on_the_first_request_and_only_when_enabled(
        monkeypatch):
    started: list[object] = []
    monkeypatch.setattr(jobs, "_loop", lambda app, interval: started.append(interval))
    for enabled, testing, expected in ((True, False, [60.0]), (False, False, []),
                                       (True, True, [])):
        started.clear()
        embedded = Flask("embedded")
        embedded.config.update(TESTING=testing, INPROCESS_JOBS=enabled)
        embedded.add_url_rule("/", "home", lambda: "ok")
        lifecycle.init_app(embedded)
        jobs.init_app(embedded)
        client = embedded.test_client()
        client.get("/")
        client.get("/")
        for thread in threading.enumerate():
            if thread.name == "portal-jobs":
                thread.join(timeout=1)
        assert started == expected
