"""URL rules of the staff area's front page, the site's settings and its approvers'
scopes. Paths are Vietnamese, like the rest of the portal; each capability's staff
screens have their own blueprint."""

from __future__ import annotations

from flask import Blueprint

from hub.admin import approver_scopes, banner, controllers, settings

bp = Blueprint("admin", __name__)

bp.add_url_rule("/quan-tri/", "dashboard", controllers.dashboard)
# Cài đặt: footer facts, languages, deadlines, the notice on personal data.
bp.add_url_rule("/quan-tri/cai-dat", "settings", settings.settings,
                methods=("GET", "POST"))
# Biểu ngữ: the header's banner picture, on the settings screen.
bp.add_url_rule("/quan-tri/cai-dat/bieu-ngu", "upload_banner", banner.upload_banner,
                methods=("POST",))
bp.add_url_rule("/quan-tri/cai-dat/bieu-ngu/xoa", "delete_banner", banner.delete_banner,
                methods=("POST",))
# Phạm vi duyệt: which categories each approver approves (004 Article 14).
bp.add_url_rule("/quan-tri/pham-vi-duyet", "approver_scopes",
                approver_scopes.approver_scopes)
bp.add_url_rule("/quan-tri/pham-vi-duyet/<int:user_id>", "save_approver_scope",
                approver_scopes.save_approver_scope, methods=("POST",))
