"""URL rules of the reports in a site's staff area."""

from __future__ import annotations

from flask import Blueprint

from hub.reports import controllers

bp = Blueprint("reports", __name__)

bp.add_url_rule("/quan-tri/bao-cao", "index", controllers.index)
bp.add_url_rule("/quan-tri/bao-cao/nhuan-but", "royalties", controllers.royalties)
bp.add_url_rule("/quan-tri/bao-cao/nhuan-but.csv", "royalties_csv",
                controllers.royalties_csv)
