"""Verification and the guards of restore and prune: a tampered part fails its
checksum, a backup short of a row fails the comparison; restore refuses a damaged
backup and asks before overwriting; prune keeps the newest N."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import Flask
from sqlalchemy import select, text

from hub.backups import archive
from hub.backups.models import BackupRun, RunKind, RunOutcome
from hub.extensions import db
from tests.backups.conftest import backup, every_file, every_row, owner_engine, publish


def made(app: Flask) -> archive.Backup:
    result = backup(app, "create", "--no-verify")
    assert result.exit_code == 0, result.output
    return archive.backups(Path(app.config["BACKUP_DIR"]))[0]


def runs(app: Flask) -> list[tuple[RunKind, RunOutcome, str | None]]:
    with app.app_context():
        return [(r.kind, r.outcome, r.reason) for r in
                db.session.scalars(select(BackupRun).order_by(BackupRun.id))]


def test_verify_passes_on_an_intact_backup_and_records_it(app: Flask) -> None:
    publish(app)
    taken = made(app)
    result = backup(app, "verify", taken.name)
    assert result.exit_code == 0, result.output
    assert "intact" in result.output
    assert runs(app)[-1][:2] == (RunKind.VERIFY, RunOutcome.OK)
    assert "verified" in backup(app, "list").output
    if app.config["PORTAL_TEST_BACKEND"] == "postgresql":  # the scratch database dropped
        engine = owner_engine(app)
        with engine.connect() as conn:  # this database's: other sessions verify theirs
            assert conn.execute(text("SELECT count(*) FROM pg_database WHERE datname "
                                     "LIKE :scratch"),
                                {"scratch": f"portal_verify_{engine.url.database}_%"}
                                ).scalar_one() == 0
        engine.dispose()


def test_verify_catches_a_tampered_part(app: Flask) -> None:
    publish(app)
    taken = made(app)
    part = taken.path / archive.FILES_PART
    data = bytearray(part.read_bytes())
    data[len(data) // 2] ^= 0xFF
    part.write_bytes(bytes(data))
    result = backup(app, "verify")
    assert result.exit_code == 1
    assert "fails its SHA-256 checksum" in result.output
    kind, outcome, reason = runs(app)[-1]
    assert (kind, outcome) == (RunKind.VERIFY, RunOutcome.FAILED)
    assert reason and archive.FILES_PART in reason


def test_verify_catches_a_missing_row(app: Flask) -> None:
    """The manifest counted one more article than the database part holds."""
    publish(app)
    taken = made(app)
    manifest = json.loads((taken.path / archive.MANIFEST).read_text())
    manifest["tables"]["article"] += 1
    (taken.path / archive.MANIFEST).write_text(json.dumps(manifest))
    result = backup(app, "verify", taken.name)
    assert result.exit_code == 1
    assert "rows differ" in result.output and "article" in result.output


def test_verify_catches_a_missing_file(app: Flask) -> None:
    publish(app)
    taken = made(app)
    manifest = json.loads((taken.path / archive.MANIFEST).read_text())
    manifest["files"]["1/ghost.pdf"] = "0" * 64
    (taken.path / archive.MANIFEST).write_text(json.dumps(manifest))
    result = backup(app, "verify", taken.name)
    assert result.exit_code == 1 and "files differ" in result.output


def test_restore_refuses_a_damaged_backup_and_touches_nothing(app: Flask) -> None:
    publish(app)
    taken = made(app)
    (taken.path / archive.FILES_PART).write_bytes(b"not a tar")
    rows, files = every_row(app), every_file(app)
    result = backup(app, "restore", "--yes")
    assert result.exit_code == 1
    assert "refused" in result.output
    assert every_row(app) == rows and every_file(app) == files


def test_restore_asks_before_overwriting(app: Flask) -> None:
    publish(app)
    made(app)
    upload = Path(app.config["UPLOAD_DIR"]) / "added-after.txt"
    upload.write_text("kept")
    result = app.test_cli_runner().invoke(args=["backup", "restore"], input="n\n")
    assert result.exit_code == 1
    assert "Continue?" in result.output and "Aborted" in result.output
    assert upload.read_text() == "kept"  # nothing was overwritten


def test_an_unknown_backup_is_a_clear_error(app: Flask) -> None:
    result = backup(app, "verify", "20990101T000000Z")
    assert result.exit_code == 1 and "no backup called" in result.output
    assert "no backup under" in backup(app, "restore", "--yes").output


def test_prune_keeps_the_newest(app: Flask) -> None:
    with app.app_context():
        settings = archive.Settings.of(app.config)
        start = datetime(2026, 11, 1, 2, tzinfo=UTC)
        names = [archive.create(settings, now=start + timedelta(days=n)).name
                 for n in range(4)]
    result = backup(app, "prune", "--keep", "2")
    assert result.exit_code == 0, result.output
    left = [b.name for b in archive.backups(Path(app.config["BACKUP_DIR"]))]
    assert left == names[:1:-1]  # the newest two, newest first
    app.config["BACKUP_KEEP"] = 1
    assert backup(app, "prune").exit_code == 0
    assert [b.name for b in archive.backups(Path(app.config["BACKUP_DIR"]))] == [names[-1]]


def test_restore_refuses_a_backup_of_a_newer_schema_and_touches_nothing(app: Flask) -> None:
    publish(app)
    taken = made(app)
    manifest = json.loads((taken.path / archive.MANIFEST).read_text())
    manifest["schema_revision"] = "ffffffffffff"
    (taken.path / archive.MANIFEST).write_text(json.dumps(manifest))
    rows, files = every_row(app), every_file(app)
    result = backup(app, "restore", "--yes")
    assert result.exit_code == 1
    assert "schema revision ffffffffffff" in result.output and "refused" in result.output
    assert every_row(app) == rows and every_file(app) == files


def test_restore_of_an_older_schema_says_to_upgrade(app: Flask) -> None:
    publish(app)
    taken = made(app)
    current = backup(app, "restore", "--yes")
    assert current.exit_code == 0 and "flask db upgrade" not in current.output
    manifest = json.loads((taken.path / archive.MANIFEST).read_text())
    manifest["schema_revision"] = "5e0c3a7b9d21"  # the revision before the backups' own
    (taken.path / archive.MANIFEST).write_text(json.dumps(manifest))
    older = backup(app, "restore", "--yes")
    assert older.exit_code == 0, older.output
    assert "older than this code's: run `flask db upgrade`" in older.output
