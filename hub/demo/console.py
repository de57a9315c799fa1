"""Demo of the province office's console: the commune of Thống Nhất reminded once
(what it lacks, to its administrator), the six-monthly evaluation of the current
half-year in the archive, a planned suspension announced for the Department of Justice,
and the deputy head of the Department of Science and Technology approving notices only —
made through the real services, so the console's rows, the site's page,
``/quan-tri/tinh/bao-cao``, the suspension banner and ``/quan-tri/pham-vi-duyet`` have
something to show."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import select

from hub.accounts.models import User
from hub.console import periodic, reminders
from hub.console.pdf import PdfUnavailable
from hub.core import clock
from hub.core.clock import local_today
from hub.deadlines.calendar import add_working_days
from hub.directory.models import Category
from hub.extensions import db
from hub.sites import suspensions
from hub.workflow.models import ApproverScope
from tenants.context import tenant_scope, unscoped
from tenants.models import Domain, Tenant

OFFICE = "admin@langson.gov.vn"
REMINDED = "xathongnhat"
SUSPENDED = "sotuphap"
DEPUTY = "phogiamdoc.sokhcn@langson.gov.vn"
DEPUTY_SITE = "sokhcn"
DEPUTY_CATEGORY = "Thông báo"


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
    lines += _announce_suspension(app, base_domain)
    lines += _scope_deputy(app, base_domain)
    return lines


def _site(base_domain: str, label: str) -> Tenant | None:
    return db.session.scalars(select(Tenant).join(Domain).where(
        Domain.hostname == f"{label}.{base_domain}")).first()


def _announce_suspension(app: Flask, base_domain: str) -> list[str]:
    """Maintenance of the Department of Justice's site, 10 working days ahead."""
    with app.app_context(), unscoped():
        site = _site(base_domain, SUSPENDED)
        office = db.session.scalars(select(User).filter_by(email=OFFICE)).first()
        if site is None:
            return []
        # 20:00 on the 10th working day ahead (Vietnam time): after office hours.
        starts_at = add_working_days(local_today(), 10).replace(hour=20, minute=0)
        suspensions.announce(site, starts_at, starts_at + timedelta(hours=4),
                             reason="Nâng cấp máy chủ và phần mềm cổng thông tin",
                             by=office)
        db.session.commit()
    return [f"Planned suspension: {SUSPENDED} announced for "
            f"{clock.to_local(starts_at):%d/%m/%Y %H:%M} (banner on its pages)."]


def _scope_deputy(app: Flask, base_domain: str) -> list[str]:
    with app.app_context():
        with unscoped():
            site = _site(base_domain, DEPUTY_SITE)
            deputy = db.session.scalars(select(User).filter_by(email=DEPUTY)).first()
        if site is None or deputy is None:
            return []
        with tenant_scope(site.id):
            category = db.session.scalars(select(Category).filter_by(
                name=DEPUTY_CATEGORY)).first()
            if category is None:
                return []
            db.session.add(ApproverScope(user_id=deputy.id, category_id=category.id))
            db.session.commit()
    return [f"Approvers' categories: {DEPUTY} approves {DEPUTY_CATEGORY} only "
            f"({DEPUTY_SITE}, /quan-tri/pham-vi-duyet)."]
