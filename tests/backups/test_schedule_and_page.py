"""The schedule (a background job): on a backup day, past the hour, once — a backup
made, verified and pruned, each run recorded and audited; a failed run, or no verified
backup for days, mails the province office. The office reads it all at
/quan-tri/tinh/sao-luu (province host only)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from hub.audit.models import AuditEntry
from hub.backups import archive, operations
from hub.backups.models import BackupRun, RunKind, RunOutcome
from hub.core.clock import utcnow
from hub.core.jobs import JOBS
from hub.extensions import db
from tenants.context import unscoped
from tests.backups.conftest import backup, head_revision, publish
from tests.console.conftest import client_as
from tests.console.reports_helpers import outbox
from tests.factories import create_user, host_client

PAGE = "/quan-tri/tinh/sao-luu"
OFFICE = "vanphong@langson.gov.vn"


@pytest.fixture
def scheduled(app: Flask) -> Flask:
    app.config.update(BACKUP_SCHEDULED=True, BACKUP_WEEKDAYS=(1, 2, 3, 4, 5, 6, 7),
                      BACKUP_HOUR=0, BACKUP_KEEP=2)
    return app


def run_job(app: Flask, now=None) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        done = operations.scheduled_backup(now)
        db.session.commit()
        return done


def runs(app: Flask) -> list[tuple[RunKind, RunOutcome]]:
    with app.app_context():
        return [(r.kind, r.outcome) for r in
                db.session.scalars(select(BackupRun).order_by(BackupRun.id))]


def actions(app: Flask) -> list[str]:
    with app.app_context(), unscoped():
        return list(db.session.scalars(select(AuditEntry.action).where(
            AuditEntry.action.like("backup.%")).order_by(AuditEntry.id)))


def test_the_job_is_registered(app: Flask) -> None:
    assert JOBS["backups.scheduled"] is operations.scheduled_backup


def test_the_job_creates_verifies_and_records_once_a_day(scheduled: Flask) -> None:
    app = scheduled
    publish(app)
    create_user(app, OFFICE, hub_role="hub_admin")
    assert run_job(app) == 2
    assert runs(app) == [(RunKind.CREATE, RunOutcome.OK), (RunKind.VERIFY, RunOutcome.OK)]
    assert actions(app) == ["backup.create", "backup.verify"]
    assert len(archive.backups(Path(app.config["BACKUP_DIR"]))) == 1
    assert run_job(app) == 0  # already done today
    assert outbox(app) == []  # nothing to report


def test_the_job_waits_for_a_backup_day(scheduled: Flask) -> None:
    app = scheduled
    today = utcnow()
    with app.app_context():
        local_day = operations.due_moment(today)
    assert local_day is not None
    app.config["BACKUP_WEEKDAYS"] = tuple(d for d in range(1, 8)
                                          if d != local_day.isoweekday())
    create_user(app, OFFICE, hub_role="hub_admin")
    assert run_job(app, today) == 0
    assert runs(app) == []


def test_a_failed_run_is_recorded_and_mails_the_office(scheduled: Flask,
                                                       tmp_path: Path) -> None:
    app = scheduled
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the backups should go")
    app.config["BACKUP_DIR"] = str(blocker / "backups")
    create_user(app, OFFICE, hub_role="hub_admin")
    create_user(app, "kiemtoan@langson.gov.vn", hub_role="hub_auditor")
    assert run_job(app) == 1
    assert runs(app) == [(RunKind.CREATE, RunOutcome.FAILED)]
    mails = outbox(app)
    # To the office's administrator (not the auditor), with the reason.
    assert [m["To"] for m in mails] == [OFFICE]
    assert "not-a-folder" in mails[0].get_content()
    assert actions(app) == ["backup.create"]


def test_no_verified_backup_for_days_mails_the_office_once_a_day(scheduled: Flask) -> None:
    app = scheduled
    app.config["BACKUP_SCHEDULED"] = True
    app.config["BACKUP_WEEKDAYS"] = ()  # no backup day: only the freshness check runs
    create_user(app, OFFICE, hub_role="hub_admin")
    with app.app_context():
        db.session.add(BackupRun(kind=RunKind.VERIFY, outcome=RunOutcome.OK,
                                 started_at=utcnow() - timedelta(days=5),
                                 finished_at=utcnow() - timedelta(days=5),
                                 backup_name="20261101T020000Z"))
        db.session.commit()
    run_job(app)
    run_job(app)
    assert [m["To"] for m in outbox(app)] == [OFFICE]
    assert actions(app) == ["backup.stale_alert"]


def test_a_recent_verified_backup_mails_nobody(scheduled: Flask) -> None:
    app = scheduled
    app.config["BACKUP_WEEKDAYS"] = ()
    create_user(app, OFFICE, hub_role="hub_admin")
    with app.app_context():
        db.session.add(BackupRun(kind=RunKind.VERIFY, outcome=RunOutcome.OK,
                                 started_at=utcnow() - timedelta(days=1),
                                 finished_at=utcnow() - timedelta(days=1),
                                 backup_name="20261101T020000Z"))
        db.session.commit()
    run_job(app)
    assert outbox(app) == []


def test_the_office_page_lists_runs_and_backups(app: Flask, province, two_sites) -> None:  # type: ignore[no-untyped-def]
    assert backup(app, "create").exit_code == 0
    name = archive.backups(Path(app.config["BACKUP_DIR"]))[0].name
    auditor = client_as(app, "kiemtoan@langson.gov.vn", hub_role="hub_auditor")
    page = auditor.get(PAGE)
    assert page.status_code == 200
    assert name in page.text and head_revision(app) in page.text
    assert page.text.count(name) >= 3  # the newest verified, the backup, its runs
    assert 'class="error"' not in page.text  # verified just now: no warning
    assert f'href="{PAGE}"' in auditor.get("/quan-tri/").text
    assert auditor.post(PAGE).status_code in (400, 405)


def test_the_page_is_the_office_s_only(app: Flask, province, two_sites) -> None:  # type: ignore[no-untyped-def]
    anonymous = host_client(app, "langson.localhost").get(PAGE)
    assert anonymous.status_code == 302 and "/dang-nhap" in anonymous.location
    admin = client_as(app, "quantri@langson.gov.vn", roles={province: "site_admin"})
    assert admin.get(PAGE).status_code == 403
    assert f'href="{PAGE}"' not in admin.get("/quan-tri/").text
    department = client_as(app, "qt@sokhcn.gov.vn", host="sokhcn.langson.localhost",
                           roles={two_sites[0]: "site_admin"})
    assert department.get(PAGE).status_code == 404
    office = client_as(app, OFFICE, host="sokhcn.langson.localhost", hub_role="hub_admin")
    assert office.get(PAGE).status_code == 404


def test_the_page_warns_of_an_old_verification(app: Flask, province, two_sites) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        db.session.add(BackupRun(kind=RunKind.VERIFY, outcome=RunOutcome.OK,
                                 started_at=utcnow() - timedelta(days=4),
                                 finished_at=utcnow() - timedelta(days=4),
                                 backup_name="20261101T020000Z"))
        db.session.commit()
    office = client_as(app, OFFICE, hub_role="hub_admin")
    page = office.get(PAGE)
    assert page.status_code == 200
    assert "20261101T020000Z" in page.text and 'class="error"' in page.text


def test_metrics_give_the_age_of_the_newest_verified_backup(app: Flask) -> None:
    """``portal_backup_age_seconds``: absent until a backup passed its verification, then
    the time since — the figure to alert on (README, What operators watch)."""
    from tests.core.test_operators import sample
    assert sample(app, "portal_backup_age_seconds") is None
    with app.app_context():
        finished = utcnow() - timedelta(days=4)
        db.session.add_all([
            BackupRun(kind=RunKind.VERIFY, outcome=RunOutcome.OK, started_at=finished,
                      finished_at=finished, backup_name="20261130T020000Z"),
            BackupRun(kind=RunKind.VERIFY, outcome=RunOutcome.FAILED,
                      started_at=utcnow(), finished_at=utcnow(),
                      backup_name="20261204T020000Z")])
        db.session.commit()
    age = sample(app, "portal_backup_age_seconds")
    assert age is not None and 4 * 86400 - 60 < age < 4 * 86400 + 60  # the failed one not
