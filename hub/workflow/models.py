"""The workflow's own table: which categories an approver is limited to (004 Article 14)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hub.extensions import db
from tenants.isolation import TenantOwned


class ApproverScope(TenantOwned, db.Model):
    """Limits an approver to some categories. An approver with no rows approves all."""

    __tablename__ = "approver_scope"
    __table_args__ = (UniqueConstraint("user_id", "category_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id", ondelete="CASCADE"))
