"""The state's working-day calendar (ngày làm việc) and working hours (giờ hành chính).

Every publication deadline of the regulation, and later the answer deadlines of the
Q&A, is counted here, so the conventions live in one place:

- Time is reckoned in Asia/Ho_Chi_Minh. A naive datetime means UTC: that is how SQLite
  gives back the UTC values the application stores. Results are timezone-aware.
- A day is a working day unless it is a Saturday, a Sunday or a Vietnamese public
  holiday. Holidays come from the ``holidays`` package, which knows Tết (the lunar new
  year) and the days the government swaps every year (a Saturday worked so that a
  bridge day can be taken off). Rows of ``WorkingDayOverride`` win over both: the
  office records there what was announced and the package may not know yet.
- Working hours are 08:00-12:00 and 13:00-17:00: 8 hours a working day.
- ``add_working_days(start, n)``: due by the end (17:00) of the Nth working day *after*
  the origin day. The origin day itself never counts, whatever the hour (Civil Code
  2015 Article 147: a period in days starts on the day after the event), so a document
  issued on a Friday with 3 days is due on Wednesday at 17:00, and one issued on the
  Saturday is due then too.
- ``add_working_hours(start, n)``: n hours of working time from ``start``, or from the
  start of the next working period when ``start`` is outside one (evening, lunch break,
  weekend, holiday). A count that ends exactly at 12:00 ends at 12:00, not 13:00.

The overrides are read once and kept per process (``current_calendar``). A change
committed by this process drops the copy at once; other processes (gunicorn workers
after a ``flask calendar`` command) re-read it within ``OVERRIDE_CACHE_SECONDS``, which
is ample for days announced months ahead.
"""

from __future__ import annotations

import threading
import time as clock
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

import holidays
from flask import current_app, has_app_context
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from hub.core.clock import local_day, site_timezone, start_of_day, to_local
from hub.core.lifecycle import after_commit
from hub.deadlines.models import WorkingDayOverride
from hub.extensions import db

WORKING_PERIODS: tuple[tuple[time, time], ...] = ((time(8), time(12)), (time(13), time(17)))
HOURS_PER_DAY = 8
END_OF_DAY = WORKING_PERIODS[-1][1]
OVERRIDE_CACHE_SECONDS = 300
# Any real calendar has a working day within a few weeks; a longer search means the
# overrides were filled in wrongly, and must fail loudly rather than loop.
_SEARCH_LIMIT_DAYS = 366

DayLike = date | datetime


@lru_cache(maxsize=64)
def _public_holidays(year: int, language: str = "en_US") -> Mapping[date, str]:
    # A fresh object per year: the package fills years lazily, which is not thread safe.
    return dict(holidays.country_holidays("VN", years=year, language=language))


@lru_cache(maxsize=64)
def _swapped_saturdays(year: int) -> frozenset[date]:
    """Weekend days the government made working days (in exchange for a bridge day)."""
    calendar = holidays.country_holidays("VN", years=year)
    return frozenset(day for day in calendar.weekend_workdays if day.year == year)


