"""The backups themselves: a folder per backup under ``PORTAL_BACKUP_DIR``, named by
its UTC time, holding the database (``pg_dump --format=custom`` on PostgreSQL, the
SQLite online backup API otherwise), the uploaded files (a gzipped tar of every file of
the configured store, listed and read through ``hub.files.storage``: the upload folder
or the S3 bucket alike) and ``manifest.json``: time, schema revision, application
version, size and SHA-256 of every part, rows per table and the SHA-256 of every file.

``hub.backups.restoring`` verifies and restores them. Nothing here touches the session
of the request: the database is read through its own connections.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import URL, Connection, make_url

from hub.backups.version import app_version
from hub.files.storage import Storage, StorageError, get_storage

MANIFEST = "manifest.json"
FILES_PART = "uploads.tar.gz"
SQLITE_PART = "database.sqlite3"
PG_PART = "database.dump"
PG_BIN = Path("/usr/bin")
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup could not be made, is not intact, or could not be restored."""


@dataclass(frozen=True)
class Settings:
    """What a backup reads: the owner's database URL, the store of the uploaded files,
    the backup root."""

    database_url: str
    storage: Storage
    root: Path

    @classmethod
    def of(cls, config: Any) -> Settings:
        """The settings of ``config``, the current app's (its store is the app's)."""
        return cls(database_url=config["MIGRATION_DATABASE_URL"]
                   or config["SQLALCHEMY_DATABASE_URI"],
                   storage=get_storage(), root=Path(config["BACKUP_DIR"]))

    @property
    def url(self) -> URL:
        return make_url(self.database_url)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"


@dataclass(frozen=True)
class Backup:
    path: Path
    manifest: dict[str, Any]

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def size(self) -> int:
        return sum(part["size"] for part in self.manifest["parts"].values())

    @property
    def created_at(self) -> datetime:
        return datetime.fromisoformat(self.manifest["created_at"])


# --- helpers --------------------------------------------------------------------------

def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return Path(url.database)


def _pg_env(url: URL) -> dict[str, str]:
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)  # never on the command line
    return env


def pg_args(url: URL, database: str | None = None) -> list[str]:
    args = ["--dbname", database or str(url.database)]
    if url.host:
        args += ["--host", str(url.host)]
    if url.port:
        args += ["--port", str(url.port)]
    if url.username:
        args += ["--username", str(url.username)]
    return args


def run_tool(command: list[str], url: URL) -> None:
    # The command is ours (pg_dump/pg_restore at PG_BIN); the arguments come from the
    # configuration, passed as a list (no shell).
    done = subprocess.run(command, env=_pg_env(url), capture_output=True,  # noqa: S603
                          text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()[-2000:]}")


def sqlalchemy_url(url: URL, database: str | None = None) -> URL:
    if url.get_backend_name() == "postgresql" and url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    return url.set(database=database) if database else url


def table_counts(url: URL) -> tuple[dict[str, int], str | None]:
    """Rows per table, and the schema revision (``alembic_version``)."""
    if url.get_backend_name() == "sqlite":
        return _sqlite_counts(sqlite_path(url))
    engine = create_engine(sqlalchemy_url(url))
    try:
        with engine.connect() as conn:
            return _counts_on(conn)
    finally:
        engine.dispose()


def _counts_on(conn: Connection) -> tuple[dict[str, int], str | None]:
    names = sorted(inspect(conn).get_table_names())
    counts = {name: int(conn.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one())
              for name in names}
    revision = None
    if "alembic_version" in names:
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return counts, revision


def _pg_dump(url: URL, target: Path) -> tuple[dict[str, int], str | None]:
    """Dump the database and count its rows in one snapshot: the counts are the
    dump's, whatever is written meanwhile (``pg_dump --snapshot``)."""
    engine = create_engine(sqlalchemy_url(url), isolation_level="REPEATABLE READ")
    try:
        with engine.connect() as conn:
            snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            run_tool([str(PG_BIN / "pg_dump"), "--format=custom", "--snapshot",
                      str(snapshot), "--file", str(target), *pg_args(url)], url)
            counts = _counts_on(conn)
            conn.rollback()
            return counts
    finally:
        engine.dispose()


