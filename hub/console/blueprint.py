"""URL rules of the province office's console (province host only)."""

from __future__ import annotations

from flask import Blueprint

from hub.console import controllers

bp = Blueprint("console", __name__)

bp.add_url_rule("/quan-tri/tinh", "index", controllers.index)
bp.add_url_rule("/quan-tri/tinh/don-vi/<int:tenant_id>", "site", controllers.site)
bp.add_url_rule("/quan-tri/tinh/xuat.<any(csv, xlsx):fmt>", "export", controllers.export)
bp.add_url_rule("/quan-tri/tinh/bieu-do", "chart", controllers.chart)
