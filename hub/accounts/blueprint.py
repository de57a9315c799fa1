"""URL rules of the accounts pages. Paths are Vietnamese, like the rest of the portal."""

from __future__ import annotations

from flask import Blueprint

from hub.accounts import controllers
from hub.core.ratelimit import rate_limited

bp = Blueprint("accounts", __name__)

# Per client address and site, on top of the per-account lockout: guessing across many
# accounts, or flooding someone's mailbox with reset links, is slowed down too.
login_limit = rate_limited("login", limit=30, per_seconds=300)
reset_limit = rate_limited("password_reset", limit=5, per_seconds=900)

bp.add_url_rule("/dang-nhap", "login", login_limit(controllers.login), methods=("GET", "POST"))
bp.add_url_rule("/dang-xuat", "logout", controllers.logout, methods=("POST",))
bp.add_url_rule("/dang-nhap/quen-mat-khau", "forgot_password",
                reset_limit(controllers.forgot_password), methods=("GET", "POST"))
bp.add_url_rule("/dang-nhap/dat-lai/<token>", "reset_password",
                login_limit(controllers.reset_password), methods=("GET", "POST"))

bp.add_url_rule("/quan-tri/thanh-vien", "members", controllers.members)
bp.add_url_rule("/quan-tri/thanh-vien/them", "add_member", controllers.add_member,
                methods=("POST",))
bp.add_url_rule("/quan-tri/thanh-vien/<int:membership_id>/xoa", "remove_member",
                controllers.remove_member, methods=("POST",))
