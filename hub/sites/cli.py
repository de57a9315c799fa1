"""``flask tenants ...``: the province office's site operations from the command line.

Each command is one transaction: it calls the services in ``hub.sites.operations`` or
``hub.sites.importer``, commits once at the end and says what it did. A refused operation
(unknown site, hostname collision, invalid label) rolls back, prints the reason and
exits with status 1, having written nothing.

Sites are named by slug (``sokhcn.langson``), by any of their hosts, or by their label
(``sokhcn``, the first label of a host) when only one site has it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import click
from flask.cli import AppGroup
from flask_babel import force_locale
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from hub.core.clock import site_timezone
from hub.extensions import db
from hub.sites import operations, suspensions
from hub.sites.importer import find_province, import_provinces, load_overrides
from hub.sites.operations import TenantOperationError
from tenants.context import unscoped
from tenants.models import Domain, Tenant, TenantKind, TenantStatus

tenants_cli = AppGroup("tenants", help="Sites of the hub: import, create, suspend, "
                                       "merge, rename, move, archive.")


class UnknownSite(LookupError):
    pass


@contextmanager
def _office_action() -> Iterator[None]:
    """Run the command's work unscoped; commit once, or roll back and exit 1.

    The services' refusals are translatable; the command line says them in English."""
    with force_locale("en"):
        try:
            with unscoped():
                yield
            db.session.commit()
        except (TenantOperationError, ValueError, LookupError) as error:
            db.session.rollback()
            raise click.ClickException(str(error)) from error


def _site(reference: str) -> Tenant:
    """A site by slug (``xabacson.langson``), any of its hosts, or its label: the first
    label of a host (``xabacson``). An ambiguous label is refused with the candidates."""
    reference = reference.strip().lower().rstrip(".")
    tenant = db.session.scalars(
        select(Tenant).outerjoin(Domain)
        .where(or_(Tenant.slug == reference, Domain.hostname == reference))).first()
    if tenant is not None:
        return tenant
    if reference and "." not in reference:
        candidates = db.session.scalars(
            select(Tenant).where(Tenant.id.in_(
                select(Domain.tenant_id).where(
                    Domain.hostname.startswith(reference + ".", autoescape=True))))
            .options(selectinload(Tenant.domains)).order_by(Tenant.slug)).all()
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            names = ", ".join(f"{t.slug} ({t.host or '-'})" for t in candidates)
            raise UnknownSite(f"the label {reference!r} names several sites: {names}; "
                              "give the slug or the host")
    raise UnknownSite(f"no site has the slug, host or label {reference!r} "
                      "(see `flask tenants list`)")


@tenants_cli.command("import-province")
@click.argument("name", required=False)
@click.option("--all", "import_all", is_flag=True, help="Import all 34 provinces.")
@click.option("--suffix", help="Domain the province hangs under (default: PORTAL_BASE_DOMAIN "
                               "minus its first label, e.g. localhost or gov.vn).")
@click.option("--without-unit-type", is_flag=True,
              help="Commune labels without 'xa'/'phuong' (songgiap, not xasonggiap); "
                   "stored as the province's choice.")
@click.option("--labels", "labels_file", type=click.Path(exists=True, dir_okay=False),
              help='JSON file {"<unit code>": "<label>"} resolving reported collisions.')
def import_province_command(name: str | None, import_all: bool, suffix: str | None,
                            without_unit_type: bool, labels_file: str | None) -> None:
    """Create a province's site and one site per commune/ward (2025 layout)."""
    if bool(name) == import_all:
        raise click.UsageError("give a province NAME or --all")
    include = False if without_unit_type else None
    with _office_action():
        overrides = load_overrides(labels_file) if labels_file else None
        provinces = None if import_all else [find_province(name or "")]
        report = import_provinces(provinces, suffix=suffix, include_unit_type=include,
                                  overrides=overrides)
    for line in report.lines():
        click.echo(line)


@tenants_cli.command("create")
@click.argument("name")
@click.option("--kind", type=click.Choice([k.value for k in TenantKind]), required=True)
@click.option("--parent", help="Slug or host of the parent site.")
@click.option("--label", help="Domain label (default: from the name, per Article 4).")
@click.option("--slug", help="Stable identifier (default: <label>.<parent slug>).")
@click.option("--host", help="Full hostname, instead of <label>.<parent host>.")
def create_command(name: str, kind: str, parent: str | None, label: str | None,
                   slug: str | None, host: str | None) -> None:
    """Create a site with its primary host."""
    with _office_action():
        tenant = operations.create_tenant(name, kind, parent=_site(parent) if parent else None,
                                         label=label, slug=slug, host=host)
        message = f"Created {tenant.kind.value} {operations.describe(tenant)} at {tenant.host}"
    click.echo(message)


@tenants_cli.command("add-domain")
@click.argument("site")
@click.argument("hostname")
@click.option("--locale", default="vi", show_default=True)
@click.option("--primary", is_flag=True, help="Make it the site's address in that locale.")
def add_domain_command(site: str, hostname: str, locale: str, primary: bool) -> None:
    """Give a site another host (e.g. english.langson.gov.vn --locale en --primary)."""
    with _office_action():
        tenant = _site(site)
        domain = operations.add_domain(tenant, hostname, locale=locale, primary=primary)
        message = f"{domain.hostname} ({locale}) now serves {operations.describe(tenant)}"
    click.echo(message)


