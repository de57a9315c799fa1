"""Account services: logging in with lockout, password reset, memberships, accounts.

Each function changes state, writes its audit entry and only flushes; the request
lifecycle (or the CLI command) commits once. Rules live here, not in views.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import or_, select, update

from hub.accounts.models import HubRole, Membership, PasswordResetToken, SiteRole, User
from hub.accounts.passwords import hash_password, needs_rehash, verify_password
from hub.accounts.permissions import forget_roles, has_access
from hub.audit.operations import record
from hub.core.clock import aware, utcnow
from hub.core.mail import send_after_commit
from hub.extensions import db
from tenants.hosts import public_base_url, site_host

PASSWORD_MIN_LENGTH = 10


class AccountError(ValueError):
    """A request the rules refuse; ``message`` is translated and shown to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def normalise_email(raw: str | None) -> str:
    return (raw or "").strip().lower()


def find_user(email: str) -> User | None:
    email = normalise_email(email)
    if not email:
        return None
    return db.session.scalar(select(User).where(User.email == email))


# --- logging in -------------------------------------------------------------------

class LoginOutcome(enum.Enum):
    OK = "ok"
    SECOND_STEP = "second_step"  # the password is right; the second factor is asked next
    REFUSED = "refused"   # one generic message, whatever the reason
    LOCKED = "locked"


@dataclass(frozen=True)
class LoginResult:
    outcome: LoginOutcome
    user: User | None = None
    locked_until: datetime | None = None
    reason: str | None = None  # why it was refused, or how the second step was passed


def authenticate(email: str, password: str, tenant_id: int) -> LoginResult:
    """Check a login on one site's host, counting failures towards a lockout.

    Only accounts with a membership on the site or a hub role may log in there; all
    other refusals look the same to the visitor. Failures on a site the account cannot
    use do not count towards its lockout (they could never have succeeded there).
    """
    typed = normalise_email(email)[:254]
    user = find_user(typed)
    # One hash verification whatever happens, so timing does not reveal accounts.
    password_ok = verify_password(user.password_hash if user else None, password)
    if user is None or not has_access(user, tenant_id):
        reason = ("unknown_account" if user is None
                  else "disabled" if not user.is_enabled else "no_access")
        record("login.failed", actor_label=typed, obj=user, reason=reason)
        return LoginResult(LoginOutcome.REFUSED)

    until = locked_until(user)
    if until is not None:
        # Even the right password is refused until the lock ends.
        record("login.failed", actor_label=typed, obj=user, reason="locked")
        return LoginResult(LoginOutcome.LOCKED, user, until)

    if not password_ok:
        return count_failed_login(user, "wrong_password", actor_label=typed)

    if needs_rehash(user.password_hash or ""):
        user.password_hash = hash_password(password)
    if user.has_second_factor:
        # Not logged in yet, and the failures are not forgiven: a right password
        # followed by wrong codes still runs into the lock.
        record("login.password_accepted", actor=user, obj=user)
        return LoginResult(LoginOutcome.SECOND_STEP, user)
    return login_succeeded(user)


def count_failed_login(user: User, reason: str, *, actor_label: str | None = None,
                       action: str = "login.failed", **detail: object) -> LoginResult:
    """Count one failed attempt towards the account's lock, audited as ``action``, and
    lock the account at the limit: a wrong password, a wrong code at the login's second
    step, or a wrong password or code confirming a change on the account page."""
    actor_label = actor_label or user.email
    # Incremented in SQL: parallel guesses cannot slip past the limit.
    user.failed_logins = User.failed_logins + 1  # type: ignore[assignment]
    db.session.flush()
    failures = user.failed_logins
    record(action, actor_label=actor_label, obj=user, reason=reason, failures=failures,
           **detail)
    if failures >= current_app.config["LOGIN_MAX_FAILURES"]:
        user.locked_until = utcnow() + timedelta(
            minutes=current_app.config["LOGIN_LOCKOUT_MINUTES"])
        user.failed_logins = 0  # after the lock, a fresh series of attempts
        record("login.locked", actor_label=actor_label, obj=user, failures=failures,
               until=user.locked_until.isoformat())
        return LoginResult(LoginOutcome.LOCKED, user, user.locked_until, reason)
    return LoginResult(LoginOutcome.REFUSED, user, reason=reason)


def locked_until(user: User) -> datetime | None:
    """When the account's lock ends, if it is locked now."""
    until = aware(user.locked_until)
    return until if until is not None and until > utcnow() else None


def login_succeeded(user: User, **detail: object) -> LoginResult:
    """Every check passed: the failures are forgiven and the login is audited."""
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = utcnow()
    record("login.succeeded", actor=user, obj=user, **detail)
    return LoginResult(LoginOutcome.OK, user)


def end_sessions(user: User) -> None:
    """End every session of the account at once, on every site and in every browser:
    each session keeps the version it was opened with, and the user loader refuses an
    older one (``hub.accounts.sessions``). Counted in SQL, so two requests ending the
    sessions together both count."""
    user.session_version = User.session_version + 1  # type: ignore[assignment]
    db.session.flush()


