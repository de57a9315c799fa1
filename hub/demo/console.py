"""Demo of the province office's reminders and periodic reports: the commune of Thống
Nhất reminded once from the console (what it lacks, to its administrator), and the
six-monthly evaluation of the current half-year in the archive — made through the real
services of ``hub.console``, so the console's row, the site's page and
``/quan-tri/tinh/bao-cao`` have something to show."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from hub.accounts.models import User
from hub.console import periodic, reminders
from hub.console.pdf import PdfUnavailable
from hub.core.clock import local_today
from hub.extensions import db
from tenants.context import unscoped
from tenants.models import Domain

OFFICE = "admin@langson.gov.vn"
REMINDED = "xathongnhat"


def seed_demo_console(app: Flask, base_domain: str) -> list[str]:
    """Returns the lines ``flask demo seed`` prints about it."""
    lines = []
    with app.app_context(), unscoped():
        office = db.session.scalars(select(User).filter_by(email=OFFICE)).first()
        commune = db.session.scalars(select(Domain.tenant_id).filter_by(
            hostname=f"{REMINDED}.{base_domain}")).first()
    if office is None or commune is None:
        return lines
    with app.app_context():
        office = db.session.get(User, office.id)
        try:
            reminders.remind_now(commune, by=office)
        except reminders.ReminderRefused:
            pass
        else:
            lines.append(f"Reminders: {REMINDED} reminded once from the console "
                         "(its page under /quan-tri/tinh).")
        try:
            with unscoped():  # the hub's report: its audit entry has no site
                report = periodic.generate("units_half", local_today(), by=office)
                db.session.flush()
        except PdfUnavailable:
            db.session.rollback()
        else:
            lines.append(f"Periodic reports: the six-monthly evaluation of "
                         f"{report.unit_count} units at /quan-tri/tinh/bao-cao.")
        db.session.commit()
    return lines
