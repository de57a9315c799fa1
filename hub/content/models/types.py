"""One table per content type, joined to ``content_item``."""

from __future__ import annotations

import enum
import re
from datetime import date, datetime, time

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    and_,
    or_,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement

from hub.content.models.items import ContentItem, ContentType
from hub.core.database import stored_enum
from hub.extensions import db
from tenants.isolation import TenantOwned


class ArticleKind(str, enum.Enum):
    NEWS = "news"                # tin tức
    EVENT = "event"              # sự kiện: due 8 working hours after it happens
    PROPAGANDA = "propaganda"    # tuyên truyền, phổ biến, hướng dẫn pháp luật
    DIRECTION = "direction"      # chỉ đạo, điều hành
    PHOTO = "photo"              # tin ảnh: a story told in photographs


class Article(ContentItem):
    __tablename__ = "article"

    id: Mapped[int] = mapped_column(ForeignKey("content_item.id", ondelete="CASCADE"),
                                    primary_key=True)
    kind: Mapped[ArticleKind] = mapped_column(stored_enum(ArticleKind),
                                              default=ArticleKind.NEWS)
    event_starts_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    event_place: Mapped[str] = mapped_column(String(300), default="")

    __mapper_args__ = {"polymorphic_identity": ContentType.ARTICLE}


class PageKind(str, enum.Enum):
    INTRODUCTION = "introduction"            # giới thiệu
    HISTORY = "history"                      # lịch sử
    NATURAL_CONDITIONS = "natural_conditions"  # điều kiện tự nhiên
    CULTURE = "culture"                      # văn hoá
    RELICS = "relics"                        # di tích, danh thắng
    ORGANISATION = "organisation"            # cơ cấu tổ chức
    FUNCTIONS = "functions"                  # chức năng, nhiệm vụ, quyền hạn
    MAP = "map"                              # bản đồ địa giới hành chính
    OTHER = "other"


class Page(ContentItem):
    __tablename__ = "page"

    id: Mapped[int] = mapped_column(ForeignKey("content_item.id", ondelete="CASCADE"),
                                    primary_key=True)
    kind: Mapped[PageKind] = mapped_column(stored_enum(PageKind), default=PageKind.OTHER)
    # Organisation structure: an org chart image, or a tree of units as JSON text.
    org_chart_id: Mapped[int | None] = mapped_column(
        ForeignKey("attachment.id", ondelete="SET NULL"))
    org_tree: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)

    __mapper_args__ = {"polymorphic_identity": ContentType.PAGE}


class LegalDocumentType(str, enum.Enum):
    LAW = "luat"                    # Luật
    DECREE = "nghi_dinh"            # Nghị định
    CIRCULAR = "thong_tu"           # Thông tư
    DECISION = "quyet_dinh"         # Quyết định
    DIRECTIVE = "chi_thi"           # Chỉ thị
    RESOLUTION = "nghi_quyet"       # Nghị quyết
    PLAN = "ke_hoach"               # Kế hoạch
    OFFICIAL_LETTER = "cong_van"    # Công văn
    NOTICE = "thong_bao"            # Thông báo
    REPORT = "bao_cao"              # Báo cáo
    OTHER = "khac"


class Register(str, enum.Enum):
    """The two registers a portal keeps (seed 003 Article 6.2.a and i)."""
    NORMATIVE = "normative"    # văn bản quy phạm pháp luật
    DIRECTIVE = "directive"    # văn bản chỉ đạo, điều hành: công văn, thông báo, ...


# The register a document belongs to follows from its type, and for the types an
# authority issues both as rules and as individual acts, from its number: the Law on
# Promulgation of Legal Documents numbers a normative document "số/năm/ký hiệu"
# ("40/2024/QĐ-UBND", "12/2024/NQ-HĐND"), an individual one without the year
# ("1234/QĐ-UBND"). Chỉ thị are no longer normative since the 2015 Law.
NORMATIVE_TYPES = frozenset({LegalDocumentType.LAW, LegalDocumentType.DECREE,
                             LegalDocumentType.CIRCULAR})
TYPES_RULED_BY_NUMBER = frozenset({LegalDocumentType.DECISION,
                                   LegalDocumentType.RESOLUTION})
NORMATIVE_NUMBER = "/[0-9]{4}/"


def register_of(document_type: LegalDocumentType, number: str) -> Register:
    """Which register a document of ``document_type`` numbered ``number`` is listed in."""
    if document_type in NORMATIVE_TYPES or (
            document_type in TYPES_RULED_BY_NUMBER
            and re.search(NORMATIVE_NUMBER, number or "")):
        return Register.NORMATIVE
    return Register.DIRECTIVE


class Validity(str, enum.Enum):
    IN_FORCE = "in_force"                # còn hiệu lực
    EXPIRED = "expired"                  # hết hiệu lực
    PARTLY_EXPIRED = "partly_expired"    # hết hiệu lực một phần
    NOT_YET = "not_yet"                  # chưa có hiệu lực


