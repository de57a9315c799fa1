"""The tables the application's models declare are the tables its migrations make.

Models are registered by the capabilities that use them (no import "for the side
effect"); this catches a model no capability imports, and a model changed without a
migration, on both databases.
"""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from hub.extensions import db


def test_the_migrated_database_matches_the_models(app) -> None:
    with app.app_context():
        engine = db.engines[None]
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={
                "compare_type": True, "render_as_batch": True})
            differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_every_table_of_the_migrations_has_a_model(app) -> None:
    with app.app_context():
        from sqlalchemy import inspect
        tables = set(inspect(db.engines[None]).get_table_names()) - {"alembic_version"}
    assert tables == set(db.metadata.tables)
