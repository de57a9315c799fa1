"""URL rules of the province office's working-day calendar (province host only)."""

from __future__ import annotations

from flask import Blueprint

from hub.deadlines import controllers

bp = Blueprint("calendar", __name__)

# Ngày làm việc: the swapped working days and days off announced each year.
bp.add_url_rule("/quan-tri/tinh/ngay-lam-viec", "overrides", controllers.overrides)
bp.add_url_rule("/quan-tri/tinh/ngay-lam-viec/them", "add_override",
                controllers.add_override, methods=("POST",))
bp.add_url_rule("/quan-tri/tinh/ngay-lam-viec/<day>/xoa", "remove_override",
                controllers.remove_override, methods=("POST",))
