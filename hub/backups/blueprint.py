"""URL rules of the backups' page (province host only)."""

from __future__ import annotations

from flask import Blueprint

from hub.backups import controllers

bp = Blueprint("backups", __name__)

bp.add_url_rule("/quan-tri/tinh/sao-luu", "index", controllers.index)
