"""URL rules of the accounts pages. Paths are Vietnamese, like the rest of the portal."""

from __future__ import annotations

from flask import Blueprint

from hub.accounts import account_page, audit_log_pages, controllers, office_accounts_pages
from hub.core.ratelimit import rate_limited

bp = Blueprint("accounts", __name__)

# Per client address and site, on top of the per-account lockout: guessing across many
# accounts, or flooding someone's mailbox with reset links, is slowed down too.
login_limit = rate_limited("login", limit=30, per_seconds=300)
reset_limit = rate_limited("password_reset", limit=5, per_seconds=900)

bp.add_url_rule("/dang-nhap", "login", login_limit(controllers.login), methods=("GET", "POST"))
bp.add_url_rule("/dang-nhap/ma-xac-thuc", "second_step", login_limit(controllers.second_step),
                methods=("GET", "POST"))
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

# One's own account. Each form that checks a password or a code counts against the
# login limit too: a session in the wrong hands must not guess faster here.
bp.add_url_rule("/quan-tri/tai-khoan", "account", account_page.account)
bp.add_url_rule("/quan-tri/tai-khoan/mat-khau", "change_password",
                login_limit(account_page.change_password), methods=("POST",))
bp.add_url_rule("/quan-tri/tai-khoan/xac-thuc-hai-buoc", "second_factor_setup",
                login_limit(account_page.second_factor_setup), methods=("GET", "POST"))
bp.add_url_rule("/quan-tri/tai-khoan/ma-du-phong", "new_recovery_codes",
                login_limit(account_page.new_recovery_codes), methods=("POST",))
bp.add_url_rule("/quan-tri/tai-khoan/xac-thuc-hai-buoc/tat", "turn_off_second_factor",
                login_limit(account_page.turn_off_second_factor), methods=("POST",))

# The audit log: a site's on its own host; every site's on the province host.
bp.add_url_rule("/quan-tri/nhat-ky", "audit_log", audit_log_pages.site_log)
bp.add_url_rule("/quan-tri/nhat-ky.csv", "audit_log_csv", audit_log_pages.site_log_csv)
bp.add_url_rule("/quan-tri/tinh/nhat-ky", "office_audit_log", audit_log_pages.office_log)
bp.add_url_rule("/quan-tri/tinh/nhat-ky.csv", "office_audit_log_csv",
                audit_log_pages.office_log_csv)

# The province office's accounts across sites (on the province host).
bp.add_url_rule("/quan-tri/tinh/tai-khoan", "office_accounts", office_accounts_pages.accounts)
bp.add_url_rule("/quan-tri/tinh/tai-khoan/<int:user_id>/<any('vo-hieu-hoa', 'kich-hoat', "
                "'dat-lai-xac-thuc'):action>", "office_account_action",
                office_accounts_pages.account_action, methods=("GET", "POST"))
bp.add_url_rule("/quan-tri/tinh/tai-khoan/vai-tro/<int:membership_id>/thu-hoi",
                "office_revoke_membership", office_accounts_pages.revoke_membership,
                methods=("GET", "POST"))