def session_stamp(user: User) -> str:
    """A value kept in the session that changes with the password: a reset ends every
    other session of the account (so does a rehash after the Argon2 parameters change).
    Keyed, so the readable cookie reveals nothing."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    message = f"{user.id}:{user.password_hash or ''}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


# --- passwords --------------------------------------------------------------------

def password_problems(password: str, email: str) -> list[str]:
    """What is wrong with a new password (translated), empty when it is acceptable."""
    problems = []
    if len(password) < PASSWORD_MIN_LENGTH:
        problems.append(_("The password must be at least %(count)d characters long.",
                          count=PASSWORD_MIN_LENGTH))
    if normalise_email(password) == normalise_email(email):
        problems.append(_("The password must not be the same as your email address."))
    return problems


def set_password(user: User, password: str) -> None:
    problems = password_problems(password, user.email)
    if problems:
        raise AccountError(" ".join(problems))
    user.password_hash = hash_password(password)
    if user.id is not None:  # a new password ends the sessions opened with the old one
        end_sessions(user)


def check_password(user: User, password: str) -> bool:
    return verify_password(user.password_hash, password)


def change_password(user: User, new_password: str) -> None:
    """The account's own new password (its current one checked by the caller): every
    session of the account ends, the caller opens its own again."""
    set_password(user, new_password)
    record("password.changed", actor=user, obj=user)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _account_for_reset(email: str, tenant_id: int) -> User | None:
    """The enabled account of ``email`` that may use the site, in one statement whether
    or not there is one: ``has_access``'s rule (a hub role, or a membership here) asked
    in SQL, where ``has_access`` would skip its read for an unknown address."""
    member_here = select(Membership.id).where(Membership.user_id == User.id,
                                              Membership.tenant_id == tenant_id).exists()
    return db.session.scalar(select(User).where(
        User.email == email, User.is_enabled.is_(True),
        or_(User.hub_role.is_not(None), member_here)))


def reset_link(tenant_id: int, raw_token: str) -> str:
    """The reset page on the site's primary host: never the host or port a request
    named (``tenants.hosts.public_base_url``)."""
    host = site_host(tenant_id) or ""
    path = current_app.url_map.bind(host).build("accounts.reset_password",
                                                {"token": raw_token})
    return public_base_url(host) + path


def _reset_message(name: str, link: str, site_name: str) -> tuple[str, str]:
    # Composed here rather than in a template so that every sentence is a plain
    # gettext call the catalog extraction finds (plain text: nothing to escape).
    hours = current_app.config["PASSWORD_RESET_HOURS"]
    body = "\n\n".join([
        _("Hello %(name)s,", name=name),
        _("Someone, hopefully you, asked to reset the password of your account on "
          "%(site)s. To choose a new password, open this link within %(hours)d hours:",
          site=site_name, hours=hours),
        link,
        _("The link works once. If you did not ask for it, ignore this message: your "
          "password stays unchanged."),
    ]) + "\n"
    return _("Reset your password on %(site)s", site=site_name), body


def request_password_reset(email: str, tenant_id: int, site_name: str) -> bool:
    """Queue a reset mail for an account that may use this site; say whether one was.

    The caller answers the same either way, so the form does not reveal accounts; and
    the work is the same either way: one read, the token, the link and the message are
    made; the mail is queued, never sent while the visitor waits (``hub.core.mail``).
    What differs is two rows added to the commit both answers make (the token, the
    queued message): ``bench/reset_timing.py`` measures what that is worth.
    """
    typed = normalise_email(email)[:254]
    user = _account_for_reset(typed, tenant_id)
    raw = secrets.token_urlsafe(32)
    token_hash = hash_token(raw)
    subject, body = _reset_message(user.display_name if user else typed,
                                   reset_link(tenant_id, raw), site_name)
    if user is None:
        record("password.reset_requested", actor_label=typed, sent=False)
        return False
    hours = current_app.config["PASSWORD_RESET_HOURS"]
    db.session.add(PasswordResetToken(user_id=user.id, token_hash=token_hash,
                                      expires_at=utcnow() + timedelta(hours=hours)))
    record("password.reset_requested", actor_label=typed, obj=user, sent=True)
    # Sent once committed: the link must name a token that was saved.
    send_after_commit(db.session(), user.email, subject, body)
    return True


class TokenProblem(enum.Enum):
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"


def check_reset_token(raw: str, tenant_id: int) -> tuple[PasswordResetToken | None,
                                                          TokenProblem | None]:
    """The token row for a link, or why the link cannot be used on this site."""
    token = db.session.scalar(select(PasswordResetToken)
                              .where(PasswordResetToken.token_hash == hash_token(raw)))
    if token is None or not has_access(token.user, tenant_id):
        return None, TokenProblem.UNKNOWN
    if token.used_at is not None:
        return None, TokenProblem.USED
    if aware(token.expires_at) <= utcnow():  # type: ignore[operator]
        return None, TokenProblem.EXPIRED
    return token, None


def reset_password(token: PasswordResetToken, new_password: str) -> User:
    """Use a checked token: new password, lockout cleared, every open link spent."""
    user = token.user
    set_password(user, new_password)
    now = utcnow()
    # A conditional update keeps the link single-use even under two parallel requests.
    spent = db.session.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.id == token.id, PasswordResetToken.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)).rowcount
    if spent != 1:
        raise AccountError(_("This link has already been used."))
    db.session.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.user_id == user.id, PasswordResetToken.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False))
    db.session.expire(token)
    user.failed_logins = 0
    user.locked_until = None
    record("password.reset", actor=user, obj=user)
    return user


# --- memberships ------------------------------------------------------------------

def grant_membership(user: User, role: SiteRole, tenant_id: int, *,
                     by: User | None = None, actor_label: str | None = None) -> Membership:
    """Give ``user`` a role on the site ``tenant_id``."""
    if not user.is_enabled:
        raise AccountError(_("The account %(email)s is disabled.", email=user.email))
    if db.session.scalar(select(Membership.id).where(
            Membership.user_id == user.id, Membership.role == role,
            Membership.tenant_id == tenant_id)) is not None:
        raise AccountError(_("%(email)s already has this role on this site.",
                             email=user.email))
    membership = Membership(user_id=user.id, role=role, tenant_id=tenant_id)
    db.session.add(membership)
    db.session.flush()
    record("membership.granted", actor=by, actor_label=actor_label, obj=membership,
           tenant_id=membership.tenant_id, user_id=user.id, email=user.email,
           role=role.value)
    forget_roles()
    return membership


def revoke_membership(membership: Membership, *, by: User | None = None,
                      actor_label: str | None = None, keep_an_admin: bool = True) -> None:
    """Remove a membership; a site keeps at least one site_admin unless told otherwise."""
    if keep_an_admin and membership.role == SiteRole.SITE_ADMIN:
        # Locked rows (PostgreSQL): two admins removing each other cannot both succeed.
        admins = db.session.scalars(
            select(Membership.id).where(Membership.tenant_id == membership.tenant_id,
                                        Membership.role == SiteRole.SITE_ADMIN)
            .with_for_update()).all()
        if len(admins) <= 1:
            raise AccountError(_("A site must keep at least one site administrator. "
                                 "Add another administrator before removing this one."))
    user = membership.user
    record("membership.revoked", actor=by, actor_label=actor_label, obj=membership,
           tenant_id=membership.tenant_id, user_id=user.id, email=user.email,
           role=membership.role.value)
    db.session.delete(membership)
    # Sessions opened with the role end with it (on every site: one version per account).
    end_sessions(user)
    forget_roles()


# --- accounts (the CLI creates them for now) ----------------------------------------

def create_user(email: str, display_name: str, password: str | None = None,
                hub_role: HubRole | None = None, *, actor_label: str | None = None) -> User:
    try:
        email = validate_email(email.strip(), check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise AccountError(_("%(email)s is not a valid email address: %(reason)s",
                             email=email, reason=str(exc))) from None
    email = normalise_email(email)
    if find_user(email) is not None:
        raise AccountError(_("An account with the email %(email)s already exists.",
                             email=email))
    if not display_name.strip():
        raise AccountError(_("A name is required."))
    user = User(email=email, display_name=display_name.strip(), hub_role=hub_role,
                is_enabled=True, failed_logins=0)
    if password is not None:
        set_password(user, password)
    db.session.add(user)
    db.session.flush()
    record("user.created", actor_label=actor_label, obj=user, email=email,
           hub_role=hub_role.value if hub_role else None)
    return user


def disable_user(user: User, *, by: User | None = None,
                 actor_label: str | None = None) -> None:
    """Revoke an account's access. Nothing is deleted, so the audit trail stays whole.

    Nobody disables their own account (they would lock themselves out mid-action), and
    the province keeps at least one enabled hub administrator: without one, nobody could
    give accounts back or reach the console."""
    if not user.is_enabled:
        raise AccountError(_("The account %(email)s is already disabled.",
                             email=user.email))
    if by is not None and by.id == user.id:
        raise AccountError(_("You cannot disable your own account."))
    if user.hub_role == HubRole.HUB_ADMIN:
        # Locked rows (PostgreSQL): two admins disabling each other cannot both succeed.
        admins = db.session.scalars(
            select(User.id).where(User.hub_role == HubRole.HUB_ADMIN,
                                  User.is_enabled.is_(True)).with_for_update()).all()
        if len(admins) <= 1:
            raise AccountError(_("The province must keep at least one enabled "
                                 "office administrator. Enable or create another "
                                 "one before disabling this account."))
    user.is_enabled = False
    end_sessions(user)
    record("user.disabled", actor=by, actor_label=actor_label, obj=user, email=user.email)


def enable_user(user: User, *, by: User | None = None,
                actor_label: str | None = None) -> None:
    """Give a disabled account its access back (its memberships were kept)."""
    if user.is_enabled:
        raise AccountError(_("The account %(email)s is already enabled.", email=user.email))
    user.is_enabled = True
    user.failed_logins = 0
    user.locked_until = None
    record("user.enabled", actor=by, actor_label=actor_label, obj=user, email=user.email)
