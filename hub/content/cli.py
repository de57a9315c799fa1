"""``flask content ...``: content work from the shell, for the province office.

``flask content import-procedures SITE_SLUG FILE --by EMAIL`` imports the procedures
exported by the National Public Service Portal into one site, through the same
service as the staff screen (all rows or none). The account given with ``--by`` is
recorded as the author of the revisions and must hold ``procedures.import`` on the
site (a member of it, or the province office); the command runs inside that site's
tenant scope, commits once on success and writes nothing on any error.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from hub.accounts.models import User
from hub.accounts.permissions import can
from hub.content.procedure_import import MAX_IMPORT_BYTES, ImportRejected, import_procedures
from hub.extensions import db
from hub.workflow.errors import NotAllowed
from tenants.context import tenant_scope, unscoped
from tenants.models import Tenant

content_cli = AppGroup("content", help="Content of the sites.")


@content_cli.command("import-procedures")
@click.argument("site_slug")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--by", "by_email", required=True, metavar="EMAIL",
              help="Account recorded as the author; it needs procedures.import on the site.")
def import_procedures_command(site_slug: str, file: Path, by_email: str) -> None:
    """Import procedures (JSON or CSV from the national portal) into SITE_SLUG."""
    with unscoped():
        tenant = db.session.scalar(select(Tenant).where(Tenant.slug == site_slug))
        user = db.session.scalar(select(User).where(User.email == by_email.strip().lower()))
    if tenant is None:
        raise click.ClickException(f"No site has the slug {site_slug!r}.")
    if user is None or not user.is_enabled:
        raise click.ClickException(f"No enabled account uses the email {by_email!r}.")
    if file.stat().st_size > MAX_IMPORT_BYTES:
        raise click.ClickException(
            f"The file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB.")
    raw = file.read_bytes()
    with tenant_scope(tenant.id):
        if not can(user, "procedures.import"):
            raise click.ClickException(
                f"{user.email} may not import procedures on {tenant.slug}.")
        try:
            result = import_procedures(raw, file.name, user)
            db.session.commit()
        except ImportRejected as exc:
            db.session.rollback()
            for problem in exc.problems:
                click.echo(problem.message, err=True)
            raise click.ClickException("Nothing was imported.") from None
        except NotAllowed as exc:
            db.session.rollback()
            raise click.ClickException(exc.reason) from None
        except BaseException:
            db.session.rollback()
            raise
    click.echo(f"{tenant.slug}: {len(result.created)} created, {len(result.updated)} "
               f"updated, {len(result.unchanged)} unchanged.")
