"""URL rules of public consultation: the comment form below each draft's page (the
page and the list are the public site's, ``hub.public.urls``), the staff's screens in
the admin area."""

from __future__ import annotations

from flask import Blueprint

from hub.consultations import controllers, staff

bp = Blueprint("consultations", __name__)

bp.add_url_rule("/du-thao/<slug>/gop-y", "comment", controllers.comment,
                methods=("GET", "POST"))
bp.add_url_rule("/du-thao/<slug>/gop-y/thu-thach", "challenge", controllers.challenge)
bp.add_url_rule("/du-thao/<slug>/gop-y/da-gui", "sent", controllers.sent)
bp.add_url_rule("/du-thao/<slug>/tong-hop-y-kien.docx", "outcome_docx",
                controllers.outcome_docx)
bp.add_url_rule("/du-thao/<slug>/tong-hop-y-kien.csv", "outcome_csv",
                controllers.outcome_csv)

staff_bp = Blueprint("consultation_admin", __name__)

staff_bp.add_url_rule("/quan-tri/du-thao", "index", staff.index)
staff_bp.add_url_rule("/quan-tri/du-thao/<int:consultation_id>", "show", staff.show)
staff_bp.add_url_rule("/quan-tri/du-thao/<int:consultation_id>/y-kien/<int:comment_id>/"
                      "<action>", "moderate", staff.moderate, methods=("POST",))
staff_bp.add_url_rule("/quan-tri/du-thao/<int:consultation_id>/tiep-thu", "respond",
                      staff.respond, methods=("POST",))
staff_bp.add_url_rule("/quan-tri/du-thao/<int:consultation_id>/ket-qua", "publish_outcome",
                      staff.publish_outcome, methods=("POST",))
