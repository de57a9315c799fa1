"""Sites: creating, renaming, moving, suspending, merging and archiving them with their
domains (``operations``, ``suspensions``), importing a province's administrative units
(``importer``), the province office's screens for all of it (``blueprint``) and
``flask tenants`` (``cli``). Resolution, context and isolation stay in ``tenants``."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from hub.core.jobs import register_job
    from hub.sites import suspensions
    from hub.sites.blueprint import bp

    app.register_blueprint(bp)
    # Planned suspensions begin and end by the clock alone; the job only closes the
    # windows that are over, so that cached pages drop the announcement.
    register_job("close_finished_suspensions", suspensions.close_finished)
