"""What the public may read of a consultation: its published comments (public columns
only: never an email, never a hidden or pending comment) and its published outcome."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import select

from hub.consultations.models import (
    Comment,
    CommenterKind,
    CommentState,
    ConsultationOutcome,
    Response,
)
from hub.core.clock import aware
from hub.extensions import db
from hub.files.models import Attachment


class PublicComment(NamedTuple):
    id: int
    sender: str               # the organisation, or the person's name
    on_behalf: bool           # for an organisation (its representative's name hidden)
    clause: str
    body: str
    received_at: datetime
    file_id: int | None
    file_name: str | None
    file_size: int | None
    response: Response | None
    explanation: str


def published_comments(consultation_id: int) -> list[PublicComment]:
    """The published comments of one consultation, oldest first."""
    rows = db.session.execute(
        select(Comment.id, Comment.kind, Comment.name, Comment.organisation,
               Comment.clause, Comment.body, Comment.received_at, Attachment.id,
               Attachment.filename, Attachment.size, Comment.response,
               Comment.explanation)
        .outerjoin(Attachment, Attachment.id == Comment.attachment_id)
        .where(Comment.consultation_id == consultation_id,
               Comment.state == CommentState.PUBLISHED)
        .order_by(Comment.received_at, Comment.id)).all()
    return [PublicComment(
        row[0], row[3] if row[1] is CommenterKind.ORGANISATION and row[3] else row[2],
        row[1] is CommenterKind.ORGANISATION, row[4], row[5], aware(row[6]),  # type: ignore[arg-type]
        row[7], row[8], row[9], row[10], row[11] or "") for row in rows]


def published_outcome(consultation_id: int) -> ConsultationOutcome | None:
    """The outcome of a consultation once published (None before)."""
    return db.session.scalar(select(ConsultationOutcome).where(
        ConsultationOutcome.consultation_id == consultation_id,
        ConsultationOutcome.published_at.is_not(None)))


def outcome_dates(consultation_ids: list[int]) -> dict[int, datetime]:
    """When the outcome of each of ``consultation_ids`` was published (those with one)."""
    if not consultation_ids:
        return {}
    return {row[0]: aware(row[1]) for row in db.session.execute(  # type: ignore[misc]
        select(ConsultationOutcome.consultation_id, ConsultationOutcome.published_at)
        .where(ConsultationOutcome.consultation_id.in_(consultation_ids),
               ConsultationOutcome.published_at.is_not(None)))}
