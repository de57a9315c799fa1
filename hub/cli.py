"""Command-line groups of the hub (``flask tenants``, ``flask users``, ``flask demo``)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from hub.accounts.cli import users_cli
    from hub.backups.cli import backup_cli
    from hub.content.cli import content_cli
    from hub.core.cli import worker_command
    from hub.deadlines.cli import calendar_cli
    from hub.demo.cli import demo_cli
    from hub.sites.cli import tenants_cli

    app.cli.add_command(tenants_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(calendar_cli)
    app.cli.add_command(worker_command)
    app.cli.add_command(content_cli)
    app.cli.add_command(backup_cli)
