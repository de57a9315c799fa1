"""Uploaded files: stored once per site under its own folder, named by sha256."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hub.extensions import db
from tenants.isolation import TenantOwned


class Attachment(TenantOwned, db.Model):
    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))         # as shown and downloaded
    content_type: Mapped[str] = mapped_column(String(100))     # sniffed from the bytes
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    storage_key: Mapped[str] = mapped_column(String(300))      # path under the site folder
    alt_text: Mapped[str] = mapped_column(String(500), default="")  # required for images
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now())

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class ItemAttachment(TenantOwned, db.Model):
    """A file attached to an item: the document's text, a form to download, a photo."""

    __tablename__ = "item_attachment"
    __table_args__ = (
        UniqueConstraint("item_id", "attachment_id"),
        # An item page reads its files under the tenant scope: (tenant_id, item_id)
        # finds them directly (SQLite otherwise walks the site's every file by tenant).
        Index("ix_item_attachment_tenant_item", "tenant_id", "item_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("content_item.id", ondelete="CASCADE"),
                                         index=True)
    attachment_id: Mapped[int] = mapped_column(
        ForeignKey("attachment.id", ondelete="RESTRICT"), index=True)
    role: Mapped[str] = mapped_column(String(20), default="file")  # file | image | form
    position: Mapped[int] = mapped_column(Integer, default=0)

    item = relationship("ContentItem", back_populates="attachments")
    attachment = relationship("Attachment", lazy="joined")
