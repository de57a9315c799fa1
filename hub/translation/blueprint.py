"""URL rules of the translation screens (staff area, Vietnamese paths)."""

from __future__ import annotations

from flask import Blueprint

from hub.translation import controllers

bp = Blueprint("translation", __name__)

bp.add_url_rule("/quan-tri/ban-dich", "queue", controllers.queue)
bp.add_url_rule("/quan-tri/ban-dich/<int:request_id>", "show", controllers.show)
bp.add_url_rule("/quan-tri/ban-dich/<int:request_id>/luu", "save", controllers.save,
                methods=("POST",))
bp.add_url_rule("/quan-tri/ban-dich/<int:request_id>/buoc", "step", controllers.step,
                methods=("POST",))
bp.add_url_rule("/quan-tri/ban-dich/<int:request_id>/goi-y", "suggest", controllers.suggest,
                methods=("POST",))
bp.add_url_rule("/quan-tri/ban-dich/<int:request_id>/xliff", "export_xliff",
                controllers.export_xliff)
bp.add_url_rule("/quan-tri/ban-dich/<int:request_id>/xliff", "import_xliff",
                controllers.import_xliff, methods=("POST",))
bp.add_url_rule("/quan-tri/noi-dung/<int:item_id>/dich", "ask", controllers.ask,
                methods=("GET", "POST"))
bp.add_url_rule("/quan-tri/tieng-anh", "coverage", controllers.coverage)
