"""The backups' services: every run recorded (``BackupRun``) and written to the audit
log, the schedule (a background job), and the mail to the province office's
administrators after a failed run or when no backup has been verified for
``BACKUP_ALERT_DAYS`` days. They only flush: the command or the job runner commits."""

from __future__ import annotations

import sqlite3
import tarfile
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from typing import Any

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from hub.accounts.models import HubRole, User
from hub.audit.models import AuditEntry
from hub.audit.operations import record
from hub.backups import archive, restoring
from hub.backups.models import BackupRun, RunKind, RunOutcome
from hub.core.clock import aware, site_timezone, to_local, utcnow
from hub.core.mail import send_after_commit
from hub.extensions import db
from tenants.context import unscoped

STALE_ACTION = "backup.stale_alert"
# What a backup or its check may fail with: recorded as a failed run, the office mailed.
FAILURES = (archive.BackupError, OSError, sqlite3.Error, tarfile.TarError, SQLAlchemyError)


def settings() -> archive.Settings:
    return archive.Settings.of(current_app.config)


def record_run(kind: RunKind, started_at: datetime, *, backup: archive.Backup | None = None,
               name: str | None = None, reason: str | None = None,
               actor_label: str = "system") -> BackupRun:
    """Add the run and its audit entry; mail the office when it failed."""
    run = BackupRun(kind=kind, outcome=RunOutcome.FAILED if reason else RunOutcome.OK,
                    started_at=started_at, finished_at=utcnow(),
                    backup_name=backup.name if backup else name,
                    size=backup.size if backup else None, reason=reason)
    with unscoped():  # the hub's, no site
        db.session.add(run)
        db.session.flush()
        record(f"backup.{kind.value}", actor_label=actor_label, obj=run, tenant_id=None,
               outcome=run.outcome.value, backup=run.backup_name, size=run.size,
               reason=reason)
        db.session.flush()
    if reason:
        name = run.backup_name or "-"
        _mail_admins(lambda: (_("Backup failed"), _(
            "The portal's backup could not be made: %(reason)s", reason=reason)
            if kind is RunKind.CREATE else _(
            "Backup %(name)s failed its verification: %(reason)s", name=name,
            reason=reason)))
    return run


def audit(action: str, actor_label: str = "system", **detail: object) -> None:
    """An audit entry of the hub's (no site) for a backup action."""
    with unscoped():
        record(action, actor_label=actor_label, tenant_id=None, **detail)
        db.session.flush()


def create_backup(actor_label: str = "system") -> tuple[BackupRun, archive.Backup | None]:
    started = utcnow()
    try:
        backup = archive.create(settings(), now=started)
    except FAILURES as error:
        return record_run(RunKind.CREATE, started, reason=str(error),
                          actor_label=actor_label), None
    return record_run(RunKind.CREATE, started, backup=backup, actor_label=actor_label), backup


def verify_backup(backup: archive.Backup, actor_label: str = "system") -> BackupRun:
    started = utcnow()
    try:
        restoring.verify(settings(), backup)
    except FAILURES as error:
        return record_run(RunKind.VERIFY, started, backup=backup, reason=str(error),
                          actor_label=actor_label)
    return record_run(RunKind.VERIFY, started, backup=backup, actor_label=actor_label)


def last_verified() -> BackupRun | None:
    return db.session.scalars(
        select(BackupRun).where(BackupRun.kind == RunKind.VERIFY,
                                BackupRun.outcome == RunOutcome.OK)
        .order_by(BackupRun.started_at.desc()).limit(1)).first()


def backup_age() -> list[tuple[tuple[()], float]]:
    """``/metrics``' ``portal_backup_age_seconds``: the age of the newest backup that
    passed its verification (none until one has)."""
    newest = last_verified()
    if newest is None:
        return []
    return [((), (utcnow() - aware(newest.finished_at)).total_seconds())]


