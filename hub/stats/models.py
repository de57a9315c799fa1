"""Daily page-view counters, written in batches (never one write per request)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Date, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hub.extensions import db
from tenants.isolation import TenantOwned


class PageViewCount(TenantOwned, db.Model):
    __tablename__ = "page_view_count"
    # item_id 0 is the site's total (not NULL, so the unique key works everywhere).
    __table_args__ = (UniqueConstraint("tenant_id", "item_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(Integer, default=0, index=True)
    day: Mapped[date] = mapped_column(Date)
    views: Mapped[int] = mapped_column(BigInteger, default=0)
