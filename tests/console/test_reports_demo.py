"""The demo shows the office's reminders and reports: the commune of Thống Nhất
reminded once from the console, and the six-monthly evaluation in the archive."""

from __future__ import annotations

from sqlalchemy import select

from hub.console.models import PeriodicReport, ReminderKind, SiteReminder
from hub.demo.console import seed_demo_console
from hub.demo.seed import seed_demo
from hub.extensions import db
from tenants.context import unscoped
from tenants.models import Tenant
from tests.console.reports_helpers import needs_pdf


@needs_pdf
def test_the_demo_has_a_reminder_and_a_report(app):
    with app.app_context():
        seed_demo()
        db.session.commit()
    lines = seed_demo_console(app, "langson.localhost")
    # The reminder, the report and the announced suspension (no categories without
    # the demo's content, so no approver's scope).
    assert len(lines) == 3 and lines[2].startswith("Planned suspension: sotuphap")
    with app.app_context(), unscoped():
        reminder = db.session.scalars(select(SiteReminder)).one()
        commune = db.session.get(Tenant, reminder.tenant_id)
        assert commune.slug == "xathongnhat.langson"
        assert reminder.kind is ReminderKind.MANUAL and reminder.recipients == 1
        assert reminder.by.email == "admin@langson.gov.vn" and reminder.items
        report = db.session.scalars(select(PeriodicReport)).one()
        assert report.kind == "units_half" and report.unit_count == 72
        assert report.pdf.startswith(b"%PDF") and report.xlsx.startswith(b"PK")
