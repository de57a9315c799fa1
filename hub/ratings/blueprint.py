"""URL rules of the ratings: the public pages on every site's host (Vietnamese and
English hosts alike, as the questions' are), the staff's list of comments."""

from __future__ import annotations

from flask import Blueprint

from hub.ratings import controllers, staff

bp = Blueprint("ratings", __name__)

bp.add_url_rule("/danh-gia", "rate", controllers.rate, methods=("GET", "POST"))
bp.add_url_rule("/danh-gia/trang", "useful", controllers.useful, methods=("POST",))
bp.add_url_rule("/danh-gia/cam-on", "thanks", controllers.thanks)
bp.add_url_rule("/danh-gia/thu-thach", "challenge", controllers.challenge)

staff_bp = Blueprint("rating_admin", __name__)

staff_bp.add_url_rule("/quan-tri/danh-gia", "comments", staff.comments)
staff_bp.add_url_rule("/quan-tri/danh-gia/<int:rating_id>/<state>", "moderate",
                      staff.moderate, methods=("POST",))
