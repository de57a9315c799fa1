"""Uploaded files: stored once per site under its own folder, named by sha256.

An image also knows its size in pixels (as shown, after its EXIF orientation) and the
point its crops are centred on (``hub.images``). A PDF or Word file attached to an item
also carries the text search read from it (``search.file_text``): the text itself
(deferred: pages that list files never load it), how the reading went, and the sha256 of
the bytes it was read from, so a file whose bytes change is read again."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Float, ForeignKey, Integer, String, Text, func
from sqlalchemy.orm import Mapped, deferred, mapped_column

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
    # What search read from the file: ok | no_text | encrypted | too_large | timeout |
    # failed (``search.extraction``); None until it is read.
    extraction_status: Mapped[str | None] = mapped_column(String(20))
    extraction_detail: Mapped[str] = mapped_column(String(500), default="",
                                                   server_default="")
    extracted_sha256: Mapped[str | None] = mapped_column(String(64))
    extracted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    extracted_text: Mapped[str | None] = deferred(mapped_column(Text))

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
