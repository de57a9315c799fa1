"""Audit entries. Append-only: the ORM refuses to change or delete one, and on
PostgreSQL the application role has no UPDATE or DELETE privilege and a trigger refuses
them for everyone else."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, String, event, func
from sqlalchemy.orm import Mapped, Session, mapped_column

from hub.extensions import db
from tenants.isolation import TenantOwned


class AuditEntry(TenantOwned, db.Model):
    __tablename__ = "audit_entry"
    # Hub-level actions (a CLI command acting on accounts) have no tenant.
    __tenant_optional__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now(), index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    # The login name as typed, for failures where no account matches.
    actor_label: Mapped[str | None] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str | None] = mapped_column(String(64))
    object_id: Mapped[str | None] = mapped_column(String(64))
    ip: Mapped[str | None] = mapped_column(String(45))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    def __repr__(self) -> str:
        return f"<AuditEntry {self.action} {self.object_type}:{self.object_id}>"


class AuditLogIsAppendOnly(RuntimeError):
    pass


def _refuse_changes(session: Session, flush_context: Any, instances: Any) -> None:
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, AuditEntry):
            raise AuditLogIsAppendOnly("audit entries cannot be changed or deleted")


def listen() -> None:
    """Refuse changes to entries in every session (registered once per process)."""
    if not event.contains(Session, "before_flush", _refuse_changes):
        event.listen(Session, "before_flush", _refuse_changes)


APPEND_ONLY_TRIGGER = """
CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_entry is append-only';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_entry;
CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
  FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();
"""