class LegalDocument(ContentItem):
    __tablename__ = "legal_document"

    id: Mapped[int] = mapped_column(ForeignKey("content_item.id", ondelete="CASCADE"),
                                    primary_key=True)
    # số, ký hiệu: "40/2024/QĐ-UBND"; its folded form is the item's natural_key, unique
    # per site.
    number: Mapped[str] = mapped_column(String(120))
    document_type: Mapped[LegalDocumentType] = mapped_column(stored_enum(LegalDocumentType))
    issuer: Mapped[str] = mapped_column(String(300))            # cơ quan ban hành
    signer: Mapped[str] = mapped_column(String(200), default="")  # người ký
    issued_on: Mapped[date] = mapped_column(Date)
    effective_on: Mapped[date | None] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    validity: Mapped[Validity] = mapped_column(stored_enum(Validity),
                                               default=Validity.IN_FORCE)
    field: Mapped[str] = mapped_column(String(200), default="")   # lĩnh vực
    gazette_number: Mapped[str] = mapped_column(String(60), default="")  # số công báo

    relations = relationship("DocumentRelation", foreign_keys="DocumentRelation.document_id",
                             cascade="all, delete-orphan")

    @property
    def register(self) -> Register:
        return register_of(self.document_type, self.number)

    @classmethod
    def in_register(cls, register: Register) -> ColumnElement[bool]:
        """The SQL condition of ``register_of``: the same rule, in the database."""
        normative = or_(cls.document_type.in_(NORMATIVE_TYPES), and_(
            cls.document_type.in_(TYPES_RULED_BY_NUMBER),
            cls.number.regexp_match(NORMATIVE_NUMBER)))
        return normative if register is Register.NORMATIVE else ~normative

    __mapper_args__ = {"polymorphic_identity": ContentType.LEGAL_DOCUMENT}


class DocumentRelation(TenantOwned, db.Model):
    """A document replaces (thay thế) or amends (sửa đổi, bổ sung) another."""

    __tablename__ = "document_relation"
    __table_args__ = (UniqueConstraint("document_id", "target_id", "relation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("legal_document.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[int] = mapped_column(
        ForeignKey("legal_document.id", ondelete="CASCADE"), index=True)
    relation: Mapped[str] = mapped_column(String(16))  # "replaces" | "amends"

    target = relationship("LegalDocument", foreign_keys=[target_id])


class Procedure(ContentItem):
    """An administrative procedure (thủ tục hành chính), usually imported in bulk from
    the National Public Service Portal's data."""

    __tablename__ = "procedure"

    id: Mapped[int] = mapped_column(ForeignKey("content_item.id", ondelete="CASCADE"),
                                    primary_key=True)
    code: Mapped[str] = mapped_column(String(60))  # mã thủ tục; also the natural_key
    field: Mapped[str] = mapped_column(String(200), default="")  # lĩnh vực
    agency: Mapped[str] = mapped_column(String(300), default="")  # cơ quan thực hiện
    service_level: Mapped[str] = mapped_column(String(40), default="")  # mức độ DVC
    steps: Mapped[str] = mapped_column(Text, default="")        # trình tự thực hiện
    dossier: Mapped[str] = mapped_column(Text, default="")      # thành phần hồ sơ
    processing_time: Mapped[str] = mapped_column(String(300), default="")
    fees: Mapped[str] = mapped_column(String(500), default="")
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    national_portal_url: Mapped[str] = mapped_column(String(500), default="")
    effective_on: Mapped[date | None] = mapped_column(Date)  # when a change takes effect

    __mapper_args__ = {"polymorphic_identity": ContentType.PROCEDURE}


class ScheduleEntry(ContentItem):
    """One appointment of the leaders' work schedule (lịch công tác)."""

    __tablename__ = "schedule_entry"

    id: Mapped[int] = mapped_column(ForeignKey("content_item.id", ondelete="CASCADE"),
                                    primary_key=True)
    leader: Mapped[str] = mapped_column(String(200))
    day: Mapped[date] = mapped_column(Date, index=True)
    starts_at: Mapped[time | None] = mapped_column(Time)
    place: Mapped[str] = mapped_column(String(300), default="")
    participants: Mapped[str] = mapped_column(Text, default="")
    host_unit: Mapped[str] = mapped_column(String(300), default="")  # đơn vị chủ trì

    __mapper_args__ = {"polymorphic_identity": ContentType.SCHEDULE_ENTRY}


class DisclosureKind(str, enum.Enum):
    BUDGET = "budget"                        # ngân sách
    PUBLIC_INVESTMENT = "public_investment"  # đầu tư công
    PROCUREMENT = "procurement"              # mua sắm công
    STATISTICS = "statistics"                # thống kê
    PLAN = "plan"                            # chiến lược, kế hoạch, quy hoạch


class Disclosure(ContentItem):
    __tablename__ = "disclosure"

    id: Mapped[int] = mapped_column(ForeignKey("content_item.id", ondelete="CASCADE"),
                                    primary_key=True)
    kind: Mapped[DisclosureKind] = mapped_column(stored_enum(DisclosureKind))
    period: Mapped[str] = mapped_column(String(60), default="")  # "Quý III/2026", "2026"
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)

    __mapper_args__ = {"polymorphic_identity": ContentType.DISCLOSURE}
