"""The base of every content item: one ``content_item`` row, plus a table per type.

A joined-table hierarchy (``Article``, ``Page``, ``LegalDocument``, ``Procedure``,
``ScheduleEntry``, ``Disclosure`` in ``types.py``; ``Consultation`` in
``consultations.py``). The base holds what every item has:
title, summary (trích yếu), sanitised body, category, byline and source (Article 6.3),
workflow state, dates, the revision number used for optimistic locking, and the link to
the item it translates.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hub.core.database import stored_enum
from hub.core.sanitize import opens_with
from hub.directory.models import Category
from hub.extensions import Timestamps, db
from hub.workflow.states import ContentStatus
from tenants.isolation import TenantOwned


class ContentType(str, enum.Enum):
    ARTICLE = "article"
    PAGE = "page"
    LEGAL_DOCUMENT = "legal_document"
    PROCEDURE = "procedure"
    SCHEDULE_ENTRY = "schedule_entry"
    DISCLOSURE = "disclosure"
    CONSULTATION = "consultation"  # dự thảo lấy ý kiến


class ContentItem(TenantOwned, Timestamps, db.Model):
    __tablename__ = "content_item"
    __table_args__ = (
        UniqueConstraint("tenant_id", "locale", "slug"),
        # A legal document's number, a procedure's code: unique per site and language.
        UniqueConstraint("tenant_id", "type", "locale", "natural_key"),
        # The same document on every site (``search.collapse``).
        Index("ix_content_item_copies", "natural_key", "type", "locale"),
        Index("ix_content_item_listing", "tenant_id", "locale", "status", "published_at"),
        # The home page's featured news: only the featured rows, so a site with none (most
        # communes) is not read through its whole history on every uncached home page.
        Index("ix_content_item_featured", "tenant_id", "locale", "status", "published_at",
              sqlite_where=text("featured IS 1"), postgresql_where=text("featured IS true")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[ContentType] = mapped_column(stored_enum(ContentType), index=True)
    locale: Mapped[str] = mapped_column(String(8), default="vi")
    title: Mapped[str] = mapped_column(String(500))
    slug: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")      # trích yếu / sapo
    body: Mapped[str] = mapped_column(Text, default="")         # sanitised HTML only
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("category.id", ondelete="SET NULL"), index=True)
    author_byline: Mapped[str] = mapped_column(String(200), default="")  # tác giả
    source: Mapped[str] = mapped_column(String(300), default="")         # nguồn
    featured: Mapped[bool] = mapped_column(Boolean, default=False)
    # The folded document number or procedure code (None for other types).
    natural_key: Mapped[str | None] = mapped_column(String(120))

    status: Mapped[ContentStatus] = mapped_column(stored_enum(ContentStatus),
                                                  default=ContentStatus.DRAFT, index=True)
    # Optimistic locking: every save carries the revision it was made from.
    revision: Mapped[int] = mapped_column(Integer, default=0)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    approved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    scheduled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True),
                                                          index=True)
    taken_down_reason: Mapped[str | None] = mapped_column(Text)
    # The photograph shown at the top of the item and beside it in lists (ảnh đại diện),
    # with its description, caption and credit in the item's language.
    lead_image_id: Mapped[int | None] = mapped_column(
        ForeignKey("attachment.id", ondelete="SET NULL"))
    lead_image_alt: Mapped[str] = mapped_column(String(500), default="")
    lead_image_caption: Mapped[str] = mapped_column(String(500), default="")
    lead_image_credit: Mapped[str] = mapped_column(String(200), default="")

    # Deadlines (MISSION "Deadlines"): when the clock started, which rule applies, due.
    deadline_rule: Mapped[str | None] = mapped_column(String(40))
    deadline_from: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)

    # Translations: the item this one translates, and the source revision it follows.
    translation_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("content_item.id", ondelete="SET NULL"), index=True)
    translated_revision: Mapped[int | None] = mapped_column(Integer)
    # Set when the source changed after ``translated_revision`` (the translation is
    # outdated: the public page says so); cleared when an updated translation is approved.
    source_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    category = relationship(Category, lazy="joined")
    created_by = relationship("User", foreign_keys=[created_by_id])
    approved_by = relationship("User", foreign_keys=[approved_by_id])
    translation_of: Mapped[ContentItem | None] = relationship(
        remote_side="ContentItem.id", foreign_keys=[translation_of_id])
    lead_image = relationship("Attachment", foreign_keys=[lead_image_id])
    attachments = relationship("ItemAttachment", back_populates="item",
                               order_by="ItemAttachment.position",
                               cascade="all, delete-orphan")

    __mapper_args__ = {"polymorphic_on": "type", "polymorphic_identity": None}

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id} {self.status.value} {self.title[:30]!r}>"

    @property
    def is_public(self) -> bool:
        return self.status == ContentStatus.PUBLISHED

    @property
    def summary_apart(self) -> str:
        """The summary as a page shows it above the body: nothing when the body opens
        with the same words, so that no reader sees it twice."""
        return "" if opens_with(self.body, self.summary) else (self.summary or "")