@tenants_cli.command("list")
@click.option("--under", help="Only this site and its sub-sites (slug or host).")
@click.option("--kind", type=click.Choice([k.value for k in TenantKind]))
@click.option("--status", type=click.Choice([s.value for s in TenantStatus]))
def list_command(under: str | None, kind: str | None, status: str | None) -> None:
    """List sites as a tree: slug, kind, status, primary host (and the other hosts).

    Any slug, host or label shown here names the site in the other commands."""
    with _office_action():
        query = select(Tenant).order_by(Tenant.path)
        if under:
            query = query.where(Tenant.path.startswith(_site(under).path))
        if kind:
            query = query.where(Tenant.kind == TenantKind(kind))
        if status:
            query = query.where(Tenant.status == TenantStatus(status))
        query = query.options(selectinload(Tenant.domains))
        rows = [(len(t.ancestor_ids) - 1, t.slug, t.kind.value, t.status.value,
                 t.host or "-", t.name,
                 [d.hostname for d in t.domains if d.hostname != t.host])
                for t in db.session.scalars(query)]
    click.echo(f"{'SLUG':<40} {'KIND':<10} {'STATUS':<9} HOST  NAME")
    for depth, slug, kind_value, status_value, host, name, others in rows:
        click.echo(f"{'  ' * depth}{slug:<40} {kind_value:<10} {status_value:<9} "
                   f"{host}  {name}")
        if others:
            click.echo(f"{'  ' * depth}  also: {', '.join(others)}")
    click.echo(f"{len(rows)} sites")


@tenants_cli.command("suspend")
@click.argument("site")
@click.option("--reason", help="Why (required): recorded, and shown on the 503 page.")
@click.option("--until", "until", type=click.DateTime(["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]),
              help="Expected restoration, Viet Nam time (shown, and sent as Retry-After).")
def suspend_command(site: str, reason: str | None, until: datetime | None) -> None:
    """Take a site offline now (503 with the province office's contact)."""
    with _office_action():
        tenant = _site(site)
        suspensions.suspend_now(tenant, reason or "", restores_at=_local(until))
        message = f"Suspended {operations.describe(tenant)}: {tenant.host} answers 503"
    click.echo(message)


@tenants_cli.command("announce-suspension")
@click.argument("site")
@click.option("--from", "starts", required=True,
              type=click.DateTime(["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]),
              help="Start, Viet Nam time: at least 7 working days from now.")
@click.option("--until", "until", required=True,
              type=click.DateTime(["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]),
              help="Expected restoration, Viet Nam time.")
@click.option("--reason", default="", help="Shown in the announcement.")
def announce_command(site: str, starts: datetime, until: datetime, reason: str) -> None:
    """Announce a planned suspension (Decree 224/2026); the site shows it from now on."""
    with _office_action():
        tenant = _site(site)
        suspensions.announce(tenant, _local(starts), _local(until), reason)  # type: ignore[arg-type]
        message = f"Announced the suspension of {operations.describe(tenant)}"
    click.echo(message)


@tenants_cli.command("resume")
@click.argument("site")
def resume_command(site: str) -> None:
    """Put a suspended site back online (an immediate or a planned suspension)."""
    with _office_action():
        tenant = suspensions.resume(_site(site))
        message = f"Resumed {operations.describe(tenant)} at {tenant.host}"
    click.echo(message)


def _local(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=site_timezone()) if moment is not None else None


@tenants_cli.command("merge")
@click.argument("site")
@click.option("--into", "into", required=True, help="Slug or host of the successor.")
def merge_command(site: str, into: str) -> None:
    """Merge a site into its successor; its hosts redirect there (301)."""
    with _office_action():
        tenant, successor = _site(site), _site(into)
        operations.merge(tenant, successor)
        message = (f"Merged {operations.describe(tenant)} into "
                   f"{operations.describe(successor)}: "
                   f"{', '.join(d.hostname for d in tenant.domains)} -> {successor.host}")
    click.echo(message)


@tenants_cli.command("rename")
@click.argument("site")
@click.option("--name", "new_name", required=True, help="The new official name.")
@click.option("--label", help="New domain label (default: from the new name).")
def rename_command(site: str, new_name: str, label: str | None) -> None:
    """Rename a site; a new host, the old one redirecting to it."""
    with _office_action():
        tenant = _site(site)
        old_host = tenant.host
        operations.rename(tenant, new_name, new_label=label)
        message = f"Renamed {operations.describe(tenant)}"
        if tenant.host != old_host:
            message += f": {old_host} now redirects to {tenant.host}"
    click.echo(message)


@tenants_cli.command("move")
@click.argument("site")
@click.option("--parent", required=True, help="Slug or host of the new parent site.")
@click.option("--label", help="New domain label (default: keep the current one).")
def move_command(site: str, parent: str, label: str | None) -> None:
    """Re-parent a site (and its sub-sites); old hosts redirect to the new ones."""
    with _office_action():
        tenant = _site(site)
        old_host = tenant.host
        operations.move(tenant, _site(parent), new_label=label)
        message = (f"Moved {operations.describe(tenant)} under {tenant.parent.slug}: "  # type: ignore[union-attr]
                   f"{old_host} now redirects to {tenant.host}")
    click.echo(message)


@tenants_cli.command("archive")
@click.argument("site")
@click.option("--reason", help="Recorded in the audit log.")
def archive_command(site: str, reason: str | None) -> None:
    """Close a site for good (its hosts answer 410)."""
    with _office_action():
        tenant = operations.archive(_site(site), reason=reason)
        message = f"Archived {operations.describe(tenant)}"
    click.echo(message)

