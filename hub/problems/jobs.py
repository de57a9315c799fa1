"""The reports' background job (``hub.core.jobs``): the reporter's email is erased
``PROBLEM_RETENTION_DAYS`` (default 180) after the report was closed; what they wrote
stays, redacted. Idempotent (``erased_at``), so every worker may run it."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from hub.core.clock import utcnow
from hub.extensions import db
from hub.problems.models import ProblemReport
from hub.problems.operations import erase_personal_data
from tenants.context import tenant_scope, unscoped

BATCH = 200


def retention_days() -> int:
    return int(current_app.config.get("PROBLEM_RETENTION_DAYS", 180))


def erase_expired() -> int:
    limit = utcnow() - timedelta(days=retention_days())
    with unscoped():
        due = list(db.session.execute(
            select(ProblemReport.id, ProblemReport.tenant_id).where(
                ProblemReport.erased_at.is_(None), ProblemReport.closed_at.is_not(None),
                ProblemReport.closed_at < limit).limit(BATCH)))
    for report_id, tenant_id in due:
        with tenant_scope(tenant_id):
            report = db.session.get(ProblemReport, report_id)
            if report is not None:
                erase_personal_data(report)
                db.session.flush()  # in the site's scope (row-level security)
    return len(due)
