"""What the province office's console keeps: the reminders sent to sites, and the
archive of periodic reports.

- ``SiteReminder``: one mail digest to a site's administrators (weekly or "remind now"),
  with what it listed. It belongs to the site it reminded (row-level security: a site's
  own SQL sees its reminders only); the console reads every site's inside ``unscoped()``.
  A weekly reminder carries its ISO week: ``(tenant_id, week)`` is unique, so two
  workers running the weekly job at once send one digest.
- ``PeriodicReport``: one generated report (003 Articles 13.1.e, 14.9, 21; 001 Article
  11; 002 Article 16.2.g) with its period, the units it covers and its two files. It is
  the hub's, not a site's: no tenant. The files live in the row (tens to hundreds of
  kilobytes, written once, read rarely), deferred so the archive list never loads them.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hub.accounts.models import User
from hub.core.database import stored_enum
from hub.extensions import db
from tenants.isolation import TenantOwned


class ReminderKind(str, enum.Enum):
    WEEKLY = "weekly"    # the weekly digest (the jobs)
    MANUAL = "manual"    # "remind now" from the console


class SiteReminder(TenantOwned, db.Model):
    __tablename__ = "site_reminder"
    __table_args__ = (UniqueConstraint("tenant_id", "week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ReminderKind] = mapped_column(stored_enum(ReminderKind, length=16))
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    # "2026-W49" for a weekly digest; none for "remind now" (any number a week).
    week: Mapped[str | None] = mapped_column(String(10))
    by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    # What the digest listed: [{"key": ..., "text": ...}], in the order of the mail.
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    recipients: Mapped[int] = mapped_column(Integer, default=0)

    by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<SiteReminder {self.tenant_id} {self.kind.value} {self.sent_at:%Y-%m-%d}>"


class PeriodicReport(db.Model):
    __tablename__ = "periodic_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    period_kind: Mapped[str] = mapped_column(String(16))
    period_first: Mapped[date] = mapped_column(Date)
    period_last: Mapped[date] = mapped_column(Date)
    period_label: Mapped[str] = mapped_column(String(64))
    # The units covered: [{"id", "slug", "name", "kind"}] as they were when generated.
    units: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    unit_count: Mapped[int] = mapped_column(Integer, default=0)
    generated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                   server_default=func.now(), index=True)
    generated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    xlsx: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    xlsx_sha256: Mapped[str] = mapped_column(String(64))
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    xlsx_size: Mapped[int] = mapped_column(Integer, default=0)
    pdf_size: Mapped[int] = mapped_column(Integer, default=0)

    generated_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<PeriodicReport {self.kind} {self.period_first}..{self.period_last}>"
