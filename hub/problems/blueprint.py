"""URL rules of the problem reports: the form below every published item's page (on
Vietnamese and English hosts alike), the staff's queue in the admin area."""

from __future__ import annotations

from flask import Blueprint

from hub.content.addresses import SECTIONS
from hub.problems import controllers, staff

_ANY_SECTION = "<any({}):section>".format(",".join(f'"{s}"' for s in SECTIONS.values()))

bp = Blueprint("problems", __name__)

bp.add_url_rule(f"/{_ANY_SECTION}/<slug>/{controllers.SEGMENT}", "report",
                controllers.report, methods=("GET", "POST"))
bp.add_url_rule("/bao-loi/thu-thach", "challenge", controllers.challenge)
bp.add_url_rule("/bao-loi/da-gui", "sent", controllers.sent)

staff_bp = Blueprint("problem_admin", __name__)

staff_bp.add_url_rule("/quan-tri/bao-loi", "queue", staff.queue)
staff_bp.add_url_rule("/quan-tri/bao-loi/<int:report_id>", "show", staff.show)
staff_bp.add_url_rule("/quan-tri/bao-loi/<int:report_id>/dong", "close", staff.close,
                      methods=("POST",))
staff_bp.add_url_rule("/quan-tri/bao-loi/<int:report_id>/go-xuong", "take_down",
                      staff.take_down, methods=("POST",))
