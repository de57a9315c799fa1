"""URL rules of content's staff screens (/quan-tri/noi-dung/...). Paths are Vietnamese,
like the rest of the portal."""

from __future__ import annotations

from flask import Blueprint

from hub.content.controllers import files, items, revisions

bp = Blueprint("content", __name__)

bp.add_url_rule("/quan-tri/noi-dung", "content_list", items.content_list)
bp.add_url_rule("/quan-tri/noi-dung/moi", "choose_type", items.choose_type)
bp.add_url_rule("/quan-tri/noi-dung/moi/<type_slug>", "create_item", items.create_item,
                methods=("GET", "POST"))
bp.add_url_rule("/quan-tri/noi-dung/<int:item_id>", "item", items.item)
bp.add_url_rule("/quan-tri/noi-dung/<int:item_id>/sua", "edit_item", items.edit_item,
                methods=("GET", "POST"))
bp.add_url_rule("/quan-tri/noi-dung/<int:item_id>/chuyen-trang-thai", "change_status",
                items.change_status, methods=("POST",))

bp.add_url_rule("/quan-tri/noi-dung/<int:item_id>/phien-ban", "revisions",
                revisions.revisions)
bp.add_url_rule("/quan-tri/noi-dung/<int:item_id>/phien-ban/so-sanh", "compare_revisions",
                revisions.compare_revisions)
bp.add_url_rule("/quan-tri/noi-dung/<int:item_id>/phien-ban/<int:number>/khoi-phuc",
                "restore_revision", revisions.restore_revision, methods=("POST",))
bp.add_url_rule("/quan-tri/noi-dung/<int:item_id>/tep-dinh-kem", "attach_file",
                files.attach_file, methods=("POST",))
bp.add_url_rule("/quan-tri/noi-dung/<int:item_id>/tep-dinh-kem/<int:attachment_id>/go",
                "detach_file", files.detach_file, methods=("POST",))

bp.add_url_rule("/quan-tri/thu-tuc/nhap", "import_procedures",
                files.import_procedures, methods=("GET", "POST"))
