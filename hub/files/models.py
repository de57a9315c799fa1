"""Uploaded files: stored once per site under its own folder, named by sha256. An image
also knows its size in pixels (as shown, after its EXIF orientation) and the point its
crops are centred on (``hub.images``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Float, ForeignKey, Integer, String, func
from sqlalchemy.orm import Mapped, mapped_column

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
    # Images only: pixels as shown, and the focal point as fractions of width and height.
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    focal_x: Mapped[float] = mapped_column(Float, default=0.5, server_default="0.5")
    focal_y: Mapped[float] = mapped_column(Float, default=0.5, server_default="0.5")

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
