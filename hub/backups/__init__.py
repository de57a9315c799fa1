"""Backups with a verified restore (Circular 003, Article 13.1.c–d): ``flask backup``
makes, lists, verifies, restores and prunes them (``hub.backups.archive``); the
background jobs make, verify and prune them on the configured days
(``hub.backups.operations.scheduled_backup``), and the province office reads the runs
at ``/quan-tri/tinh/sao-luu``.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    import hub.backups.models  # noqa: F401 - the table, for migrations
    from hub.backups.blueprint import bp
    from hub.backups.operations import backup_age, scheduled_backup
    from hub.core.jobs import register_job
    from hub.core.metrics import register_reading
    app.register_blueprint(bp)
    register_job("backups.scheduled", scheduled_backup)
    register_reading(app, "portal_backup_age_seconds",
                     "Seconds since the newest backup that passed its verification.", (),
                     backup_age)
