"""Reading the audit log (nhật ký): the filters, one page of entries, the CSV file.

A site's admins read their site's entries through the normal tenant scope; the province
office and the auditor read every site's entries (and the hub-level ones, with no site)
from the province host, inside an explicit ``unscoped()`` block opened by the caller.
Reading records nothing; an export is recorded by the handler ("audit.exported").

A page is two statements whatever its size: the entries (with their site's name) and
the actions present, for the filter's list. Pages are by offset, newest first, one more
row fetched than shown to know whether a next page exists.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select

from hub.audit.models import AuditEntry
from hub.core.clock import as_utc, aware, start_of_day
from hub.extensions import db
from tenants.models import Tenant

PER_PAGE = 50
# The most rows one CSV file holds: a narrower filter gives the rest.
EXPORT_LIMIT = 50_000

# How each action is named to people; an action missing here is shown as it is stored.
ACTION_LABELS: dict[str, Any] = {
    "login.succeeded": _l("Logged in"),
    "login.failed": _l("Login refused"),
    "login.locked": _l("Account locked after failed logins"),
    "login.password_accepted": _l("Password accepted, code asked"),
    "logout": _l("Logged out"),
    "password.changed": _l("Password changed"),
    "password.reset_requested": _l("Password reset asked for"),
    "password.reset": _l("Password reset"),
    "second_factor.enabled": _l("Second factor switched on"),
    "second_factor.disabled": _l("Second factor switched off"),
    "second_factor.reset": _l("Second factor reset by the office"),
    "second_factor.recovery_codes_regenerated": _l("New recovery codes made"),
    "user.created": _l("Account created"),
    "user.disabled": _l("Account disabled"),
    "user.enabled": _l("Account enabled"),
    "membership.granted": _l("Role given"),
    "membership.revoked": _l("Role taken away"),
    "audit.exported": _l("Audit log exported"),
    "royalties.exported": _l("Royalties exported"),
    "content.create": _l("Item created"),
    "content.edit": _l("Item edited"),
    "content.restore_revision": _l("Earlier revision restored"),
    "content.submit": _l("Item submitted for approval"),
    "content.approve": _l("Item approved and published"),
    "content.publish": _l("Item published"),
    "content.republish": _l("Item published again"),
    "content.schedule": _l("Item scheduled"),
    "content.return": _l("Item returned to its author"),
    "content.unpublish": _l("Item unpublished"),
    "content.take_down": _l("Item taken down"),
    "content.archive": _l("Item archived"),
    "attachment.uploaded": _l("File uploaded"),
    "category.deleted": _l("Category deleted"),
    "menu_item.deleted": _l("Menu entry deleted"),
    "person.deleted": _l("Contact deleted"),
    "question.received": _l("Question received"),
    "question.answered": _l("Question answered"),
    "question.forwarded": _l("Question forwarded"),
    "question.published": _l("Question published"),
    "problems.received": _l("Problem report received"),
    "problems.closed": _l("Problem report closed"),
    "translation.request": _l("Translation requested"),
    "tenant.created": _l("Site created"),
    "tenant.renamed": _l("Site renamed"),
    "tenant.moved": _l("Site moved"),
    "domain.added": _l("Address added to a site"),
    "calendar.override_set": _l("Working day swapped"),
    "calendar.override_removed": _l("Swapped working day removed"),
    "backup.create": _l("Backup run"),
    "backup.verify": _l("Backup checked"),
    "backup.restore": _l("Backup restored"),
    "backup.prune": _l("Old backups deleted"),
    "backup.stale_alert": _l("No verified backup: the office alerted"),
}

# Detail keys never shown nor exported, whatever an action wrote: secrets and hashes.
_SECRET_KEY = re.compile(r"password|hash|secret|token|recovery_code|otp", re.IGNORECASE)


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action


def detail_pairs(detail: dict[str, Any] | None) -> list[tuple[str, str]]:
    """An entry's detail as ``(key, value)`` text, secrets left out (escaped by Jinja)."""
    pairs = []
    for key, value in sorted((detail or {}).items()):
        if _SECRET_KEY.search(str(key)):
            continue
        if isinstance(value, (dict, list)):
            value = json.dumps(value, ensure_ascii=False, sort_keys=True)
        pairs.append((str(key), "" if value is None else str(value)))
    return pairs


