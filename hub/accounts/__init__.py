"""Staff accounts: login on each site's host, roles, lockout, password reset, each
staff member's own account page and second factor."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_login import current_user


def init_app(app: Flask) -> None:
    from hub.accounts.account_page import keep_to_enrolment
    from hub.accounts.blueprint import bp
    from hub.accounts.office_accounts import on_province_host
    from hub.accounts.permissions import can
    from hub.accounts.sessions import load_user
    from hub.core.lifecycle import attach
    from hub.extensions import login_manager

    app.register_blueprint(bp)
    attach(app, "second_factor", keep_to_enrolment)
    login_manager.user_loader(load_user)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    # The message is lazy; flash it as text in the host's language (a lazy string
    # cannot be stored in the session).
    login_manager.localize_callback = str
    app.add_template_global(can)
    app.add_template_global(on_province_host)
    # ``may("content.approve")``: does the logged-in user hold it on this site?
    app.add_template_global(lambda permission: can(current_user, permission), "may")
