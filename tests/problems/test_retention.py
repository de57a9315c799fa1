"""The reporter's email is kept only to tell them the outcome: PROBLEM_RETENTION_DAYS
after the report was closed, the retention job erases it and redacts contact data in
the text; open reports and recent ones keep theirs."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import select, update

from hub.audit.models import AuditEntry
from hub.core.clock import utcnow
from hub.core.jobs import JOBS
from hub.extensions import db
from hub.problems.models import ProblemReport, ProblemState
from tenants.context import unscoped
from tests.factories import host_client
from tests.problems.helpers import COMMUNE, PROVINCE, World, post_report


def test_the_email_is_erased_after_the_retention_period(app: Flask, world: World) -> None:
    app.config["PROBLEM_RATE_PER_CLIENT"] = 10
    _item, path = world.items["province"]
    _item, commune_path = world.items["commune"]
    body = "Sai ngày. Gọi tôi: 0912 345 678."
    for client, item_path in ((host_client(app, PROVINCE), path),
                              (host_client(app, PROVINCE), path),
                              (host_client(app, COMMUNE), commune_path)):
        assert post_report(client, item_path, body=body).status_code == 303
    with app.app_context(), unscoped():
        old, recent, still_open = db.session.scalars(
            select(ProblemReport.id).order_by(ProblemReport.id)).all()
        days = app.config.get("PROBLEM_RETENTION_DAYS", 180)
        db.session.execute(update(ProblemReport).where(ProblemReport.id == old).values(
            state=ProblemState.FIXED, closed_at=utcnow() - timedelta(days=days + 1)))
        db.session.execute(update(ProblemReport).where(ProblemReport.id == recent).values(
            state=ProblemState.FIXED, closed_at=utcnow() - timedelta(days=days - 1)))
        db.session.commit()

    with app.app_context():
        assert JOBS["problems.retention"]() == 1
        db.session.commit()
        assert JOBS["problems.retention"]() == 0  # idempotent
        db.session.commit()

    with app.app_context(), unscoped():
        rows = {row.id: row for row in db.session.scalars(select(ProblemReport))}
        assert rows[old].email == "" and rows[old].erased_at is not None
        assert "0912 345 678" not in rows[old].body and "Sai ngày." in rows[old].body
        assert rows[recent].email == "lan.pham@example.vn"
        assert rows[still_open].email == "lan.pham@example.vn"
        [entry] = db.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "problems.personal_data_erased")).all()
        assert entry.object_id == str(old) and entry.tenant_id == world.province.id