@dataclass
class AuditFilter:
    """What the reader asked for; every field optional (the whole log, newest first)."""
    who: str = ""
    action: str = ""
    first: date | None = None
    last: date | None = None
    object_type: str = ""
    object_id: str = ""
    site_id: int | None = None
    page: int = 1
    errors: dict[str, str] = field(default_factory=dict)


def _filtered(statement: Select[Any], wanted: AuditFilter) -> Select[Any]:
    if wanted.who:
        statement = statement.where(func.lower(AuditEntry.actor_label).contains(
            wanted.who.lower(), autoescape=True))
    if wanted.action:
        statement = statement.where(AuditEntry.action == wanted.action)
    if wanted.first is not None:
        # Vietnamese days: from midnight in Asia/Ho_Chi_Minh, not in UTC.
        statement = statement.where(AuditEntry.created_at >= as_utc(start_of_day(wanted.first)))
    if wanted.last is not None:
        statement = statement.where(  # the whole of the last day
            AuditEntry.created_at < as_utc(start_of_day(wanted.last + timedelta(days=1))))
    if wanted.object_type:
        statement = statement.where(AuditEntry.object_type == wanted.object_type)
    if wanted.object_id:
        statement = statement.where(AuditEntry.object_id == wanted.object_id)
    if wanted.site_id is not None:
        statement = statement.where(AuditEntry.tenant_id == wanted.site_id)
    return statement


def _entries(wanted: AuditFilter) -> Select[Any]:
    statement = (select(AuditEntry, Tenant.name)
                 .outerjoin(Tenant, Tenant.id == AuditEntry.tenant_id)
                 .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()))
    return _filtered(statement, wanted)


@dataclass(frozen=True)
class Row:
    entry: AuditEntry
    site_name: str | None
    moment: datetime


@dataclass(frozen=True)
class AuditPage:
    rows: list[Row]
    page: int
    has_next: bool


def page_of(wanted: AuditFilter, per_page: int = PER_PAGE) -> AuditPage:
    """One page of the entries the filter asks for, newest first (one statement)."""
    found = db.session.execute(
        _entries(wanted).limit(per_page + 1).offset((wanted.page - 1) * per_page)).all()
    rows = [Row(entry, site_name, aware(entry.created_at))  # type: ignore[arg-type]
            for entry, site_name in found[:per_page]]
    return AuditPage(rows, wanted.page, len(found) > per_page)


def actions_present() -> list[str]:
    """Every action the readable log holds, for the filter's list (one statement)."""
    return list(db.session.scalars(
        select(AuditEntry.action).distinct().order_by(AuditEntry.action)))


def site_choices() -> list[tuple[int, str]]:
    """Every site by name, for the office's filter (read inside ``unscoped()``)."""
    return [(row.id, row.name) for row in db.session.execute(
        select(Tenant.id, Tenant.name).order_by(Tenant.name, Tenant.id))]


CSV_COLUMNS = ("time_utc", "site", "actor", "action", "action_label", "object_type",
               "object_id", "ip", "detail")


def export_rows(wanted: AuditFilter) -> Iterator[list[object]]:
    """The CSV rows of every entry the filter asks for (not only the page shown)."""
    found = db.session.execute(_entries(wanted).limit(EXPORT_LIMIT))
    for entry, site_name in found:
        moment = aware(entry.created_at)
        yield [moment.isoformat() if moment else "", site_name or "",
               entry.actor_label or "", entry.action, action_label(entry.action),
               entry.object_type or "", entry.object_id or "", entry.ip or "",
               "; ".join(f"{key}: {value}" for key, value in detail_pairs(entry.detail))]
