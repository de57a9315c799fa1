"""URL rules of the staff area. Paths are Vietnamese, like the rest of the portal."""

from __future__ import annotations

from flask import Blueprint

from hub.admin import controllers, file_controllers, revision_controllers

bp = Blueprint("admin", __name__)

bp.add_url_rule("/quan-tri/", "dashboard", controllers.dashboard)
bp.add_url_rule("/quan-tri/noi-dung", "content_list", controllers.content_list)
bp.add_url_rule("/quan-tri/noi-dung/moi", "choose_type", controllers.choose_type)
bp.add_url_rule("/quan-tri/noi-dung/moi/<type_slug>", "create_item", controllers.create_item,
                methods=("GET", "POST"))
bp.add_url_rule("/quan-tri/noi-dung/<int:item_id>", "item", controllers.item)
bp.add_url_rule("/quan-tri/noi-dung/<int:item_id>/sua", "edit_item", controllers.edit_item,
                methods=("GET", "POST"))
bp.add_url_rule("/quan-tri/noi-dung/<int:item_id>/chuyen-trang-thai", "change_status",
                controllers.change_status, methods=("POST",))

bp.add_url_rule("/quan-tri/noi-dung/<int:item_id>/phien-ban", "revisions",
                revision_controllers.revisions)
bp.add_url_rule("/quan-tri/noi-dung/<int:item_id>/phien-ban/so-sanh", "compare_revisions",
                revision_controllers.compare_revisions)
bp.add_url_rule("/quan-tri/noi-dung/<int:item_id>/phien-ban/<int:number>/khoi-phuc",
                "restore_revision", revision_controllers.restore_revision, methods=("POST",))
bp.add_url_rule("/quan-tri/noi-dung/<int:item_id>/tep-dinh-kem", "attach_file",
                file_controllers.attach_file, methods=("POST",))
bp.add_url_rule("/quan-tri/noi-dung/<int:item_id>/tep-dinh-kem/<int:attachment_id>/go",
                "detach_file", file_controllers.detach_file, methods=("POST",))

bp.add_url_rule("/quan-tri/thu-tuc/nhap", "import_procedures",
                file_controllers.import_procedures, methods=("GET", "POST"))
