"""URL rules of the questions: the public pages on every site's host (Vietnamese and
English hosts alike), the staff's queue in the admin area."""

from __future__ import annotations

from flask import Blueprint

from hub.questions import controllers, staff

bp = Blueprint("questions", __name__)

bp.add_url_rule("/hoi-dap", "index", controllers.index)
bp.add_url_rule("/hoi-dap/<int:question_id>", "show", controllers.show)
bp.add_url_rule("/hoi-dap/gui-cau-hoi", "ask", controllers.ask, methods=("GET", "POST"))
bp.add_url_rule("/hoi-dap/thu-thach", "challenge", controllers.challenge)
bp.add_url_rule("/hoi-dap/da-gui", "sent", controllers.sent)
bp.add_url_rule("/hoi-dap/tra-cuu", "track", controllers.track, methods=("GET", "POST"))
bp.add_url_rule("/hoi-dap/du-lieu-ca-nhan", "privacy", controllers.privacy)

staff_bp = Blueprint("question_admin", __name__)

staff_bp.add_url_rule("/quan-tri/hoi-dap", "queue", staff.queue)
staff_bp.add_url_rule("/quan-tri/hoi-dap/nhap", "enter", staff.enter,
                      methods=("GET", "POST"))
staff_bp.add_url_rule("/quan-tri/hoi-dap/<int:question_id>", "show", staff.show)
staff_bp.add_url_rule("/quan-tri/hoi-dap/<int:question_id>/<action>", "step", staff.step,
                      methods=("POST",))
staff_bp.add_url_rule("/quan-tri/hoi-dap/so-lieu", "figures", staff.figures)
staff_bp.add_url_rule("/quan-tri/hoi-dap/so-lieu.csv", "figures_csv", staff.figures_csv)
