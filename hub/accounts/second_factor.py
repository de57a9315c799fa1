"""The second factor of staff accounts: an authenticator app (TOTP) and its recovery
codes. Enrolling and confirming it, checking a code at the login's second step or to
confirm a change, new recovery codes, turning it off, and the office's reset.

Like every service here these only flush and write their audit entries; the request
(or the CLI command) commits. How secrets and codes are made, kept and compared is
``hub.accounts.totp``. Whether an account must have one is ``is_required``: with
``SECOND_FACTOR_REQUIRED`` on, every account with a hub role (the province office) and
every site administrator of the site at hand; for everyone else it is a choice.
"""

from __future__ import annotations

import enum

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, or_, select, update

from hub.accounts import totp
from hub.accounts.models import RecoveryCode, SecondFactor, SiteRole, User
from hub.accounts.operations import (
    AccountError,
    LoginOutcome,
    LoginResult,
    check_password,
    count_failed_login,
    end_sessions,
    locked_until,
    login_succeeded,
)
from hub.accounts.permissions import roles_on
from hub.audit.operations import record
from hub.core.clock import utcnow
from hub.extensions import db

SECOND_STEP = "second_factor"  # the audit's name for the login's second step


def is_required(user: User, tenant_id: int | None) -> bool:
    """Must this account have a second factor to work on this site?"""
    if not current_app.config["SECOND_FACTOR_REQUIRED"]:
        return False
    return user.hub_role is not None or SiteRole.SITE_ADMIN in roles_on(user, tenant_id)


def must_enrol(user: User, tenant_id: int | None) -> bool:
    """Required here and not switched on yet: the staff area shows only enrolment."""
    return is_required(user, tenant_id) and not user.has_second_factor


# --- enrolling --------------------------------------------------------------------

def enrolment_secret(user: User) -> str:
    """The secret being enrolled. Made once and kept (encrypted) until it is confirmed,
    so the page shows the same QR code however often it is opened."""
    factor = user.second_factor
    if factor is not None and factor.confirmed_at is not None:
        raise AccountError(_already_on())
    secret = totp.decrypt_secret(factor.secret_encrypted) if factor is not None else None
    if secret is None:
        secret = totp.new_secret()
        if factor is None:
            factor = SecondFactor(user_id=user.id, secret_encrypted="")
            db.session.add(factor)
            user.second_factor = factor
        factor.secret_encrypted = totp.encrypt_secret(secret)
        db.session.flush()
    return secret


def confirm_enrolment(user: User, code: str) -> list[str] | None:
    """Switch the factor on with a current code of the app; the new recovery codes, to
    show once, or None when the code is not right.

    Every other session of the account ends (they were opened with the password alone);
    the caller opens its own again."""
    factor = user.second_factor
    if factor is None:
        return None
    if factor.confirmed_at is not None:
        raise AccountError(_already_on())
    secret = totp.decrypt_secret(factor.secret_encrypted)
    step = totp.matching_step(secret, totp.normalise_code(code), utcnow()) if secret else None
    if step is None:
        return None
    # Conditional: of two confirmations sent together, one switches it on.
    switched = db.session.execute(
        update(SecondFactor)
        .where(SecondFactor.user_id == user.id, SecondFactor.confirmed_at.is_(None))
        .values(confirmed_at=utcnow(), last_step=step)
        .execution_options(synchronize_session=False)).rowcount
    db.session.expire(factor)
    if switched != 1:
        raise AccountError(_already_on())
    codes = _new_recovery_codes(user)
    end_sessions(user)
    record("second_factor.enabled", actor=user, obj=user)
    return codes


def _already_on() -> str:
    return _("The second factor is already on for this account.")


# --- checking a code --------------------------------------------------------------

class CodeCheck(enum.Enum):
    TOTP = "totp"                     # a current code of the app, now spent
    RECOVERY_CODE = "recovery_code"   # one of the recovery codes, now spent
    WRONG = "wrong_code"
    REPLAYED = "replayed_code"        # the app's code of a step already used


