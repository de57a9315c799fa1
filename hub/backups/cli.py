"""``flask backup create | list | verify | restore | prune``."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from hub.backups import archive, operations, restoring
from hub.extensions import db

backup_cli = click.Group("backup", help="Back up, verify and restore the portal.")
ACTOR = "flask backup"


def _human(size: int) -> str:
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


@backup_cli.command("create")
@click.option("--verify/--no-verify", default=True, show_default=True,
              help="Restore the new backup into a scratch database and compare.")
@with_appcontext
def create(verify: bool) -> None:
    """Back up the database and the uploaded files."""
    run, backup = operations.create_backup(actor_label=ACTOR)
    db.session.commit()
    if backup is None:
        raise click.ClickException(f"backup failed: {run.reason}")
    click.echo(f"Created {backup.path} ({_human(backup.size)}).")
    if verify:
        checked = operations.verify_backup(backup, actor_label=ACTOR)
        db.session.commit()
        if checked.reason:
            raise click.ClickException(f"verification failed: {checked.reason}")
        click.echo(f"Verified {backup.name}.")


@backup_cli.command("list")
@with_appcontext
def list_() -> None:
    """The backups, newest first."""
    settings = operations.settings()
    verified = operations.verified_names()
    every = archive.backups(settings.root)
    if not every:
        click.echo(f"No backup under {settings.root}.")
    for backup in every:
        manifest = backup.manifest
        click.echo(f"{backup.name}  {_human(backup.size):>10}  {manifest['backend']:<10}  "
                   f"rev {manifest.get('schema_revision') or '-':<12}  "
                   f"{sum(manifest['tables'].values())} rows  "
                   f"{len(manifest['files'])} files  "
                   + ("verified" if backup.name in verified else "not verified"))


@backup_cli.command("verify")
@click.argument("name", required=False)
@with_appcontext
def verify(name: str | None) -> None:
    """Check a backup (default: the newest): checksums, then a restore into a scratch
    database and folder compared with its manifest."""
    backup = _find(name)
    run = operations.verify_backup(backup, actor_label=ACTOR)
    db.session.commit()
    if run.reason:
        raise click.ClickException(run.reason)
    click.echo(f"{backup.name} is intact: {sum(backup.manifest['tables'].values())} rows, "
               f"{len(backup.manifest['files'])} files match its manifest.")


@backup_cli.command("restore")
@click.argument("name", required=False)
@click.option("--yes", is_flag=True, help="Do not ask before overwriting.")
@with_appcontext
def restore(name: str | None, yes: bool) -> None:
    """Replace the database and the uploaded files with a backup (default: the newest)."""
    settings = operations.settings()
    backup = _find(name)
    try:
        archive.check_parts(backup)
        behind = _schema_behind(backup)
    except archive.BackupError as error:
        raise click.ClickException(f"refused: {error}") from error
    if not yes:
        click.confirm(f"This replaces the database and every uploaded file with backup "
                      f"{backup.name} ({backup.manifest['created_at']}). Continue?",
                      abort=True)
    db.session.remove()
    db.engine.dispose()  # no connection of ours holds a table pg_restore drops
    try:
        restoring.restore(settings, backup)
    except archive.BackupError as error:
        raise click.ClickException(str(error)) from error
    db.engine.dispose()
    operations.audit("backup.restore", actor_label=ACTOR, backup=backup.name)
    db.session.commit()
    click.echo(f"Restored {backup.name} into {settings.url.render_as_string()} "
               f"and {settings.storage.describe()}.")
    if behind:
        click.echo(f"Its schema is {behind}, older than this code's: run `flask db upgrade` "
                   "before serving.")


@backup_cli.command("prune")
@click.option("--keep", type=int, default=None,
              help="How many to keep (default: PORTAL_BACKUP_KEEP).")
@with_appcontext
def prune(keep: int | None) -> None:
    """Delete all but the newest backups."""
    keep = keep if keep is not None else int(current_app.config["BACKUP_KEEP"])
    removed = archive.prune(operations.settings().root, keep)
    if removed:
        operations.audit("backup.prune", actor_label=ACTOR, removed=removed)
        db.session.commit()
    click.echo(f"Removed {len(removed)} backup(s); kept the newest {max(keep, 1)}.")


def _schema_behind(backup: archive.Backup) -> str | None:
    """The backup's schema revision when it is older than the code's (the restore is
    followed by ``flask db upgrade``); a revision the code does not know — a backup of
    a newer version — is refused before anything is touched."""
    revision = backup.manifest.get("schema_revision")
    if not revision:
        return None
    script = operations.migration_script()
    known = {found.revision for found in script.walk_revisions()}
    if revision not in known:
        raise archive.BackupError(
            f"{backup.name} has schema revision {revision}, which this version of the "
            "portal does not know (a backup of a newer version): install that version "
            "first")
    return None if revision in script.get_heads() else revision


def _find(name: str | None) -> archive.Backup:
    try:
        return archive.find(operations.settings(), name)
    except archive.BackupError as error:
        raise click.ClickException(str(error)) from error
