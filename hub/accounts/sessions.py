"""Logged-in sessions, each bound to the site (tenant) it was opened on, and ended on
the server.

Cookies are host-only already (config), so a browser never sends one site's session to
another host. As defence in depth the session also records the tenant it was opened
for and a stamp of the password; the user loader refuses a session presented on
another tenant's host, after a password change, for a disabled account, or once the
account has lost every membership on the site.

A session is a signed cookie the server keeps no copy of, so ending one is done by
refusing it: each keeps the account's session version at login, and logging out, a new
password, disabling the account or revoking a membership raise that version
(``operations.end_sessions``), which ends every copy of every session of the account at
once. The session also keeps when it started and when it was last used; the loader
refuses it after ``SESSION_IDLE_MINUTES`` idle or ``SESSION_MAX_HOURS`` in all,
whatever the cookie's own expiry says.

An account with a second factor is not logged in by its password: the session then
holds only a marker of the login half-way (``start_second_step``) — the account, its
session version and a few minutes' validity, on this site — until the login's second
step (``hub.accounts.controllers.second_step``) opens the session itself.
"""

from __future__ import annotations

import hmac

from flask import current_app, session
from flask_login import login_user, logout_user

from hub.accounts.models import User
from hub.accounts.operations import end_sessions, session_stamp
from hub.accounts.permissions import has_access
from hub.core.clock import utcnow
from hub.extensions import db
from tenants.context import current_site

SESSION_TENANT = "tenant_id"
SESSION_STAMP = "auth_stamp"
SESSION_VERSION = "session_version"
SESSION_STARTED = "started_at"  # seconds since the epoch, UTC
SESSION_SEEN = "seen_at"
SESSION_SECOND_STEP = "second_step"

# How long the login's second step waits for its code after the password.
SECOND_STEP_SECONDS = 300

# The last use is written back at most this often (seconds): a staff page does not
# re-sign its cookie on every request for a precision the idle timeout does not need.
SEEN_RESOLUTION = 60


def _now() -> int:
    return int(utcnow().timestamp())


def start_session(user: User, tenant_id: int) -> None:
    session.clear()  # a fresh session: nothing planted before the login survives it
    login_user(user)
    now = _now()
    session[SESSION_TENANT] = tenant_id
    session[SESSION_STAMP] = session_stamp(user)
    session[SESSION_VERSION] = user.session_version
    session[SESSION_STARTED] = now
    session[SESSION_SEEN] = now


def start_second_step(user: User, tenant_id: int, next_path: str | None) -> None:
    """The password was right and the account has a second factor: not logged in yet."""
    session.clear()
    session[SESSION_SECOND_STEP] = {
        "user_id": user.id, "tenant_id": tenant_id, "version": user.session_version,
        "until": _now() + SECOND_STEP_SECONDS, "next": next_path or ""}


def second_step_user() -> User | None:
    """The account half-way through logging in on this host, while its marker holds:
    on the site it was made for, in time, the account still enabled with access here,
    its sessions not ended since (a reset, a new password) and its factor still on."""
    marker = session.get(SESSION_SECOND_STEP)
    site = current_site()
    if not isinstance(marker, dict) or site is None \
            or marker.get("tenant_id") != site.tenant_id:
        return None
    until, user_id = marker.get("until"), marker.get("user_id")
    if not isinstance(until, int) or _now() >= until or not isinstance(user_id, int):
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.is_enabled or not user.has_second_factor \
            or marker.get("version") != user.session_version \
            or not has_access(user, site.tenant_id):
        return None
    return user


def second_step_next() -> str:
    marker = session.get(SESSION_SECOND_STEP)
    return str(marker.get("next") or "") if isinstance(marker, dict) else ""


def end_second_step() -> None:
    session.pop(SESSION_SECOND_STEP, None)


def end_session(user: User | None) -> None:
    """Log out: this session and every other one of the account end."""
    if user is not None:
        end_sessions(user)
    logout_user()
    session.clear()


def _within_time() -> bool:
    started, seen = session.get(SESSION_STARTED), session.get(SESSION_SEEN)
    if not isinstance(started, int) or not isinstance(seen, int):
        return False
    config, now = current_app.config, _now()
    if now - started >= config["SESSION_MAX_HOURS"] * 3600:
        return False
    if now - seen >= config["SESSION_IDLE_MINUTES"] * 60:
        return False
    if now - seen >= SEEN_RESOLUTION:
        session[SESSION_SEEN] = now
    return True


def _valid_user(user_id: str) -> User | None:
    site = current_site()
    if site is None or session.get(SESSION_TENANT) != site.tenant_id:
        return None
    if not _within_time():
        return None
    try:
        user = db.session.get(User, int(user_id))
    except (TypeError, ValueError):
        return None
    if user is None or not user.is_enabled:
        return None
    if session.get(SESSION_VERSION) != user.session_version:
        return None
    if not hmac.compare_digest(str(session.get(SESSION_STAMP, "")), session_stamp(user)):
        return None
    if not has_access(user, site.tenant_id):
        return None
    return user


def load_user(user_id: str) -> User | None:
    """Flask-Login's user loader: the session's user, if it is valid on this host.

    A session refused is emptied, so its cookie is dropped rather than checked again on
    every request."""
    user = _valid_user(user_id)
    if user is None:
        session.clear()
    return user
