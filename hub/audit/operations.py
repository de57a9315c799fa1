"""Writing audit entries. Services call ``record``; it only adds to the session."""

from __future__ import annotations

from typing import Any

from hub.audit.models import AuditEntry
from hub.core.http import client_ip
from hub.extensions import db
from tenants import context


def record(action: str, *, actor: Any = None, actor_label: str | None = None,
           obj: Any = None, object_type: str | None = None, object_id: Any = None,
           tenant_id: int | None = None, **detail: Any) -> AuditEntry:
    """Add one audit entry for ``action`` (e.g. "login.failed") to the session."""
    if obj is not None:
        object_type = object_type or type(obj).__name__
        object_id = object_id if object_id is not None else getattr(obj, "id", None)
    entry = AuditEntry(
        action=action,
        actor_id=getattr(actor, "id", None),
        actor_label=actor_label or getattr(actor, "email", None),
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        ip=client_ip(),
        detail=detail,
        tenant_id=tenant_id if tenant_id is not None else context.current_tenant_id(),
    )
    db.session.add(entry)
    return entry