def recent_runs(limit: int = 50) -> list[BackupRun]:
    return list(db.session.scalars(
        select(BackupRun).order_by(BackupRun.started_at.desc(), BackupRun.id.desc())
        .limit(limit)))


def verified_names() -> set[str]:
    return set(db.session.scalars(select(BackupRun.backup_name).where(
        BackupRun.kind == RunKind.VERIFY, BackupRun.outcome == RunOutcome.OK)))


# --- the schedule ---------------------------------------------------------------------

def due_moment(now: datetime) -> datetime | None:
    """Today's backup moment (local time), or None when today is not a backup day."""
    config = current_app.config
    local = to_local(now)
    if local.isoweekday() not in tuple(config.get("BACKUP_WEEKDAYS", (1, 3, 5, 7))):
        return None
    hour = min(max(int(config.get("BACKUP_HOUR", 2)), 0), 23)
    return datetime.combine(local.date(), time(hour), tzinfo=site_timezone())


def scheduled_backup(now: datetime | None = None) -> int:
    """The job: on a backup day, past the hour, once: create, verify, prune. Then the
    freshness check. Returns the runs recorded."""
    if not current_app.config.get("BACKUP_SCHEDULED", True):
        return 0
    now = now or utcnow()
    runs = 0
    moment = due_moment(now)
    if moment is not None and now >= moment:
        already = db.session.scalar(select(BackupRun.id).where(
            BackupRun.kind == RunKind.CREATE,
            BackupRun.started_at >= moment.astimezone(UTC)).limit(1))
        if already is None:
            # One scheduled backup at a time across every node: the job runs under its
            # lock (``hub.core.joblock``), so nothing more to hold here.
            try:
                settings().root.mkdir(parents=True, exist_ok=True)
            except OSError as error:  # the backup folder cannot be written
                record_run(RunKind.CREATE, now, reason=str(error))
                return 1
            runs = _create_verify_prune()
    check_freshness(now)
    return runs


def _create_verify_prune() -> int:
    _run, backup = create_backup()
    if backup is None:
        return 1
    verify_backup(backup)
    removed = archive.prune(settings().root, int(current_app.config.get("BACKUP_KEEP", 8)))
    if removed:
        audit("backup.prune", removed=removed)
    return 2


def check_freshness(now: datetime) -> bool:
    """Mail the office (once a day) when no backup was verified in the last
    ``BACKUP_ALERT_DAYS`` days. Returns whether it mailed."""
    days = int(current_app.config.get("BACKUP_ALERT_DAYS", 3))
    last = last_verified()
    if last is not None and aware(last.started_at) >= now - timedelta(days=days):
        return False
    with unscoped():
        alerted = db.session.scalar(select(AuditEntry.id).where(
            AuditEntry.action == STALE_ACTION,
            AuditEntry.created_at >= now - timedelta(days=1)).limit(1))
    if alerted is not None:
        return False
    audit(STALE_ACTION, days=days, last=last.backup_name if last else None)
    _mail_admins(lambda: (_("No verified backup"), _(
        "No backup of the portal has been verified in the last %(days)d days.",
        days=days)))
    return True


def _mail_admins(words: Callable[[], tuple[str, str]]) -> None:
    """Mail the hub administrators, in Vietnamese (the mail's language)."""
    with unscoped(), force_locale("vi"):  # the hub's mail, no site
        emails = list(db.session.scalars(select(User.email).where(
            User.hub_role == HubRole.HUB_ADMIN, User.is_enabled.is_(True))))
        subject, body = words()
        for email in emails:
            send_after_commit(db.session(), email, subject, body)
        db.session.flush()


def migration_script() -> Any:
    """The code's migrations (Alembic's ``ScriptDirectory``): the schema revisions this
    version knows, and its head."""
    from alembic.script import ScriptDirectory
    config = current_app.extensions["migrate"].migrate.get_config()
    return ScriptDirectory.from_config(config)
