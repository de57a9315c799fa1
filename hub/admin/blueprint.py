"""URL rules of the staff area's front page. Paths are Vietnamese, like the rest of the
portal; each capability's staff screens have their own blueprint."""

from __future__ import annotations

from flask import Blueprint

from hub.admin import controllers

bp = Blueprint("admin", __name__)

bp.add_url_rule("/quan-tri/", "dashboard", controllers.dashboard)
