"""The public pages of drafts for consultation (dự thảo lấy ý kiến, 003 Article 5.1.m):
``/du-thao``, the list, filtered by where the comment period stands, and
``/du-thao/<slug>``, one draft with its state, its files, and the comments and outcome
``hub.consultations`` publishes.

Whether a draft is open is a matter of the day (Viet Nam's): the list filters on its
dates, the page says it in its banner. Cached like every public page: a page may say
"open" up to the page cache's lifetime after midnight of its last day, never longer.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import render_template, request
from flask_babel import gettext as _
from sqlalchemy import Select

from hub.content.models import Consultation, ConsultationPhase
from hub.core.clock import local_today
from hub.core.http import fail
from hub.public.queries import paginate, public_item_or_404, public_items

PHASE_FILTER = "trang-thai"
# The filter's values, as the address shows them.
PHASES = {"dang-lay-y-kien": ConsultationPhase.OPEN, "da-ket-thuc": ConsultationPhase.CLOSED}


def _chosen_phase() -> str | None:
    raw = (request.args.get(PHASE_FILTER) or "").strip()
    if raw and raw not in PHASES:
        fail(400, _("The filter “%(name)s” has a value this list does not offer. Please "
                    "choose one from the list.", name=_("State")))
    return raw or None


def in_phase(query: Select[Any], phase: ConsultationPhase, today: date) -> Select[Any]:
    if phase is ConsultationPhase.OPEN:
        return query.where(Consultation.opens_on <= today, Consultation.closes_on >= today)
    if phase is ConsultationPhase.CLOSED:
        return query.where(Consultation.closes_on < today)
    return query.where(Consultation.opens_on > today)


def consultation_list() -> str:
    chosen = _chosen_phase()
    today = local_today()
    query = public_items(Consultation)
    if chosen is not None:
        query = in_phase(query, PHASES[chosen], today)
    return render_template("public/consultations.html", pagination=paginate(query),
                           chosen=chosen, phases=PHASES, today=today,
                           phase_filter=PHASE_FILTER)


def consultation(slug: str) -> str:
    item, files = public_item_or_404(Consultation, slug)
    return render_template("public/consultation.html", item=item, files=files,
                           phase=item.phase(local_today()))
