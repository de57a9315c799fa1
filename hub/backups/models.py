"""What became of every backup and verification: the hub's, no tenant."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import BigInteger, DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hub.core.database import stored_enum
from hub.extensions import db


class RunKind(str, enum.Enum):
    CREATE = "create"
    VERIFY = "verify"


class RunOutcome(str, enum.Enum):
    OK = "ok"
    FAILED = "failed"


class BackupRun(db.Model):
    """One run: a backup made, or one verified (by the schedule or a command)."""

    __tablename__ = "backup_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[RunKind] = mapped_column(stored_enum(RunKind, length=16))
    outcome: Mapped[RunOutcome] = mapped_column(stored_enum(RunOutcome, length=16),
                                                index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    finished_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    backup_name: Mapped[str | None] = mapped_column(String(64), index=True)
    size: Mapped[int | None] = mapped_column(BigInteger)
    reason: Mapped[str | None] = mapped_column(Text)

    def __repr__(self) -> str:
        return f"<BackupRun {self.kind.value} {self.outcome.value} {self.backup_name}>"