class WorkingCalendar:
    """Working days and hours under a given set of overrides (day -> is it worked?)."""

    def __init__(self, overrides: Mapping[date, bool] | None = None) -> None:
        self.overrides: dict[date, bool] = dict(overrides or {})

    # --- days ----------------------------------------------------------------------

    def holiday_name(self, day: date, language: str = "vi") -> str | None:
        """The public holiday on ``day`` (from the package), if any."""
        return _public_holidays(day.year, language).get(day)

    def is_working_day(self, day: DayLike) -> bool:
        day = local_day(day)
        if day in self.overrides:
            return self.overrides[day]
        if day.weekday() >= 5:
            return day in _swapped_saturdays(day.year)
        return day not in _public_holidays(day.year)

    def next_working_day(self, day: DayLike) -> date:
        """The first working day strictly after ``day``."""
        current = local_day(day)
        for _ in range(_SEARCH_LIMIT_DAYS):
            current += timedelta(days=1)
            if self.is_working_day(current):
                return current
        raise ValueError(f"no working day within a year after {day}; check the overrides")

    def add_working_days(self, start: DayLike, days: int) -> datetime:
        """End (17:00) of the ``days``-th working day after the day of ``start``.

        ``days == 0`` means the end of the origin day itself when it is a working day,
        otherwise the end of the next one.
        """
        if days < 0:
            raise ValueError("a deadline counts forward: days must not be negative")
        current = local_day(start)
        if days == 0 and not self.is_working_day(current):
            current = self.next_working_day(current)
        for _ in range(days):
            current = self.next_working_day(current)
        return datetime.combine(current, END_OF_DAY, tzinfo=site_timezone())

    def working_days_between(self, a: DayLike, b: DayLike) -> int:
        """Working days after the day of ``a`` up to and including the day of ``b``.

        So ``working_days_between(x, add_working_days(x, n)) == n``; negative when ``b``
        is before ``a``; 0 on the same day.
        """
        first, last = local_day(a), local_day(b)
        sign = 1
        if last < first:
            first, last, sign = last, first, -1
        count = 0
        current = first
        while current < last:
            current += timedelta(days=1)
            if self.is_working_day(current):
                count += 1
        return sign * count

    # --- hours ---------------------------------------------------------------------

    def add_working_hours(self, start: datetime, hours: float) -> datetime:
        """The moment when ``hours`` of working time have passed since ``start``."""
        if hours < 0:
            raise ValueError("a deadline counts forward: hours must not be negative")
        remaining = timedelta(hours=hours)
        cursor = to_local(start) if isinstance(start, datetime) else start_of_day(start)
        day = cursor.date()
        for _ in range(_SEARCH_LIMIT_DAYS):
            if self.is_working_day(day):
                for opens, closes in WORKING_PERIODS:
                    period_end = datetime.combine(day, closes, tzinfo=site_timezone())
                    if cursor >= period_end:
                        continue
                    begin = max(cursor, datetime.combine(day, opens, tzinfo=site_timezone()))
                    available = period_end - begin
                    if remaining <= available:
                        return begin + remaining
                    remaining -= available
            day += timedelta(days=1)
            cursor = start_of_day(day)
        raise ValueError(f"{hours} working hours after {start} is more than a year away")

    def is_working_time(self, moment: datetime) -> bool:
        local = to_local(moment)
        return self.is_working_day(local.date()) and any(
            opens <= local.time() < closes for opens, closes in WORKING_PERIODS)


# --- the calendar of the running app, with the overrides from the database -------------

class CalendarCache:
    """One ``WorkingCalendar`` per app and process, reloaded when overrides change."""

    def __init__(self, ttl: float = OVERRIDE_CACHE_SECONDS) -> None:
        self.ttl = ttl
        self._lock = threading.Lock()
        self._calendar: WorkingCalendar | None = None
        self._loaded_at = 0.0

    def invalidate(self) -> None:
        self._calendar = None

    def get(self) -> WorkingCalendar:
        calendar = self._calendar
        if calendar is None or clock.monotonic() - self._loaded_at > self.ttl:
            with self._lock:
                overrides = {day: working for day, working in db.session.execute(
                    select(WorkingDayOverride.day, WorkingDayOverride.is_working_day))}
                calendar = WorkingCalendar(overrides)
                self._calendar, self._loaded_at = calendar, clock.monotonic()
        return calendar


def current_calendar() -> WorkingCalendar:
    """The calendar with this database's overrides (needs an app context)."""
    cache = current_app.extensions.get("portal_calendar")
    if cache is None:
        cache = current_app.extensions.setdefault("portal_calendar", CalendarCache())
    return cache.get()


def _track_override_changes(session: Session, flush_context: Any, instances: Any) -> None:
    if not has_app_context() or not any(
            isinstance(obj, WorkingDayOverride)
            for obj in (*session.new, *session.dirty, *session.deleted)):
        return
    cache = current_app.extensions.get("portal_calendar")
    if cache is not None:
        # Dropped now so this transaction sees its own change, and again at its end
        # (commit: the new days hold; rollback: the copy may hold days that never were).
        cache.invalidate()
        after_commit(session, "calendar_changed", CalendarCache.invalidate, cache,
                     on_rollback=CalendarCache.invalidate)


def listen() -> None:
    """Register the session event once per process (session events are class-wide)."""
    if not event.contains(Session, "before_flush", _track_override_changes):
        event.listen(Session, "before_flush", _track_override_changes)


# --- the functions the rest of the hub calls --------------------------------------------

def is_working_day(day: DayLike) -> bool:
    return current_calendar().is_working_day(day)


def next_working_day(day: DayLike) -> date:
    return current_calendar().next_working_day(day)


def add_working_days(start: DayLike, n: int) -> datetime:
    """End (17:00, Vietnam) of the ``n``-th working day after the day of ``start``."""
    return current_calendar().add_working_days(start, n)


def add_working_hours(start: datetime, hours: float) -> datetime:
    """``hours`` of working time (08-12, 13-17 on working days) after ``start``."""
    return current_calendar().add_working_hours(start, hours)


def working_days_between(a: DayLike, b: DayLike) -> int:
    """Working days after the day of ``a`` up to and including the day of ``b``."""
    return current_calendar().working_days_between(a, b)
