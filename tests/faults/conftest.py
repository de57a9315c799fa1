"""Fixtures of the fault tests: the app on a PostgreSQL server of its own that a test
may crash and start again (``tests.pgserver``), and a search index on disk."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from hub import create_app
from hub.extensions import db
from tests.conftest import PostgresDatabase, base_config
from tests.pgserver import PostgresServer


@pytest.fixture(scope="session")
def crashable_database(pg_server: PostgresServer,
                       tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresDatabase]:
    """A migrated database on the private server: owner and app role as in production."""
    database = PostgresDatabase(pg_server.admin_url, tmp_path_factory.mktemp("crash-pg"))
    database.create()
    yield database
    pg_server.start()
    database.drop()


@pytest.fixture
def crashable_app(pg_server: PostgresServer, crashable_database: PostgresDatabase,
                  tmp_path: Path) -> Iterator[Flask]:
    """The app on the private server, running, with empty tables."""
    pg_server.start()
    crashable_database.owner_engine.dispose()  # its connections died with the server
    crashable_database.truncate()
    config = {**base_config(tmp_path), "SQLALCHEMY_DATABASE_URI": crashable_database.app_url,
              "MIGRATION_DATABASE_URL": crashable_database.owner_url,
              "INPROCESS_JOBS": False,
              # As in production: an error after the view reaches the error handlers
              # instead of the test client.
              "PROPAGATE_EXCEPTIONS": False,
              "SEARCH_INDEX_DIR": str(tmp_path / "search-index")}
    application = create_app(config)
    application.config["PORTAL_TEST_BACKEND"] = "postgresql"
    yield application
    pg_server.start()
    with application.app_context():
        db.session.remove()
        db.engine.dispose()
