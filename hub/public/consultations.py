"""The public pages of drafts for consultation (dự thảo lấy ý kiến, 003 Article 5.1.m):
``/du-thao``, the list, filtered by where each draft stands, and ``/du-thao/<slug>``,
one draft with its state, its files, the comments published by the moderators and,
once the agency published it, the outcome (``hub.consultations``).

A draft stands in one of three places: open (today between its dates), closed while the
agency analyses the comments, or with its outcome published. Whether it is open is a
matter of the day (Viet Nam's): the list filters on its dates, the page says it in its
banner. Cached like every public page: a page may say "open" up to the page cache's
lifetime after midnight of its last day, never longer. The comment form is a page of
its own (``/du-thao/<slug>/gop-y``): a cached page carries no session's token.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, exists, select

from hub.consultations.labels import RESPONSE_LABELS
from hub.consultations.models import ConsultationOutcome
from hub.consultations.queries import outcome_dates, published_comments, published_outcome
from hub.content.models import Consultation, ConsultationPhase
from hub.core.clock import aware, local_today
from hub.core.http import fail
from hub.public.queries import paginate, public_item_or_404, public_items

PHASE_FILTER = "trang-thai"
OPEN, CLOSED, OUTCOME = "dang-lay-y-kien", "da-ket-thuc", "da-co-ket-qua"
# The filter's values, as the address shows them, and as the list names them.
PHASES = {OPEN: _l("Open for comments"), CLOSED: _l("Closed, being analysed"),
          OUTCOME: _l("Outcome published")}


def _chosen_phase() -> str | None:
    raw = (request.args.get(PHASE_FILTER) or "").strip()
    if raw and raw not in PHASES:
        fail(400, _("The filter “%(name)s” has a value this list does not offer. Please "
                    "choose one from the list.", name=_("State")))
    return raw or None


def in_phase(query: Select[Any], chosen: str, today: date) -> Select[Any]:
    has_outcome = exists(select(ConsultationOutcome.id).where(
        ConsultationOutcome.consultation_id == Consultation.id,
        ConsultationOutcome.published_at.is_not(None)))
    if chosen == OPEN:
        return query.where(Consultation.opens_on <= today, Consultation.closes_on >= today)
    if chosen == CLOSED:
        return query.where(Consultation.closes_on < today, ~has_outcome)
    return query.where(has_outcome)


def consultation_list() -> str:
    chosen = _chosen_phase()
    today = local_today()
    query = public_items(Consultation)
    if chosen is not None:
        query = in_phase(query, chosen, today)
    pagination = paginate(query)
    return render_template("public/consultations.html", pagination=pagination,
                           chosen=chosen, phases=PHASES, today=today,
                           phase_filter=PHASE_FILTER,
                           outcomes=outcome_dates([item.id for item in pagination.items]))


def consultation(slug: str) -> str:
    item, files = public_item_or_404(Consultation, slug)
    phase = item.phase(local_today())
    outcome = published_outcome(item.id)
    return render_template(
        "public/consultation.html", item=item, files=files, phase=phase,
        comments=published_comments(item.id), outcome=outcome,
        outcome_published_at=aware(outcome.published_at) if outcome else None,
        response_labels=RESPONSE_LABELS,
        comment_url=url_for("consultations.comment", slug=item.slug)
        if phase is ConsultationPhase.OPEN else None)
