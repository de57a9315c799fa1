"""Spent proof-of-work challenges: a solution is accepted once, in any worker.

A row holds the challenge's hash (random, tied to no person, no address and no
cookie) until the challenge would have expired anyway; the purge job drops it then.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from hub.extensions import db


class SpentChallenge(db.Model):
    __tablename__ = "spent_challenge"

    challenge: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