def spend_code(user: User, raw: str) -> CodeCheck:
    """Check a code of the app or a recovery code, and spend it if it is right.

    A code of the app is accepted for the step before, at or after the server's clock,
    and only for a step later than the last one accepted; a recovery code once. Both
    are conditional UPDATEs, so two requests sending the same code cannot both pass."""
    factor = user.second_factor
    if factor is None or factor.confirmed_at is None:
        return CodeCheck.WRONG
    code = totp.normalise_code(raw)
    if totp.is_totp_code(code):
        secret = totp.decrypt_secret(factor.secret_encrypted)
        step = totp.matching_step(secret, code, utcnow()) if secret else None
        if step is None:
            return CodeCheck.WRONG
        taken = db.session.execute(
            update(SecondFactor)
            .where(SecondFactor.user_id == user.id,
                   or_(SecondFactor.last_step.is_(None), SecondFactor.last_step < step))
            .values(last_step=step)
            .execution_options(synchronize_session=False)).rowcount
        db.session.expire(factor, ["last_step"])
        return CodeCheck.TOTP if taken == 1 else CodeCheck.REPLAYED
    if totp.is_recovery_code(code):
        spent = db.session.execute(
            update(RecoveryCode)
            .where(RecoveryCode.user_id == user.id,
                   RecoveryCode.code_hash == totp.recovery_code_hash(user.id, code),
                   RecoveryCode.used_at.is_(None))
            .values(used_at=utcnow())
            .execution_options(synchronize_session=False)).rowcount
        return CodeCheck.RECOVERY_CODE if spent == 1 else CodeCheck.WRONG
    return CodeCheck.WRONG


def second_step(user: User, code: str) -> LoginResult:
    """The login's second step: a code of the app or a recovery code. A wrong one counts
    towards the same lock as a wrong password; a locked account is refused whatever
    the code."""
    until = locked_until(user)
    if until is not None:
        record("login.failed", actor_label=user.email, obj=user, reason="locked",
               step=SECOND_STEP)
        return LoginResult(LoginOutcome.LOCKED, user, until)
    check = spend_code(user, code)
    if check in (CodeCheck.WRONG, CodeCheck.REPLAYED):
        return count_failed_login(user, check.value, step=SECOND_STEP)
    if check is CodeCheck.RECOVERY_CODE:
        login_succeeded(user, second_factor=check.value,
                        recovery_codes_left=recovery_codes_left(user))
    else:
        login_succeeded(user, second_factor=check.value)
    return LoginResult(LoginOutcome.OK, user, reason=check.value)


def confirm_identity(user: User, password: str, code: str | None, *,
                     purpose: str) -> str | None:
    """Before a change on the account page: the current password and, for a change to
    the factor itself, a current code (or a recovery code). None when they are right;
    otherwise what was not: ``"password"``, ``"code"``, ``"replayed"`` or ``"locked"``.
    A wrong one counts towards the account's lock like a failed login (someone holding
    a session could otherwise guess the password here), audited as
    ``account.confirmation_failed``."""
    if locked_until(user) is not None:
        return "locked"
    if not check_password(user, password):
        reason, problem = "wrong_password", "password"
    else:
        check = spend_code(user, code) if code is not None else None
        if check not in (CodeCheck.WRONG, CodeCheck.REPLAYED):
            return None
        reason = check.value  # type: ignore[union-attr]
        problem = "replayed" if check is CodeCheck.REPLAYED else "code"
    outcome = count_failed_login(user, reason, action="account.confirmation_failed",
                                 purpose=purpose)
    return "locked" if outcome.outcome is LoginOutcome.LOCKED else problem


# --- recovery codes, off, reset ---------------------------------------------------

def recovery_codes_left(user: User) -> int:
    return db.session.scalar(select(func.count(RecoveryCode.id)).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))) or 0


def _new_recovery_codes(user: User) -> list[str]:
    """New recovery codes in place of every earlier one; returned to be shown once."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = totp.new_recovery_codes()
    db.session.add_all(RecoveryCode(user_id=user.id,
                                    code_hash=totp.recovery_code_hash(user.id, code))
                       for code in codes)
    db.session.flush()
    return codes


def regenerate_recovery_codes(user: User) -> list[str]:
    """New recovery codes (the identity confirmed by the caller); the old ones stop
    working."""
    if not user.has_second_factor:
        raise AccountError(_not_on(user))
    codes = _new_recovery_codes(user)
    record("second_factor.recovery_codes_regenerated", actor=user, obj=user)
    return codes


def _remove(user: User) -> None:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    if user.second_factor is not None:
        db.session.delete(user.second_factor)
        db.session.flush()
    db.session.expire(user, ["second_factor"])


def turn_off(user: User) -> None:
    """The account's own choice (the identity confirmed by the caller)."""
    if not user.has_second_factor:
        raise AccountError(_not_on(user))
    _remove(user)
    record("second_factor.disabled", actor=user, obj=user)


def reset(user: User, *, by: User | None = None, actor_label: str | None = None) -> None:
    """The province office removes a lost factor (a lost phone and lost recovery codes):
    the account logs in with its password alone and enrols again, every session of it
    ends."""
    if user.second_factor is None:
        raise AccountError(_not_on(user))
    was_on = user.has_second_factor
    _remove(user)
    end_sessions(user)
    record("second_factor.reset", actor=by, actor_label=actor_label, obj=user,
           email=user.email, was_on=was_on)


def _not_on(user: User) -> str:
    return _("The account %(email)s has no second factor.", email=user.email)
