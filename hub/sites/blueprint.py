"""URL rules of the province office's site screens (province host, Vietnamese paths)."""

from __future__ import annotations

from flask import Blueprint

from hub.sites import controllers, suspension_views

bp = Blueprint("sites", __name__)

SITE = "/quan-tri/tinh/don-vi/<int:tenant_id>"
POST = ("GET", "POST")

bp.add_url_rule("/quan-tri/tinh/don-vi/moi", "new", controllers.new, methods=POST)
bp.add_url_rule(f"{SITE}/quan-ly", "site", controllers.site)
bp.add_url_rule(f"{SITE}/doi-ten", "rename", controllers.rename, methods=POST)
bp.add_url_rule(f"{SITE}/ten-mien", "domain", controllers.domain, methods=POST)
bp.add_url_rule(f"{SITE}/chuyen-cap", "move", controllers.move, methods=POST)
bp.add_url_rule(f"{SITE}/sap-nhap", "merge", controllers.merge, methods=POST)
bp.add_url_rule(f"{SITE}/luu-tru", "archive", controllers.archive, methods=POST)
bp.add_url_rule(f"{SITE}/tam-dung", "suspend", suspension_views.suspend)
bp.add_url_rule(f"{SITE}/tam-dung/thong-bao", "announce", suspension_views.announce,
                methods=("POST",))
bp.add_url_rule(f"{SITE}/tam-dung/ngay", "suspend_now", suspension_views.suspend_now,
                methods=("POST",))
bp.add_url_rule(f"{SITE}/tam-dung/<int:suspension_id>/huy", "cancel",
                suspension_views.cancel, methods=("POST",))
bp.add_url_rule(f"{SITE}/khoi-phuc", "resume", suspension_views.resume, methods=("POST",))
