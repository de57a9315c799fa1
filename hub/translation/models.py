"""A translation request and its history.

A request is the common work of two sites: the site whose item is translated (the
row's tenant, which asks, reviews and publishes) and the translation office (the
partner tenant, whose translators do the work; 003 Article 8.3). The row carries what
the office needs and nothing more of the site: the source's translatable fields as
they are now (``source``), the source as it was when the current translation was made
(``translated_source``), and the translation itself (``translation``), field by field.
Translators therefore never read the site's content tables.

States: ``requested -> in_progress -> submitted -> approved -> published``, back to
``in_progress`` when ``returned``; ``outdated`` when the source changes after
publication (until re-approved); ``cancelled``.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hub.content.models import ContentType
from hub.core.database import stored_enum
from hub.extensions import Timestamps, db
from tenants.isolation import SharedWithPartner


class TranslationState(str, enum.Enum):
    REQUESTED = "requested"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"        # approved, waiting for the source to be published
    PUBLISHED = "published"
    OUTDATED = "outdated"        # published, but the source changed since
    CANCELLED = "cancelled"


OPEN_STATES = frozenset({TranslationState.REQUESTED, TranslationState.IN_PROGRESS,
                         TranslationState.SUBMITTED, TranslationState.RETURNED,
                         TranslationState.APPROVED, TranslationState.OUTDATED})
# States in which the office still owes the translation (its due date counts).
DUE_STATES = OPEN_STATES - {TranslationState.APPROVED}


class TranslationRequest(SharedWithPartner, Timestamps, db.Model):
    """``tenant_id``: the site of the source item; ``partner_tenant_id``: the office."""

    __tablename__ = "translation_request"
    __table_args__ = (
        # One live request per item and language; a cancelled one may be asked again.
        Index("uq_translation_request_live", "source_item_id", "target_locale",
              unique=True, sqlite_where=db.text("state != 'cancelled'"),
              postgresql_where=db.text("state != 'cancelled'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_item_id: Mapped[int] = mapped_column(
        ForeignKey("content_item.id", ondelete="CASCADE"), index=True)
    source_type: Mapped[ContentType] = mapped_column(stored_enum(ContentType))
    source_locale: Mapped[str] = mapped_column(String(8), default="vi")
    target_locale: Mapped[str] = mapped_column(String(8), default="en")
    state: Mapped[TranslationState] = mapped_column(
        stored_enum(TranslationState), default=TranslationState.REQUESTED, index=True)

    # The source as it is now, and when it last changed.
    source_revision: Mapped[int] = mapped_column(Integer)
    source: Mapped[dict[str, Any]] = mapped_column(JSON)
    source_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The source as it was when the text in ``translation`` was made (None: not yet).
    translated_revision: Mapped[int | None] = mapped_column(Integer)
    translated_source: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    translation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Bumped by every save and step: two translators, or a save racing a step, cannot
    # both win.
    version: Mapped[int] = mapped_column(Integer, default=1)

    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    assignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    # The published translation (a ContentItem of the site, in the target locale).
    translation_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("content_item.id", ondelete="SET NULL"))

    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    outdated_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    requested_by = relationship("User", foreign_keys=[requested_by_id])
    assignee = relationship("User", foreign_keys=[assignee_id])
    events: Mapped[list[TranslationEvent]] = relationship(
        back_populates="request", order_by="TranslationEvent.id",
        cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<TranslationRequest {self.id} {self.state.value} item {self.source_item_id}>"

    @property
    def title(self) -> str:
        return str(self.source.get("title", ""))

    def is_overdue(self, today: date) -> bool:
        return self.due_on is not None and self.due_on < today and self.state in DUE_STATES

    @property
    def is_outdated(self) -> bool:
        """The source changed after the revision the translation follows."""
        return (self.translated_revision is not None
                and self.source_revision > self.translated_revision)


class TranslationEvent(SharedWithPartner, db.Model):
    """One step of a request: who, when, from, to, comment, from where."""

    __tablename__ = "translation_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("translation_request.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(30))
    from_state: Mapped[str] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    comment: Mapped[str] = mapped_column(Text, default="")
    ip: Mapped[str | None] = mapped_column(String(45))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now())

    request: Mapped[TranslationRequest] = relationship(back_populates="events")
    actor = relationship("User")
