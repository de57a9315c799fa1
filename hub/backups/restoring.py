"""Restoring a backup: into a scratch database and folder to verify it against its
manifest (rows per table, every file's SHA-256), or in place of the live ones. The
database is written through its own connections and tools, never the request's session;
the uploaded files through the store (``hub.files.storage``), a folder or an S3 bucket.
"""

from __future__ import annotations

import posixpath
import sqlite3
import tarfile
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from hub.backups.archive import (
    FILES_PART,
    PG_BIN,
    PG_PART,
    SQLITE_PART,
    Backup,
    BackupError,
    Settings,
    check_parts,
    file_hashes,
    pg_args,
    run_tool,
    sqlalchemy_url,
    sqlite_path,
    table_counts,
)
from hub.files.storage import Storage, StorageError, check_key


def _database_part(backup: Backup) -> Path:
    part = SQLITE_PART if backup.manifest["backend"] == "sqlite" else PG_PART
    return backup.path / part


@contextmanager
def scratch_database(settings: Settings) -> Iterator[URL]:
    """An empty PostgreSQL database on the same server, dropped afterwards."""
    url = settings.url
    # Named after the database it checks: an operator (or a test) sees whose it is.
    name = f"portal_verify_{(url.database or '')[:30]}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(sqlalchemy_url(url), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield url.set(database=name)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def verify(settings: Settings, backup: Backup) -> None:
    """Checksums, then a restore into a scratch database and folder compared with the
    manifest: rows per table and every file's SHA-256. Raises ``BackupError``."""
    check_parts(backup)
    expected = backup.manifest["tables"]
    with tempfile.TemporaryDirectory(prefix="portal-verify-") as scratch:
        folder = Path(scratch)
        if backup.manifest["backend"] == "sqlite":
            copy = folder / "verify.sqlite3"
            _sqlite_copy(_database_part(backup), copy)
            counts, _revision = table_counts(make_url(f"sqlite:///{copy}"))
        else:
            with scratch_database(settings) as url:
                run_tool([str(PG_BIN / "pg_restore"), "--no-owner", "--no-acl",
                      "--exit-on-error", *pg_args(url), str(_database_part(backup))], url)
                counts, _revision = table_counts(url)
        if counts != expected:
            raise BackupError(f"{backup.name}: rows differ from the manifest: "
                              + _difference(expected, counts))
        files = folder / "uploads"
        _extract(backup.path / FILES_PART, files)
        found = file_hashes(files)
        if found != backup.manifest["files"]:
            raise BackupError(f"{backup.name}: files differ from the manifest: "
                              + _difference(backup.manifest["files"], found))


def _difference(expected: dict[str, Any], found: dict[str, Any]) -> str:
    keys = sorted(set(expected) | set(found))
    wrong = [f"{key} (manifest {expected.get(key, '-')}, found {found.get(key, '-')})"
             for key in keys if expected.get(key) != found.get(key)]
    return "; ".join(wrong[:10])


def _sqlite_copy(source_path: Path, target_path: Path) -> None:
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    target = sqlite3.connect(target_path)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _extract(part: Path, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with tarfile.open(part, "r:gz") as tar:
        tar.extractall(folder, filter="data")


# --- restore --------------------------------------------------------------------------

def restore(settings: Settings, backup: Backup) -> None:
    """Put the database and the uploaded files of ``backup`` in place (checksums
    first: a damaged backup is refused before anything is touched)."""
    check_parts(backup)
    backend = "sqlite" if settings.is_sqlite else "postgresql"
    if backup.manifest["backend"] != backend:
        raise BackupError(f"{backup.name} is a {backup.manifest['backend']} backup; "
                          f"this portal runs on {backend}")
    ready = settings.storage.check()
    if ready.status != "ok":
        raise BackupError(f"the store of the uploaded files ({settings.storage.describe()}) "
                          f"is not ready: {ready.reason}; nothing was restored")
    url = settings.url
    if settings.is_sqlite:
        target = sqlite_path(url)
        target.parent.mkdir(parents=True, exist_ok=True)
        _sqlite_copy(_database_part(backup), target)
    else:
        run_tool([str(PG_BIN / "pg_restore"), "--clean", "--if-exists", "--no-owner",
              "--single-transaction", "--exit-on-error", *pg_args(url),
              str(_database_part(backup))], url)
    _restore_files(backup.path / FILES_PART, settings.storage)


def _restore_files(part: Path, storage: Storage) -> None:
    """Write every file of the backup back through the store (each one whole), then
    remove what the backup does not hold: the store ends as it was when backed up."""
    kept: set[str] = set()
    try:
        with tarfile.open(part, "r:gz") as tar:
            for member in tar:
                if not member.isfile():
                    continue
                key = _key_of(member.name)
                handle = tar.extractfile(member)
                assert handle is not None
                with handle:
                    storage.put(key, handle, replace=True)
                kept.add(key)
        for key in list(storage.keys()):
            if key not in kept:
                storage.delete(key)
    except StorageError as error:
        raise BackupError(f"the uploaded files could not be written to "
                          f"{storage.describe()}: {error.detail}; restore again once "
                          f"the store answers") from error


def _key_of(name: str) -> str:
    """The store's key of a member (``./1/ab/...`` in backups made before the store)."""
    try:
        return check_key(posixpath.normpath(name).lstrip("/"))
    except ValueError as error:
        raise BackupError(f"the backup holds a file outside the store: {name!r}") from error
