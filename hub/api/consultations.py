"""What the API adds to a draft for consultation: where it stands today, its clauses,
and in its detail the published comments (never a sender's email, never a pending or
hidden comment) and the agency's outcome once published."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import url_for

from hub.api.resources import ConsultationState
from hub.consultations.queries import published_comments, published_outcome
from hub.content.models import Consultation
from hub.core.clock import local_today


def state_of(item: Consultation, outcome_published: bool) -> ConsultationState:
    if outcome_published:
        return ConsultationState.OUTCOME_PUBLISHED
    return ConsultationState(item.phase(local_today()).value)


def consultation_extras(item: Consultation, detail: bool,
                        iso: Callable[[Any], Any]) -> dict[str, Any]:
    """The computed fields (``iso``: the serializer's one date format)."""
    outcome = published_outcome(item.id)
    data: dict[str, Any] = {
        "state": state_of(item, outcome is not None).value,
        "clauses": item.clause_list,
        "outcome_published_at": iso(outcome.published_at) if outcome else None,
    }
    if not detail:
        return data
    data["comments"] = [{
        "id": comment.id, "sender": comment.sender,
        "on_behalf_of_organisation": comment.on_behalf, "clause": comment.clause,
        "body": comment.body, "received_at": iso(comment.received_at),
        "file_url": url_for("files.download", attachment_id=comment.file_id,
                            filename=comment.file_name, _external=True)
        if comment.file_id else None,
        # The responses are the agency's once it publishes them, not before.
        "response": comment.response.value if outcome and comment.response else None,
        "explanation": comment.explanation if outcome else ""}
        for comment in published_comments(item.id)]
    data["outcome"] = {
        "published_at": iso(outcome.published_at), "summary": outcome.summary or "",
        "docx_url": url_for("consultations.outcome_docx", slug=item.slug, _external=True),
        "csv_url": url_for("consultations.outcome_csv", slug=item.slug, _external=True),
    } if outcome else None
    return data

