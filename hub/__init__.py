"""The portal hub application: ``create_app`` builds it from ``config/`` settings."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from flask import Flask

from config import INSTANCE_DIR, load_config

# What the application is made of, each attached the same way: ``init_app(app)``. The
# order matters only where a comment says so; what every request passes, and in which
# order, is declared once in ``hub.core.lifecycle``.
CAPABILITIES = (
    "hub.extensions",      # database, migrations, login, Babel, CSRF (its hook first)
    "i18n",                # the host's language; the catalogs in templates
    "hub.core.overrides",  # the template gettext (after Flask-Babel's)
    "hub.core.database",   # SQLite connection settings
    "hub.core.lifecycle",  # the request pipeline, one commit, after-commit actions
    "hub.core.headers",    # the security headers of every response
    "tenants",             # isolation on every session; the host resolved first
    "hub.audit",           # the append-only audit log
    "hub.core.errors",     # error pages in the host's language
    "hub.core.ratelimit",  # limits: the counters of the named rate limits
    "hub.core.health",     # /healthz, /healthz/live, /healthz/ready on any host
    "hub.core.metrics",    # /metrics for Prometheus, to allowed addresses or a token
    "hub.core.access",     # request ids, request counts, the JSON access log
    "hub.core.jobs",       # the background jobs in-process (embedded mode)
    "hub.core.mail",       # mail queued with the work that causes it, sent by a job
    "hub.cache",           # the page cache and the per-site memo
    "hub.stats",           # visitor statistics
    "hub.accounts",        # staff login, roles, sessions
    "hub.workflow",        # the steps from draft to published, who may take them
    "hub.deadlines",       # the working-day calendar re-read when it changes
    "hub.formatting",      # |day, |moment ... filters of every template
    "hub.public",          # the public pages and their layout
    "hub.files",           # uploads, and downloads on the site's own host
    "hub.images",          # photographs: checks, focal points, renditions
    "hub.content",         # the content types, their services and screens
    "hub.directory",       # categories, menus, people
    "hub.sites",           # the province office's site screens, planned suspensions
    "hub.reports",         # deadlines, quotas, royalties
    "hub.translation",     # the translation workflow
    "hub.intake",          # proof-of-work, limits, personal data of citizens' forms
    "hub.questions",       # citizens' questions and petitions (Hỏi – Đáp)
    "hub.ratings",         # visitors' ratings of the portal (Đánh giá)
    "hub.problems",        # reports of wrong or harmful content on a page (báo lỗi)
    "hub.consultations",   # comments on drafts for consultation (góp ý dự thảo)
    "hub.console",         # the province office's console of every site
    "hub.admin",           # the staff area's content screens
    "hub.backups",         # backups: the schedule, the office's page (`flask backup`)
    "hub.api",             # /api/v1/ open data
    "hub.feeds",           # rss.xml, sitemap.xml, robots.txt
    "search",              # /tim-kiem, /api/v1/search, the outbox indexer
    "hub.cli",             # flask tenants, users, demo, calendar, worker, content
)


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
    for name in CAPABILITIES:
        import_module(name).init_app(app)
    return app
