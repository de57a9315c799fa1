"""The console's background job (``hub.core.jobs``): the weekly reminders to the sites
(``hub.console.reminders.send_weekly``), idempotent per site and ISO week, so every
worker may run it on every pass."""

from __future__ import annotations

from flask import Flask

from hub.console import reminders


def init_app(app: Flask) -> None:
    from hub.core.jobs import register_job
    register_job("console.weekly_reminders", reminders.send_weekly)
    reminders.register_provider()
    app.add_template_global(reminders.reminders_of, "site_reminders")
