"""Fixtures: the real app on a real database, SQLite always and PostgreSQL when asked.

PostgreSQL runs when ``PORTAL_TEST_DATABASE_URL`` is set (a role that may create
databases and roles, e.g. ``postgresql://postgres@127.0.0.1:5432/postgres``) or when
``CI=true`` (then that URL defaults to the local cluster, and a failure to reach it fails
the run instead of skipping). Each session creates its own database, migrated by the
owner, and the app connects as a separate role that does not own the tables, exactly as
in production. Every test starts from empty tables.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from hub import create_app
from hub.extensions import db

CI = os.environ.get("CI", "").lower() == "true"
PG_ADMIN_URL = os.environ.get("PORTAL_TEST_DATABASE_URL") or (
    "postgresql+psycopg://postgres@127.0.0.1:5432/postgres" if CI else None)
PG_APP_ROLE = os.environ.get("PORTAL_TEST_APP_ROLE", "portal_app_test")
REFERENCE_TABLES = ("deadline_rule", "publication_quota")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_ADMIN_URL else [])

pytest_plugins = ["tests.factories", "tests.services", "tests.s3", "tests.pgserver"]


def _psycopg_url(url: str) -> str:
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def base_config(tmp: Path) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "HOST_CACHE_FILE": str(tmp / "hosts.version"),
        "MAIL_OUTBOX_DIR": str(tmp / "outbox"),
        "UPLOAD_DIR": str(tmp / "uploads"),
        "BACKUP_DIR": str(tmp / "backups"),
        # The backups' schedule runs only in tests/backups (it makes real backups).
        "BACKUP_SCHEDULED": False,
        "JOBS_HEARTBEAT_FILE": str(tmp / "jobs.heartbeat"),
        "MAIL_SERVER": None,
        # Mail is sent right after the commit, so a test reads it after its request;
        # tests/core/test_mail_queue.py covers the queue the jobs drain.
        "MAIL_SEND_AFTER_COMMIT": True,
        "REDIS_URL": None,
        "BASE_DOMAIN": "langson.localhost",
        # Fast hashes in tests; production keeps the memory-hard defaults.
        "ARGON2_MEMORY_KIB": 1024,
        "ARGON2_TIME_COST": 1,
        # Off unless a test turns it on (tests/accounts/test_second_factor.py): the
        # other tests log staff in with their password alone.
        "SECOND_FACTOR_REQUIRED": False,
    }


def migrate(config: dict) -> None:
    from flask_migrate import upgrade
    app = create_app(config)
    with app.app_context():
        upgrade()
        db.engine.dispose()


class PostgresDatabase:
    """A database of this session, owned by the admin role, used by the app role."""

    def __init__(self, admin_url: str, tmp: Path) -> None:
        self.admin_url = _psycopg_url(admin_url)
        self.name = f"portal_test_{uuid.uuid4().hex[:10]}"
        admin = make_url(self.admin_url)
        self.owner_url = admin.set(database=self.name).render_as_string(hide_password=False)
        self.app_url = admin.set(database=self.name, username=PG_APP_ROLE,
                                 password=None).render_as_string(hide_password=False)
        self.tmp = tmp

    def create(self) -> None:
        engine = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"),
                                      {"r": PG_APP_ROLE}).first()
                if not exists:
                    conn.execute(text(f'CREATE ROLE "{PG_APP_ROLE}" LOGIN NOSUPERUSER '
                                      "NOBYPASSRLS NOCREATEDB NOCREATEROLE"))
                conn.execute(text(f'CREATE DATABASE "{self.name}"'))
        finally:
            engine.dispose()
        migrate({**base_config(self.tmp), "SQLALCHEMY_DATABASE_URI": self.app_url,
                 "MIGRATION_DATABASE_URL": self.owner_url})
        self.owner_engine = create_engine(self.owner_url)
        # Reference data the migrations seed (deadline rules, quotas): kept as migrated
        # and put back after every test's truncate.
        with self.owner_engine.connect() as conn:
            self.reference_rows = {
                table: [dict(row._mapping)
                        for row in conn.execute(text(f'SELECT * FROM "{table}"'))]
                for table in REFERENCE_TABLES}

    def truncate(self) -> None:
        with self.owner_engine.begin() as conn:
            tables = [row[0] for row in conn.execute(text(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'alembic_version'"))]
            if tables:
                conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables)
                                  + " RESTART IDENTITY CASCADE"))
            for table, rows in self.reference_rows.items():
                if rows:
                    columns = ", ".join(f'"{c}"' for c in rows[0])
                    values = ", ".join(f":{c}" for c in rows[0])
                    conn.execute(text(f'INSERT INTO "{table}" ({columns}) VALUES ({values})'),
                                 rows)

    def drop(self) -> None:
        self.owner_engine.dispose()
        engine = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file; each test gets a copy (much faster than migrating)."""
    folder = tmp_path_factory.mktemp("sqlite-template")
    path = folder / "template.sqlite3"
    migrate({**base_config(folder), "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    return path


@pytest.fixture(scope="session")
def postgres_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresDatabase]:
    if not PG_ADMIN_URL:
        pytest.skip("PostgreSQL tests need PORTAL_TEST_DATABASE_URL or CI=true")
    database = PostgresDatabase(PG_ADMIN_URL, tmp_path_factory.mktemp("pg"))
    database.create()  # under CI an unreachable server is an error, never a skip
    yield database
    database.drop()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


def _make_app(backend: str, request: pytest.FixtureRequest, tmp_path: Path,  # type: ignore[no-untyped-def]
              overrides: dict | None = None):
    config = {**base_config(tmp_path), **(overrides or {})}
    if backend == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        path = tmp_path / "portal.sqlite3"
        shutil.copyfile(template, path)
        config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    else:
        database: PostgresDatabase = request.getfixturevalue("postgres_database")
        database.truncate()
        config["SQLALCHEMY_DATABASE_URI"] = database.app_url
        config["MIGRATION_DATABASE_URL"] = database.owner_url
    application = create_app(config)
    application.config["PORTAL_TEST_BACKEND"] = backend
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app(backend: str, request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The app on each database backend in turn."""
    yield from _make_app(backend, request, tmp_path)


@pytest.fixture
def pg_app(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The app on PostgreSQL only (row-level security tests)."""
    yield from _make_app("postgresql", request, tmp_path)


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogs() -> None:
    """Compile the message catalogs when the .po is newer (as `make test` does)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    root = Path(__file__).resolve().parent.parent / "i18n" / "translations"
    for po in root.glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as source:
                catalog = read_po(source)
            with mo.open("wb") as target:
                write_mo(target, catalog)


RUN_SLOW = CI or os.environ.get("PORTAL_TEST_SLOW", "").lower() in {"1", "true", "on"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave the long load and fault tests (``@pytest.mark.slow``) to CI and to
    ``make test-slow``: every local ``make test`` stays quick."""
    if RUN_SLOW:
        return
    skip = pytest.mark.skip(reason="a slow test: runs under CI=true or PORTAL_TEST_SLOW=1")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
