"""URL rules of the accounts pages. Paths are Vietnamese, like the rest of the portal."""

from __future__ import annotations

from flask import Blueprint

from hub.accounts import controllers

bp = Blueprint("accounts", __name__)

bp.add_url_rule("/dang-nhap", "login", controllers.login, methods=("GET", "POST"))
bp.add_url_rule("/dang-xuat", "logout", controllers.logout, methods=("POST",))
bp.add_url_rule("/dang-nhap/quen-mat-khau", "forgot_password", controllers.forgot_password,
                methods=("GET", "POST"))
bp.add_url_rule("/dang-nhap/dat-lai/<token>", "reset_password", controllers.reset_password,
                methods=("GET", "POST"))

bp.add_url_rule("/quan-tri/thanh-vien", "members", controllers.members)
bp.add_url_rule("/quan-tri/thanh-vien/them", "add_member", controllers.add_member,
                methods=("POST",))
bp.add_url_rule("/quan-tri/thanh-vien/<int:membership_id>/xoa", "remove_member",
                controllers.remove_member, methods=("POST",))
