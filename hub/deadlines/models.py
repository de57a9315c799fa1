"""Calendar overrides, deadline rules and monthly quotas: data, not code.

The rules come from the regulation (MISSION "Deadlines"): a legal document is due 3
working days after issue, propaganda 7, other information 10, news of an event 8 working
hours, a procedure change 2 working days after it takes effect. A site may override a
rule in its settings (``deadline_overrides``); the office edits the defaults here.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hub.extensions import db


class WorkingDayOverride(db.Model):
    """A day announced each year as swapped: a Saturday worked, a weekday off."""

    __tablename__ = "working_day_override"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    is_working_day: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(String(300), default="")


class DeadlineRule(db.Model):
    __tablename__ = "deadline_rule"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    amount: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(16))  # "working_days" | "working_hours"
    description: Mapped[str] = mapped_column(String(300), default="")


class PublicationQuota(db.Model):
    """Minimum news items a month per kind of site (002 Article 8.3)."""

    __tablename__ = "publication_quota"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_kind: Mapped[str] = mapped_column(String(16), unique=True)
    per_month: Mapped[int] = mapped_column(Integer)
