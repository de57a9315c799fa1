"""``flask users ...``: the province office manages staff accounts from the shell.

Every command runs inside an explicit ``unscoped()`` block (it acts across sites), goes
through the same services as the web pages, writes its audit entries (on the site of
the membership, or hub-level with no site) and commits once at the end. Bad input
prints a clear error, exits non-zero and writes nothing.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager

import click
from flask.cli import AppGroup
from flask_babel import gettext as _
from sqlalchemy import select

from hub.accounts import operations, second_factor
from hub.accounts.models import HubRole, Membership, SiteRole, User
from hub.accounts.operations import AccountError
from hub.extensions import db
from tenants.context import unscoped
from tenants.models import Tenant

users_cli = AppGroup("users", help="Staff accounts.")


def _actor_label() -> str:
    # Who ran the command, as far as the machine knows: the audit trail's "actor".
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # noqa: BLE001 - no login name (containers): still audited
        return "cli"


@contextmanager
def _command() -> Iterator[None]:
    """Unscoped, committed once on success, rolled back with a clear error otherwise."""
    with unscoped():
        try:
            yield
            db.session.commit()
        except AccountError as exc:
            db.session.rollback()
            raise click.ClickException(exc.message) from None
        except BaseException:
            db.session.rollback()
            raise


def _user(email: str) -> User:
    user = operations.find_user(email)
    if user is None:
        raise AccountError(_("No account uses the email %(email)s.", email=email))
    return user


def _tenant(slug: str) -> Tenant:
    tenant = db.session.scalar(select(Tenant).where(Tenant.slug == slug.strip().lower()))
    if tenant is None:
        raise AccountError(_("There is no site %(slug)s.", slug=slug))
    return tenant


def _membership(user: User, tenant: Tenant, role: SiteRole) -> Membership:
    membership = db.session.scalar(select(Membership).where(
        Membership.user_id == user.id, Membership.tenant_id == tenant.id,
        Membership.role == role))
    if membership is None:
        raise AccountError(_("%(email)s has no role %(role)s on %(slug)s.",
                             email=user.email, role=role.value, slug=tenant.slug))
    return membership


@users_cli.command("create")
@click.argument("email")
@click.option("--name", required=True, help="Display name, e.g. 'Nguyễn Văn A'.")
@click.option("--password", default=None,
              help="Initial password (asked for, hidden, when omitted; prefer that: "
                   "a password on the command line stays in the shell history).")
@click.option("--hub-role", type=click.Choice([role.value for role in HubRole]),
              default=None, help="A province-office role on every site.")
def create(email: str, name: str, password: str | None, hub_role: str | None) -> None:
    """Create a staff account."""
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with _command():
        user = operations.create_user(email, name, password,
                                      HubRole(hub_role) if hub_role else None,
                                      actor_label=_actor_label())
    click.echo(f"Created {user.email}" + (f" ({hub_role})" if hub_role else "") + ".")


@users_cli.command("grant")
@click.argument("email")
@click.argument("site_slug")
@click.argument("role", type=click.Choice([role.value for role in SiteRole]))
def grant(email: str, site_slug: str, role: str) -> None:
    """Give an account a role on a site."""
    with _command():
        user, tenant = _user(email), _tenant(site_slug)
        operations.grant_membership(user, SiteRole(role), tenant.id,
                                    actor_label=_actor_label())
    click.echo(f"{user.email} is now {role} on {tenant.slug}.")


@users_cli.command("revoke")
@click.argument("email")
@click.argument("site_slug")
@click.argument("role", type=click.Choice([role.value for role in SiteRole]))
def revoke(email: str, site_slug: str, role: str) -> None:
    """Take a role on a site away from an account (the audit trail stays)."""
    with _command():
        user, tenant = _user(email), _tenant(site_slug)
        # The office may remove a site's last administrator (e.g. when staff leave).
        operations.revoke_membership(_membership(user, tenant, SiteRole(role)),
                                     actor_label=_actor_label(), keep_an_admin=False)
    click.echo(f"{user.email} no longer has the role {role} on {tenant.slug}.")


@users_cli.command("disable")
@click.argument("email")
def disable(email: str) -> None:
    """Disable an account: it can no longer log in; its history is kept."""
    with _command():
        user = _user(email)
        operations.disable_user(user, actor_label=_actor_label())
    click.echo(f"Disabled {user.email}.")


@users_cli.command("reset-second-factor")
@click.argument("email")
def reset_second_factor(email: str) -> None:
    """Remove an account's lost second factor (its app and recovery codes) and end its
    sessions: it logs in with its password and sets up a new one."""
    with _command():
        user = _user(email)
        second_factor.reset(user, actor_label=_actor_label())
    click.echo(f"Reset the second factor of {user.email}; its sessions have ended.")


@users_cli.command("list")
def list_users() -> None:
    """List accounts with their hub role and their roles per site."""
    with unscoped():
        users = db.session.scalars(select(User).order_by(User.email)).all()
        roles: dict[int, list[str]] = {}
        for user_id, slug, role in db.session.execute(
                select(Membership.user_id, Tenant.slug, Membership.role)
                .join(Tenant, Tenant.id == Membership.tenant_id)
                .order_by(Tenant.slug, Membership.role)):
            roles.setdefault(user_id, []).append(f"{slug}:{role.value}")
        for user in users:
            flags = [user.hub_role.value] if user.hub_role else []
            if not user.is_enabled:
                flags.append("disabled")
            click.echo("\t".join([user.email, user.display_name, ",".join(flags) or "-",
                                  " ".join(roles.get(user.id, [])) or "-"]))
        db.session.rollback()  # read only
