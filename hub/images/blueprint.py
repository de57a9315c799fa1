"""URL rules of images: their renditions, on their site's host."""

from __future__ import annotations

from flask import Blueprint

from hub.images import controllers

bp = Blueprint("images", __name__)

bp.add_url_rule("/anh/<int:attachment_id>/<version>/<spec>.<extension>", "rendition",
                controllers.rendition)
