"""Reminders from the province office to the sites (003 Articles 13.2.b, 14.3–14.4: the
office urges every unit to publish on time and checks that it does).

A reminder is one mail digest to a site's administrators listing what the console finds
overdue or missing for it — the ``shortcomings`` of its ``SiteRow`` (publication
deadlines overdue, monthly quota missed, questions past their deadline, consultation
outcomes overdue, Circular 22 facts missing …) — in Vietnamese, queued with the
transaction (``hub.core.mail``), and recorded as a ``SiteReminder`` with what it listed.

- ``send_weekly`` (a job): once a week, from the weekday and hour of
  ``CONSOLE_REMINDER_WEEKDAY`` / ``CONSOLE_REMINDER_HOUR`` (the portal's time zone)
  on, every active site with something overdue gets its digest; a site with nothing
  overdue gets none. One digest per site and ISO week: the job skips the sites it
  already reminded that week, and ``(tenant_id, week)`` is unique in the database;
  each process judges the sites again at most once an hour.
- ``remind_now``: the office's one-click reminder from a site's page in the console.
- ``last_reminder``: the console's column with the date of the last reminder.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from hub.accounts.models import Membership, SiteRole, User
from hub.audit.operations import record
from hub.console.figures import Figure, Period, Provider, SiteRow, register, site_rows
from hub.console.models import ReminderKind, SiteReminder
from hub.console.periods import period_of
from hub.core.clock import site_timezone, to_local, utcnow
from hub.core.mail import send_after_commit
from hub.extensions import db
from hub.formatting import format_day_short
from tenants.context import tenant_scope, unscoped
from tenants.hosts import public_base_url, site_host

RECIPIENT_ROLES = (SiteRole.SITE_ADMIN,)
REMINDED_STATES = ("active", "announced_suspension")  # sites that still publish
RECHECK = timedelta(hours=1)


class ReminderRefused(Exception):
    """Nothing was sent (409): the site has nothing overdue, or nobody to tell."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Digest:
    row: SiteRow
    emails: list[str]


def digest_period(now: datetime) -> Period:
    """What a digest looks at: the previous month and the current one, so what fell due
    at the end of a month is still listed at the start of the next."""
    today = to_local(now).date()
    current = period_of("month", today)
    previous = current.previous()
    return Period("month", previous.first, current.last,
                  _("%(first)s to %(last)s", first=format_day_short(previous.first),
                    last=format_day_short(current.last)))


def week_key(now: datetime) -> str:
    year, week, _weekday = to_local(now).isocalendar()
    return f"{year}-W{week:02d}"


def weekly_moment(now: datetime) -> datetime:
    """When this week's digests are due: the configured weekday and hour, local time."""
    config = current_app.config
    weekday = min(max(int(config.get("CONSOLE_REMINDER_WEEKDAY", 1)), 1), 7)
    hour = min(max(int(config.get("CONSOLE_REMINDER_HOUR", 8)), 0), 23)
    local = to_local(now)
    monday = local.date() - timedelta(days=local.weekday())
    return datetime.combine(monday + timedelta(days=weekday - 1), time(hour),
                            tzinfo=site_timezone())


def admin_emails(tenant_ids: list[int]) -> dict[int, list[str]]:
    """The enabled administrators' addresses of many sites, in one statement."""
    emails: dict[int, list[str]] = defaultdict(list)
    if not tenant_ids:
        return emails
    with unscoped():
        for tenant_id, email in db.session.execute(
                select(Membership.tenant_id, User.email)
                .join(User, User.id == Membership.user_id)
                .where(Membership.tenant_id.in_(tenant_ids),
                       Membership.role.in_(RECIPIENT_ROLES), User.is_enabled.is_(True))
                .order_by(Membership.tenant_id, User.email)):
            if email not in emails[tenant_id]:
                emails[tenant_id].append(email)
    return emails


def _reports_url(tenant_id: int) -> str:
    host = site_host(tenant_id)
    if not host:
        return ""
    return public_base_url(host) + current_app.url_map.bind(host).build("reports.index")


def _mail(row: SiteRow, period: Period, manual: bool) -> tuple[str, str]:
    with force_locale("vi"):
        subject = _("Overdue and missing on %(site)s", site=row.name)
        lines = [_("Dear administrators of %(site)s,", site=row.name),
                 (_("The province office asks you to deal now with what the portal "
                    "finds overdue or missing on your site (%(period)s):",
                    period=period.label) if manual else
                  _("This week, the portal finds overdue or missing on your site "
                    "(%(period)s):", period=period.label)),
                 "\n".join(f"- {item}" for item in row.shortcomings)]
        url = _reports_url(row.tenant_id)
        if url:
            lines.append(_("Your site's reports: %(url)s", url=url))
        lines.append(_("This reminder was sent by the province office through the "
                       "portal hub. Please do not reply to it."))
    return subject, "\n\n".join(lines) + "\n"


