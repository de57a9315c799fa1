"""The portal hub application: ``create_app`` builds it from ``config/`` settings."""

from __future__ import annotations

from typing import Any

from flask import Flask

from config import INSTANCE_DIR, PROJECT_ROOT, load_config


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    from hub.core.application import Portal
    app = Portal(__name__, instance_path=str(INSTANCE_DIR), instance_relative_config=False)
    app.config.update(load_config())
    if overrides:
        app.config.update(overrides)
    if not app.config.get("MIGRATION_DATABASE_URL") or (
            overrides and "SQLALCHEMY_DATABASE_URI" in overrides
            and "MIGRATION_DATABASE_URL" not in overrides):
        app.config["MIGRATION_DATABASE_URL"] = app.config["SQLALCHEMY_DATABASE_URI"]

    from hub.core import database  # noqa: F401 - SQLite connection settings
    from hub.extensions import babel, csrf, db, login_manager, migrate
    from i18n import init_app as init_i18n
    from i18n import select_locale
    from tenants import isolation, resolution

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    login_manager.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    init_i18n(app)
    csrf.init_app(app)

    with app.app_context():
        # Re-applies the PostgreSQL tenant setting to an open session only: a request
        # that has not touched the database yet gets no session made for it here.
        isolation.install(db.session.session_factory.class_,
                          lambda: db.session() if db.session.registry.has() else None)
    resolution.init_app(app)  # first before_request: nothing runs before the tenant is known
    from hub import cache, stats
    cache.init_app(app)  # before lifecycle: a page is stored after the commit succeeded
    stats.init_app(app)

    from hub.core import errors, health, lifecycle
    lifecycle.init_app(app)
    errors.init_app(app)
    app.register_blueprint(health.bp)

    from hub.accounts import init_app as init_accounts
    init_accounts(app)
    from hub.core import jobs
    jobs.init_app(app)  # the background jobs in-process (embedded mode)
    from hub.workflow import init_app as init_workflow
    init_workflow(app)  # scheduled publishing, a background job
    from hub.content import models as content_models  # noqa: F401 - register the tables
    from hub.deadlines import models as deadline_models  # noqa: F401
    from hub.public.blueprint import bp as public_bp
    from hub.stats import models as stats_models  # noqa: F401
    from hub.translation import models as translation_models  # noqa: F401
    from search import models as search_models  # noqa: F401
    app.register_blueprint(public_bp)
    from hub import formatting
    formatting.init_app(app)  # |day, |moment ... filters of every template
    from hub.content.blueprint import bp as files_bp
    app.register_blueprint(files_bp)
    from hub.directory.blueprint import bp as directory_bp
    app.register_blueprint(directory_bp)
    from hub.reports.blueprint import bp as reports_bp
    app.register_blueprint(reports_bp)
    from hub.translation import init_app as init_translation
    init_translation(app)
    from hub.admin.blueprint import bp as admin_bp
    app.register_blueprint(admin_bp)
    from hub import api
    api.init_app(app)  # /api/v1/ open data
    from hub import feeds
    feeds.init_app(app)  # rss.xml, sitemap.xml, robots.txt
    from search import init_app as init_search
    init_search(app)  # /tim-kiem, /api/v1/search, the outbox indexer

    from hub import cli
    cli.init_app(app)
    return app
