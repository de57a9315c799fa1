"""Alembic environment: migrations run as the owner of the tables.

``PORTAL_MIGRATION_DATABASE_URL`` (default: the app's own URL) names the owner. After
the migrations, on PostgreSQL, every table with a ``tenant_id`` column is put under
row-level security and the application's role (the user of ``PORTAL_DATABASE_URL``,
when it is not the owner) is granted what it needs and nothing more.
"""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app
from sqlalchemy import create_engine, pool, text

from hub.audit.models import APPEND_ONLY_TRIGGER
from tenants.database import prepare_postgresql

config = context.config
# Keep the loggers the application made before (its modules log warnings too), and
# leave logging alone where it is set up already (a test's log capture, a server).
if not logging.getLogger().handlers:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_db = current_app.extensions["migrate"].db


def get_metadata():
    return target_db.metadata


def run_migrations_offline():
    context.configure(url=current_app.config["MIGRATION_DATABASE_URL"],
                      target_metadata=get_metadata(), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    def process_revision_directives(context, revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info("No changes in schema detected.")

    conf_args = current_app.extensions["migrate"].configure_args
    if conf_args.get("process_revision_directives") is None:
        conf_args["process_revision_directives"] = process_revision_directives

    engine = create_engine(current_app.config["MIGRATION_DATABASE_URL"],
                           poolclass=pool.NullPool)
    with engine.connect() as connection:
        # Flask-Migrate passes render_as_batch=True, which SQLite's ALTERs need.
        context.configure(connection=connection, target_metadata=get_metadata(),
                          **conf_args)
        with context.begin_transaction():
            context.run_migrations()
            if connection.dialect.name == "postgresql":
                connection.execute(text(APPEND_ONLY_TRIGGER))
                prepare_postgresql(connection, current_app.config["SQLALCHEMY_DATABASE_URI"],
                                   current_app.extensions["portal_database_key"])
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
