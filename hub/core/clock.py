"""The one clock: now in UTC, and the portal's time zone for days and display.

Every stored moment is UTC. SQLite gives datetimes back naive; they mean UTC. A day
(today, the start of a week, a deadline's working day) is reckoned in the portal's time
zone, ``BABEL_DEFAULT_TIMEZONE`` (Asia/Ho_Chi_Minh), read here only.
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, time, tzinfo
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"


def utcnow() -> datetime:
    return datetime.now(UTC)


def aware(moment: datetime | None) -> datetime | None:
    """``moment`` with its UTC zone: SQLite gives back naive datetimes."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def as_utc(moment: datetime) -> datetime:
    """``moment`` as an aware UTC datetime (how moments are stored and compared)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def site_timezone() -> tzinfo:
    """The portal's time zone (``BABEL_DEFAULT_TIMEZONE``): Viet Nam's clock."""
    name = current_app.config.get("BABEL_DEFAULT_TIMEZONE") if has_app_context() else None
    return _zone(name or DEFAULT_TIMEZONE)


@functools.cache
def _zone(name: str) -> tzinfo:
    return ZoneInfo(name)


def to_local(moment: datetime, zone: tzinfo | None = None) -> datetime:
    """``moment`` in the portal's time zone; a naive datetime is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone or site_timezone())


def local_day(value: date | datetime) -> date:
    """The calendar day in the portal's time zone of a date or a datetime."""
    if isinstance(value, datetime):
        return to_local(value).date()
    return value


def start_of_day(day: date) -> datetime:
    """Midnight in the portal's time zone at the start of ``day`` (aware)."""
    return datetime.combine(day, time(0), tzinfo=site_timezone())


def local_today() -> date:
    """Today in the portal's time zone (a week or a day starts there, not in UTC)."""
    return datetime.now(site_timezone()).date()
