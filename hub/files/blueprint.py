"""URL rules of attachments: served on their site's host, uploaded from the staff area."""

from __future__ import annotations

from flask import Blueprint

from hub.files import controllers

bp = Blueprint("files", __name__)

bp.add_url_rule("/tep/<int:attachment_id>/<filename>", "download", controllers.download)
bp.add_url_rule("/quan-tri/tep", "upload", controllers.upload, methods=("POST",))
