"""Comments on a draft for consultation, the agency's response to each, and the
published outcome (bảng tổng hợp, tiếp thu, giải trình ý kiến).

A comment belongs to the site of the draft. Its sender's email is personal data: it
lives here and nowhere public (the page, the API and the outcome table show the name,
or the organisation, and the text). A comment is public only once a moderator published
it; a hidden one, with the reason staff gave, stays in the staff's list alone.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hub.core.database import stored_enum
from hub.extensions import db
from tenants.isolation import TenantOwned


class CommenterKind(str, enum.Enum):
    PERSON = "person"                # cá nhân
    ORGANISATION = "organisation"    # cơ quan, tổ chức, doanh nghiệp


class CommentState(str, enum.Enum):
    PENDING = "pending"      # received, waiting for moderation
    PUBLISHED = "published"  # shown on the draft's page
    HIDDEN = "hidden"        # not shown (off-topic, abusive...), with a reason


class Response(str, enum.Enum):
    ACCEPTED = "accepted"                # tiếp thu
    PARTLY_ACCEPTED = "partly_accepted"  # tiếp thu một phần
    NOT_ACCEPTED = "not_accepted"        # không tiếp thu (giải trình)


class Comment(TenantOwned, db.Model):
    __tablename__ = "consultation_comment"
    __table_args__ = (
        Index("ix_consultation_comment_listing", "tenant_id", "consultation_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True)
    kind: Mapped[CommenterKind] = mapped_column(stored_enum(CommenterKind),
                                                default=CommenterKind.PERSON)
    name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(300), default="")
    email: Mapped[str] = mapped_column(String(254), default="")   # never public
    # The article or clause addressed, as the draft's list names it ("" = the whole).
    clause: Mapped[str] = mapped_column(String(500), default="")
    body: Mapped[str] = mapped_column(Text)
    attachment_id: Mapped[int | None] = mapped_column(
        ForeignKey("attachment.id", ondelete="SET NULL"))
    locale: Mapped[str] = mapped_column(String(8), default="vi")
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    consent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    state: Mapped[CommentState] = mapped_column(stored_enum(CommentState),
                                                default=CommentState.PENDING, index=True)
    hidden_reason: Mapped[str] = mapped_column(Text, default="")
    moderated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    moderated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))

    # The agency's response (tiếp thu, giải trình), published with the outcome.
    response: Mapped[Response | None] = mapped_column(stored_enum(Response))
    explanation: Mapped[str] = mapped_column(Text, default="")
    responded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    responded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))

    attachment = relationship("Attachment")

    @property
    def sender(self) -> str:
        """Who the public sees: the organisation, or the person's name."""
        if self.kind is CommenterKind.ORGANISATION and self.organisation:
            return self.organisation
        return self.name


class ConsultationOutcome(TenantOwned, db.Model):
    """What the agency did with the comments, once published; and the reminders sent
    while it was awaited (one row per consultation, made when first needed)."""

    __tablename__ = "consultation_outcome"
    __table_args__ = (UniqueConstraint("consultation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"))
    summary: Mapped[str] = mapped_column(Text, default="")   # the agency's general note
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True),
                                                          index=True)
    published_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    reminded_closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reminded_due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
