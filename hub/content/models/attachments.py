"""Files attached to items (the files themselves are ``hub.files.models.Attachment``)."""

from __future__ import annotations

from sqlalchemy import (
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hub.extensions import db
from hub.files.models import Attachment
from tenants.isolation import TenantOwned


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
    attachment = relationship(Attachment, lazy="joined")