def listed(row: SiteRow) -> list[dict[str, str]]:
    """What a digest lists: each figure that falls short, by its column's key."""
    return [{"key": key, "text": str(figure.shortcoming)}
            for key, figure in row.figures.items()
            if figure is not None and figure.short and figure.shortcoming]


def _send(digest: Digest, period: Period, kind: ReminderKind, now: datetime,
          by: User | None = None) -> SiteReminder:
    row = digest.row
    subject, body = _mail(row, period, kind is ReminderKind.MANUAL)
    with tenant_scope(row.tenant_id), force_locale("vi"):
        reminder = SiteReminder(
            tenant_id=row.tenant_id, kind=kind, sent_at=now, by_id=getattr(by, "id", None),
            week=week_key(now) if kind is ReminderKind.WEEKLY else None,
            items=listed(row),
            recipients=len(digest.emails))
        db.session.add(reminder)
        for email in digest.emails:
            send_after_commit(db.session(), email, subject, body)
        db.session.flush()
        record("console.reminder_sent", actor=by, obj=reminder, tenant_id=row.tenant_id,
               kind=kind.value, items=len(row.shortcomings), recipients=len(digest.emails))
        db.session.flush()  # the site's rows are written while acting for it
    return reminder


def send_weekly(now: datetime | None = None) -> int:
    """The weekly digests (a job, run every pass: it acts once the week's moment has
    passed, for the sites not yet reminded this week). Returns how many were sent."""
    now = now or utcnow()
    if now < weekly_moment(now):
        return 0
    # The jobs pass every minute; the sites are judged again at most once an hour (a
    # site that gains an administrator, or falls behind, later in the week).
    checked = current_app.extensions.setdefault("console.reminders", {})
    last = checked.get("at")
    if last is not None and week_key(last) == week_key(now) and \
            timedelta(0) <= now - last < RECHECK:
        return 0
    checked["at"] = now
    week = week_key(now)
    with unscoped():
        done = set(db.session.scalars(select(SiteReminder.tenant_id).where(
            SiteReminder.week == week)))
    with force_locale("vi"):  # the shortcomings are written in the mail's language
        period = digest_period(now)
        rows = [row for row in site_rows(period, now=now)
                if row.shortcomings and row.state in REMINDED_STATES
                and row.tenant_id not in done]
    emails = admin_emails([row.tenant_id for row in rows])
    sent = 0
    for row in rows:
        if not emails.get(row.tenant_id):
            current_app.logger.warning("site %s has no administrator to remind", row.slug)
            continue
        _send(Digest(row, emails[row.tenant_id]), period, ReminderKind.WEEKLY, now)
        sent += 1
    return sent


def remind_now(tenant_id: int, *, by: User, now: datetime | None = None) -> SiteReminder:
    """The office's "remind now": the digest of one site, sent at once."""
    now = now or utcnow()
    with force_locale("vi"):
        period = digest_period(now)
        rows = site_rows(period, now=now, tenant_ids=[tenant_id])
    if not rows:
        raise ReminderRefused(_("This site does not exist."))
    row = rows[0]
    if not row.shortcomings:
        raise ReminderRefused(_("Nothing is overdue or missing on this site: no reminder "
                                "was sent."))
    emails = admin_emails([tenant_id]).get(tenant_id)
    if not emails:
        raise ReminderRefused(_("This site has no administrator to remind. Give the site "
                                "an administrator first."))
    return _send(Digest(row, emails), period, ReminderKind.MANUAL, now, by=by)


def reminders_of(tenant_id: int, limit: int = 10) -> list[SiteReminder]:
    """A site's latest reminders, newest first (the console's site page)."""
    with unscoped():
        return list(db.session.scalars(
            select(SiteReminder).where(SiteReminder.tenant_id == tenant_id)
            .order_by(SiteReminder.sent_at.desc(), SiteReminder.id.desc()).limit(limit)))


# --- the console's column ------------------------------------------------------------

def last_reminder(ids: list[int], period: Period, now: datetime) -> dict[int, Figure]:
    """The day of each site's last reminder (ever: a reminder answers for the site,
    not for the period shown)."""
    latest: dict[int, datetime] = dict(db.session.execute(
        select(SiteReminder.tenant_id, func.max(SiteReminder.sent_at))
        .where(SiteReminder.tenant_id.in_(ids)).group_by(SiteReminder.tenant_id)).all())
    result = {}
    for tenant_id in ids:
        moment = latest.get(tenant_id)
        day: date | None = to_local(moment).date() if moment is not None else None
        result[tenant_id] = Figure({"last_reminder": day}, day.isoformat() if day else None,
                                   False, _last_reminder_words)
    return result


def _last_reminder_words(numbers: dict[str, Any]) -> tuple[str, str | None]:
    day = numbers["last_reminder"]
    return (format_day_short(day) if day else "—"), None


def register_provider() -> None:
    """The column "Last reminder", after the built-in figures."""
    import hub.console.providers  # noqa: F401 - keeps the built-in columns first
    register(Provider("last_reminder", _l("Last reminder"), last_reminder,
                      _l("When the office last reminded the site's administrators of "
                         "what was overdue (weekly or from the console).")))
