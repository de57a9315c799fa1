"""A citizen's question or petition, its steps, and the unit that answers it.

One row per site that handles the question: the site where it was asked keeps its row
(and the tracking code), and forwarding gives the competent site a row of its own,
linked by ``origin_id`` — never a row two sites share. What the receiving site does is
copied back up the chain as steps of the origin (``operations._report_upstream``), so
the sending site and the citizen's tracking page follow it without reading the other
site's rows.

Personal data (name, email, phone, the citizen's own text) lives here and nowhere
public: the public page shows ``public_*`` columns, which staff fill with the
shortened name and the redacted texts when they publish. ``erased_at``: the retention
job removed the contact data (003 and Decree 13/2023 on personal data).
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hub.core.clock import aware
from hub.core.database import stored_enum
from hub.extensions import Timestamps, db
from tenants.isolation import TenantOwned


class QuestionKind(str, enum.Enum):
    QUESTION = "question"        # hỏi
    PETITION = "petition"        # phản ánh, kiến nghị (003 Article 5.1.i, 5.1.m)


class QuestionState(str, enum.Enum):
    NEW = "new"                  # received, not yet classified
    CLASSIFIED = "classified"    # field and level set: the clock runs to ``due_at``
    FORWARDED = "forwarded"      # sent on to the competent site, which answers
    PROGRESS = "progress"        # a progress notice promised a new date
    REVIEW = "review"            # an answer drafted, waiting for the approver
    ANSWERED = "answered"        # the answer was sent to the citizen
    PUBLISHED = "published"      # answered and shown on the site's /hoi-dap
    CLOSED = "closed"            # answered, not of general interest (or unpublished)
    REFUSED = "refused"          # out of scope: the citizen was told at once


OPEN_STATES = frozenset({QuestionState.NEW, QuestionState.CLASSIFIED,
                         QuestionState.PROGRESS, QuestionState.REVIEW})
ANSWERED_STATES = frozenset({QuestionState.ANSWERED, QuestionState.PUBLISHED,
                             QuestionState.CLOSED})


class AnswerLevel(str, enum.Enum):
    OWN = "own"                  # own competence: 5 working days (002 Article 14.4.a)
    INTERAGENCY = "interagency"  # several agencies: 10 (14.4.b)
    SPECIAL = "special"          # needs study: up to 15 (14.4.c; 003 Article 9.6.b)


class Channel(str, enum.Enum):
    WEB = "web"
    POST = "post"
    PHONE = "phone"
    EMAIL = "email"
    IN_PERSON = "in_person"


class Question(TenantOwned, Timestamps, db.Model):
    __tablename__ = "question"
    __table_args__ = (
        Index("ix_question_tenant_state", "tenant_id", "state"),
        Index("ix_question_tenant_published", "tenant_id", "state", "published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[QuestionKind] = mapped_column(stored_enum(QuestionKind),
                                               default=QuestionKind.QUESTION)
    state: Mapped[QuestionState] = mapped_column(stored_enum(QuestionState),
                                                 default=QuestionState.NEW)
    # The citizen's tracking code: only on the row where the question was asked.
    code: Mapped[str | None] = mapped_column(String(16), unique=True)
    # On a forwarded row: the code of the row where it was asked, for the mails it
    # sends the citizen (never looked up here: the tracking page reads ``code``).
    asked_code: Mapped[str | None] = mapped_column(String(16))
    channel: Mapped[Channel] = mapped_column(stored_enum(Channel), default=Channel.WEB)
    # The language the citizen wrote from (the host's): their mails are in it.
    locale: Mapped[str] = mapped_column(String(8), default="vi")
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    entered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))

    # The citizen (personal data: never public, erased after the retention period).
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    consent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    field: Mapped[str] = mapped_column(String(40), index=True)
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    attachment_id: Mapped[int | None] = mapped_column(
        ForeignKey("attachment.id", ondelete="SET NULL"))

    # The clock (002 Article 14.4): from 08:00 of the day received, in working days.
    level: Mapped[AnswerLevel | None] = mapped_column(stored_enum(AnswerLevel))
    clock_starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    promised_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    classified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    assignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True)

    # Forwarding: the row this one was forwarded from (another site's), and where this
    # one went. ``forwarded_to_*`` on the sending row mirror the receiving row's state.
    origin_id: Mapped[int | None] = mapped_column(
        ForeignKey("question.id", ondelete="SET NULL"), index=True)
    origin_tenant_id: Mapped[int | None] = mapped_column(
        ForeignKey("tenant.id", ondelete="SET NULL"))
    # The site where the citizen asked (the tracking code's site), on every row.
    asked_tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id",
                                                            ondelete="RESTRICT"))
    forwarded_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("question.id", ondelete="SET NULL"))
    forwarded_to_tenant_id: Mapped[int | None] = mapped_column(
        ForeignKey("tenant.id", ondelete="SET NULL"))
    forwarded_state: Mapped[str | None] = mapped_column(String(20))

    # The answer (rich text, sanitised) and who is recorded as answering (002 14.3).
    answer: Mapped[str] = mapped_column(Text, default="")
    signer_name: Mapped[str] = mapped_column(String(200), default="")
    signer_title: Mapped[str] = mapped_column(String(200), default="")
    answering_unit: Mapped[str] = mapped_column(String(255), default="")
    drafted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    answered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    # What the public sees once published (003 Article 9.6.b), redacted by staff.
    public_name: Mapped[str] = mapped_column(String(100), default="")
    public_title: Mapped[str] = mapped_column(String(300), default="")
    public_body: Mapped[str] = mapped_column(Text, default="")
    public_answer: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    refusal_reason: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reminded_due_soon_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reminded_overdue_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    erased_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Bumped by every step: two staff acting on one question cannot both win.
    version: Mapped[int] = mapped_column(Integer, default=1)

    events: Mapped[list[QuestionEvent]] = relationship(
        back_populates="question", order_by="QuestionEvent.id",
        cascade="all, delete-orphan")
    attachment = relationship("Attachment")
    assignee = relationship("User", foreign_keys=[assignee_id])
    drafted_by = relationship("User", foreign_keys=[drafted_by_id])
    answered_by = relationship("User", foreign_keys=[answered_by_id])

    def __repr__(self) -> str:
        return f"<Question {self.id} {self.state.value} site {self.tenant_id}>"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def deadline(self) -> datetime | None:
        """The date the citizen is owed an answer by (a promise replaces the due date)."""
        return aware(self.promised_at or self.due_at)

    @property
    def answered_on_time(self) -> bool | None:
        answered_at, deadline = aware(self.answered_at), self.deadline
        if answered_at is None or deadline is None:
            return None
        return answered_at <= deadline


class QuestionEvent(TenantOwned, db.Model):
    """One step of a question: what, when, by whom; ``public`` steps show on the
    citizen's tracking page (received, forwarded, progress notice, answered)."""

    __tablename__ = "question_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("question.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(30))
    from_state: Mapped[str] = mapped_column(String(20), default="")
    to_state: Mapped[str] = mapped_column(String(20), default="")
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    public: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now())

    question: Mapped[Question] = relationship(back_populates="events")
    actor = relationship("User")
