"""A draft put out for public comment (dự thảo lấy ý kiến; 003 Articles 3.8.c, 5.1.m).

The draft is content like any other: written, reviewed and published through the
editorial workflow, revised, searched and translated. What it adds: the agency that
drafted it, the days comments are received, whom to contact, and the list of its
articles and clauses a comment may address. The comments, the agency's responses and
the published outcome are citizens' and staff's data of ``hub.consultations``.
"""

from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hub.content.models.items import ContentItem, ContentType


class ConsultationPhase(str, enum.Enum):
    UPCOMING = "upcoming"   # published, comments not yet received
    OPEN = "open"           # đang lấy ý kiến
    CLOSED = "closed"       # hết hạn: the agency analyses the comments


class Consultation(ContentItem):
    __tablename__ = "consultation"

    id: Mapped[int] = mapped_column(ForeignKey("content_item.id", ondelete="CASCADE"),
                                    primary_key=True)
    drafting_agency: Mapped[str] = mapped_column(String(300))  # cơ quan chủ trì soạn thảo
    field: Mapped[str] = mapped_column(String(200), default="")  # lĩnh vực
    opens_on: Mapped[date] = mapped_column(Date)
    # The last day comments are received (included), as the notice prints it.
    closes_on: Mapped[date] = mapped_column(Date, index=True)
    contact_person: Mapped[str] = mapped_column(String(300), default="")  # đầu mối
    # The draft's articles and clauses, one per line ("Điều 3. Đối tượng áp dụng").
    clauses: Mapped[str] = mapped_column(Text, default="")

    __mapper_args__ = {"polymorphic_identity": ContentType.CONSULTATION}

    @property
    def clause_list(self) -> list[str]:
        return [line.strip() for line in (self.clauses or "").splitlines() if line.strip()]

    def phase(self, today: date) -> ConsultationPhase:
        """Where the comment period stands on ``today`` (Viet Nam's day)."""
        if today < self.opens_on:
            return ConsultationPhase.UPCOMING
        if today <= self.closes_on:
            return ConsultationPhase.OPEN
        return ConsultationPhase.CLOSED
