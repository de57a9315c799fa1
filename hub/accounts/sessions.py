"""Logged-in sessions, each bound to the site (tenant) it was opened on.

Cookies are host-only already (config), so a browser never sends one site's session to
another host. As defence in depth the session also records the tenant it was opened
for and a stamp of the password; the user loader refuses a session presented on
another tenant's host, after a password change, for a disabled account, or once the
account has lost every membership on the site.
"""

from __future__ import annotations

import hmac

from flask import session
from flask_login import login_user, logout_user

from hub.accounts.models import User
from hub.accounts.operations import session_stamp
from hub.accounts.permissions import has_access
from hub.extensions import db
from tenants.context import current_site

SESSION_TENANT = "tenant_id"
SESSION_STAMP = "auth_stamp"


def start_session(user: User, tenant_id: int) -> None:
    session.clear()  # a fresh session: nothing planted before the login survives it
    login_user(user)
    session[SESSION_TENANT] = tenant_id
    session[SESSION_STAMP] = session_stamp(user)


def end_session() -> None:
    logout_user()
    session.clear()


def load_user(user_id: str) -> User | None:
    """Flask-Login's user loader: the session's user, if it is valid on this host."""
    site = current_site()
    if site is None or session.get(SESSION_TENANT) != site.tenant_id:
        return None
    try:
        user = db.session.get(User, int(user_id))
    except (TypeError, ValueError):
        return None
    if user is None or not user.is_enabled:
        return None
    if not hmac.compare_digest(str(session.get(SESSION_STAMP, "")), session_stamp(user)):
        return None
    if not has_access(user, site.tenant_id):
        return None
    return user