def _sqlite_counts(path: Path) -> tuple[dict[str, int], str | None]:
    """Read-only and without SQLAlchemy (whose SQLite connections turn WAL on)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = sorted(row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%'"))
        counts = {name: int(conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])
                  for name in names}
        revision = None
        if "alembic_version" in names:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        return counts, revision
    finally:
        conn.close()


def file_hashes(folder: Path) -> dict[str, str]:
    if not folder.is_dir():
        return {}
    return {path.relative_to(folder).as_posix(): sha256_of(path)
            for path in sorted(folder.rglob("*")) if path.is_file()}


# --- create ---------------------------------------------------------------------------

def _new_name(root: Path, now: datetime) -> str:
    name = now.strftime("%Y%m%dT%H%M%SZ")
    candidate, n = name, 1
    while (root / candidate).exists():
        n += 1
        candidate = f"{name}-{n}"
    return candidate


def create(settings: Settings, now: datetime | None = None) -> Backup:
    """Make a backup; it appears under the root only once complete."""
    now = now or datetime.now(UTC)
    settings.root.mkdir(mode=0o700, parents=True, exist_ok=True)
    name = _new_name(settings.root, now)
    partial = settings.root / f".partial-{name}"
    partial.mkdir(mode=0o700)  # personal data: for the portal's own user only
    try:
        url = settings.url
        if settings.is_sqlite:
            database_part = partial / SQLITE_PART
            source = sqlite3.connect(sqlite_path(url))
            target = sqlite3.connect(database_part)
            try:
                source.backup(target)  # online: writers are not stopped
                # One self-contained file: no write-ahead log beside it.
                target.execute("PRAGMA journal_mode = DELETE")
            finally:
                target.close()
                source.close()
            # Counted in the copy itself: what was written.
            tables, revision = table_counts(make_url(f"sqlite:///{database_part}"))
        else:
            database_part = partial / PG_PART
            tables, revision = _pg_dump(url, database_part)
        files_part = partial / FILES_PART
        _tar_files(settings.storage, files_part)
        files = _hashes_in_tar(files_part)
        manifest = {
            "format": 1,
            "name": name,
            "created_at": now.isoformat(),
            "backend": "sqlite" if settings.is_sqlite else "postgresql",
            "schema_revision": revision,
            "app_version": app_version(),
            "parts": {part.name: {"size": part.stat().st_size, "sha256": sha256_of(part)}
                      for part in (database_part, files_part)},
            "tables": tables,
            "files": files,
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
        final = settings.root / name
        partial.rename(final)
        return Backup(final, manifest)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise


def _tar_files(storage: Storage, part: Path) -> None:
    """Every file of the store, streamed into the tar under its key."""
    try:
        with tarfile.open(part, "w:gz") as tar:
            for key in storage.keys():
                found = storage.stat(key)
                if found is None:
                    continue  # deleted since it was listed
                info = tarfile.TarInfo(key)
                info.size, info.mode = found.size, 0o644
                if found.modified is not None:
                    info.mtime = int(found.modified.timestamp())
                with storage.open(key, size=found.size) as stream:
                    tar.addfile(info, stream)
    except StorageError as error:
        raise BackupError(f"the uploaded files could not be read from "
                          f"{storage.describe()}: {error.detail}") from error


def _hashes_in_tar(part: Path) -> dict[str, str]:
    hashes: dict[str, str] = {}
    with tarfile.open(part, "r:gz") as tar:
        for member in tar:
            if member.isfile():
                handle = tar.extractfile(member)
                assert handle is not None
                digest = hashlib.sha256()
                while chunk := handle.read(CHUNK):
                    digest.update(chunk)
                hashes[os.path.normpath(member.name)] = digest.hexdigest()
    return dict(sorted(hashes.items()))


# --- list, load, prune ----------------------------------------------------------------

def load(path: Path) -> Backup:
    try:
        manifest = json.loads((path / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{path.name}: no readable manifest ({error})") from error
    return Backup(path, manifest)


def backups(root: Path) -> list[Backup]:
    """The complete backups under ``root``, newest first (a folder without a readable
    manifest is skipped)."""
    if not root.is_dir():
        return []
    found = []
    for path in sorted(root.iterdir(), reverse=True):
        if path.is_dir() and not path.name.startswith(".") and (path / MANIFEST).exists():
            try:
                found.append(load(path))
            except BackupError:
                continue
    return found


def find(settings: Settings, name: str | None) -> Backup:
    """The backup called ``name``, or the newest."""
    if name:
        path = settings.root / name
        if not path.is_dir() or "/" in name or name.startswith("."):
            raise BackupError(f"no backup called {name!r} under {settings.root}")
        return load(path)
    every = backups(settings.root)
    if not every:
        raise BackupError(f"no backup under {settings.root}")
    return every[0]


def prune(root: Path, keep: int) -> list[str]:
    """Delete all but the newest ``keep`` backups; return the names deleted."""
    removed = []
    for backup in backups(root)[max(keep, 1):]:
        shutil.rmtree(backup.path)
        removed.append(backup.name)
    return removed

def check_parts(backup: Backup) -> None:
    """Every part present, with the size and SHA-256 of the manifest."""
    parts = backup.manifest.get("parts") or {}
    if not parts:
        raise BackupError(f"{backup.name}: the manifest lists no parts")
    for name, expected in parts.items():
        path = backup.path / name
        if not path.is_file():
            raise BackupError(f"{backup.name}: part {name} is missing")
        if path.stat().st_size != expected["size"]:
            raise BackupError(f"{backup.name}: part {name} has the wrong size")
        if sha256_of(path) != expected["sha256"]:
            raise BackupError(f"{backup.name}: part {name} fails its SHA-256 checksum")
