"""A report of a problem with a published item: wrong information, a broken link or
file, harmful content (003 Article 8.2, 000 Article 5.2).

A report belongs to the site whose item it is about and is never public. The reporter
may leave an email to be told the outcome (personal data: shown to staff only, erased
``PROBLEM_RETENTION_DAYS`` after the report is closed). ``workflow_event_id``: the
editorial workflow's take-down step taken from this report.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hub.core.database import stored_enum
from hub.extensions import Timestamps, db
from tenants.isolation import TenantOwned


class ProblemReason(str, enum.Enum):
    WRONG = "wrong"              # thông tin sai
    BROKEN = "broken"            # liên kết, tệp hỏng
    HARMFUL = "harmful"          # nội dung vi phạm (003 Article 8.2.b)
    OTHER = "other"


class ProblemState(str, enum.Enum):
    OPEN = "open"
    FIXED = "fixed"              # closed: the item was corrected
    NOT_A_PROBLEM = "not_a_problem"  # closed: nothing to change
    TAKEN_DOWN = "taken_down"    # the item was taken down (the workflow's step)


CLOSED_STATES = frozenset({ProblemState.FIXED, ProblemState.NOT_A_PROBLEM,
                           ProblemState.TAKEN_DOWN})


class ProblemReport(TenantOwned, Timestamps, db.Model):
    __tablename__ = "problem_report"
    __table_args__ = (Index("ix_problem_report_tenant_state", "tenant_id", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int | None] = mapped_column(
        ForeignKey("content_item.id", ondelete="SET NULL"), index=True)
    # The item's title when reported: the report stays readable if the item goes.
    item_title: Mapped[str] = mapped_column(String(500), default="")
    reason: Mapped[ProblemReason] = mapped_column(stored_enum(ProblemReason))
    state: Mapped[ProblemState] = mapped_column(stored_enum(ProblemState),
                                                default=ProblemState.OPEN)
    body: Mapped[str] = mapped_column(Text)
    # The reporter (personal data: never public, erased after the retention period).
    email: Mapped[str] = mapped_column(String(254), default="")
    consent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The language of the host it was sent from: the reply is in it.
    locale: Mapped[str] = mapped_column(String(8), default="vi")
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)

    note: Mapped[str] = mapped_column(Text, default="")  # staff's closing note
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    workflow_event_id: Mapped[int | None] = mapped_column(
        ForeignKey("workflow_event.id", ondelete="SET NULL"))
    erased_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Bumped by every step: two staff closing one report cannot both win.
    version: Mapped[int] = mapped_column(Integer, default=1)

    item = relationship("ContentItem")
    closed_by = relationship("User")
    workflow_event = relationship("WorkflowEvent")

    def __repr__(self) -> str:
        return f"<ProblemReport {self.id} {self.state.value} site {self.tenant_id}>"

    @property
    def is_open(self) -> bool:
        return self.state is ProblemState.OPEN
