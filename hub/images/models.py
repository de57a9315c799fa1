"""Renditions of a site's images: each made once, kept in the store, named here."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hub.extensions import db
from tenants.isolation import TenantOwned


class ImageRendition(TenantOwned, db.Model):
    """One size and format of an image (``hub.images.specs``), in the store under its
    site's folder (``storage_key``). One row per image, spec and format: the first
    request makes it, every later one reads it."""

    __tablename__ = "image_rendition"
    __table_args__ = (UniqueConstraint("attachment_id", "spec", "format"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attachment_id: Mapped[int] = mapped_column(
        ForeignKey("attachment.id", ondelete="CASCADE"))
    spec: Mapped[str] = mapped_column(String(20))      # "640", "640-16x9"
    format: Mapped[str] = mapped_column(String(8))     # webp | jpg | png
    storage_key: Mapped[str] = mapped_column(String(300))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(Integer)
