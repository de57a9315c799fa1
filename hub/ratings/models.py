"""What a site keeps of its visitors' ratings (003 Article 3.8.d; Decree 224/2026).

- ``Rating``: the four marks the regulation names — interface, content, quality, the
  agency's support — each 1 to 5, an optional comment that staff read and may hide
  (it is never shown to the public), the host's language and the day (no time of day:
  a day cannot be matched to a line of a server log).
- ``PageUsefulness``: "Was this page useful?", yes or no, for one public path and day.
- ``DailyKey`` and ``SeenToday``: the daily damping. A repeat from the same client on
  the same day is recognised by a keyed hash of (client address, purpose); the key is
  random, one per site and day, and both the key and the day's hashes are deleted the
  next day (``damping.forget_past_days``), after which nothing links a rating to anyone.

No row holds an address, a cookie, an account or anything else about the visitor.
"""

from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from hub.core.database import stored_enum
from hub.extensions import db
from tenants.isolation import TenantOwned

ASPECTS = ("interface", "content", "quality", "support")
PATH_MAX = 300
COMMENT_MAX = 2000


class CommentState(str, enum.Enum):
    NEW = "new"          # not yet read by staff
    READ = "read"
    HIDDEN = "hidden"    # abusive or beside the point: out of the staff's list too


class Rating(TenantOwned, db.Model):
    __tablename__ = "rating"
    __table_args__ = tuple(
        CheckConstraint(f"{aspect} BETWEEN 1 AND 5", name=f"{aspect}_range")
        for aspect in ASPECTS) + (Index("ix_rating_tenant_day", "tenant_id", "rated_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rated_on: Mapped[date] = mapped_column(Date)          # the portal's day, no time
    locale: Mapped[str] = mapped_column(String(8))
    interface: Mapped[int] = mapped_column(SmallInteger)  # giao diện
    content: Mapped[int] = mapped_column(SmallInteger)    # nội dung
    quality: Mapped[int] = mapped_column(SmallInteger)    # chất lượng
    support: Mapped[int] = mapped_column(SmallInteger)    # sự hỗ trợ của cơ quan
    comment: Mapped[str | None] = mapped_column(Text)
    comment_state: Mapped[CommentState | None] = mapped_column(stored_enum(CommentState))


class PageUsefulness(TenantOwned, db.Model):
    __tablename__ = "page_usefulness"
    __table_args__ = (Index("ix_page_usefulness_tenant_day", "tenant_id", "rated_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rated_on: Mapped[date] = mapped_column(Date)
    path: Mapped[str] = mapped_column(String(PATH_MAX))
    useful: Mapped[bool] = mapped_column(Boolean)


class DailyKey(TenantOwned, db.Model):
    """Today's random key of a site's damping hashes; deleted the next day."""
    __tablename__ = "rating_daily_key"
    __table_args__ = (UniqueConstraint("tenant_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    key: Mapped[bytes] = mapped_column(LargeBinary(32))


class SeenToday(TenantOwned, db.Model):
    """A client already counted today for a purpose: an HMAC under the day's key."""
    __tablename__ = "rating_seen"
    __table_args__ = (UniqueConstraint("tenant_id", "day", "digest"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    digest: Mapped[str] = mapped_column(String(64))
