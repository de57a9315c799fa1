"""URL rules of the office's periodic reports and reminders (province host only)."""

from __future__ import annotations

from flask import Blueprint

from hub.console import reports_controllers as controllers

bp = Blueprint("console_reports", __name__)

bp.add_url_rule("/quan-tri/tinh/bao-cao", "index", controllers.index)
bp.add_url_rule("/quan-tri/tinh/bao-cao", "generate", controllers.generate,
                methods=("POST",))
bp.add_url_rule("/quan-tri/tinh/bao-cao/<int:report_id>.xlsx", "download_xlsx",
                controllers.download, defaults={"fmt": "xlsx"})
bp.add_url_rule("/quan-tri/tinh/bao-cao/<int:report_id>.pdf", "download_pdf",
                controllers.download, defaults={"fmt": "pdf"})
bp.add_url_rule("/quan-tri/tinh/don-vi/<int:tenant_id>/nhac-nho", "remind",
                controllers.remind, methods=("POST",))
