"""``flask demo ...``: the demo province Lạng Sơn for ``make run`` and for trying the hub."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from hub.demo.backups import seed_demo_backup
from hub.demo.console import seed_demo_console
from hub.demo.consultations import seed_demo_consultations
from hub.demo.content import seed_demo_content
from hub.demo.problems import seed_demo_problems
from hub.demo.questions import seed_demo_questions
from hub.demo.ratings import seed_demo_ratings
from hub.demo.seed import demo_is_seeded, demo_summary, has_no_sites, seed_demo
from hub.extensions import db

demo_cli = AppGroup("demo", help="Demo data: the province of Lạng Sơn and its sites.")

_BASE = click.option("--base-domain",
                     help="Host of the demo province (default: PORTAL_BASE_DOMAIN).")
_PORT = click.option("--port", type=int, default=8000, show_default=True,
                     help="Port shown in the *.localhost URLs (0: none).")


@demo_cli.command("seed")
@_BASE
@_PORT
@click.option("--if-empty", is_flag=True,
              help="Do nothing unless the database has no sites at all (make run).")
def seed_command(base_domain: str | None, port: int, if_empty: bool) -> None:
    """Create the demo province, its sites and staff in every role (once)."""
    if if_empty and not has_no_sites():
        click.echo("The database already has sites; the demo was not seeded again.")
        if demo_is_seeded(base_domain):
            for line in demo_summary(base_domain).lines(port or None):
                click.echo(line)
        return
    summary = seed_demo(base_domain)
    db.session.commit()
    questions: list[str] = []
    if summary.created:
        app = current_app._get_current_object()
        seed_demo_content(app, summary.base_domain)
        questions = seed_demo_questions(app, summary.base_domain).lines(port or None)
        if seed_demo_ratings(summary.base_domain):
            questions.append("Ratings (Đánh giá): six months on the province and "
                             "xathongnhat; the chart is on each site's "
                             "/quan-tri/bao-cao, the figures at /api/v1/ratings.")
        reports = seed_demo_problems(app, summary.base_domain)
        if reports:
            questions.append(f"Problem reports: {reports} on the province and "
                             "xathongnhat, in every state (/quan-tri/bao-loi).")
        questions += seed_demo_consultations(app, summary.base_domain).lines(port or None)
        questions += seed_demo_console(app, summary.base_domain)
        questions += seed_demo_backup(app)  # last: it holds everything above
    for line in [*summary.lines(port or None), *questions]:
        click.echo(line)


@demo_cli.command("info")
@_BASE
@_PORT
def info_command(base_domain: str | None, port: int) -> None:
    """Print the demo's site addresses and logins."""
    summary = demo_summary(base_domain)
    if summary is None:
        click.echo("No demo province on this database; run `flask demo seed`.")
        return
    lines = summary.lines(port or None)
    for line in lines[1:]:  # the first line is about seeding
        click.echo(line)
