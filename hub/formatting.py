"""The one formatter of dates, times and numbers shown to readers.

Vietnamese hosts: ``Thứ Hai, 23/11/2026`` and ``23/11/2026 14:05``; English hosts:
``Monday, 23 November 2026`` and ``23 November 2026 14:05``. Times are shown in the
portal's time zone (``BABEL_DEFAULT_TIMEZONE``, Asia/Ho_Chi_Minh). ``init_app``
registers the functions as Jinja filters (``|day``, ``|day_short``, ``|moment``,
``|number``, ``|iso``).

Machines read the same moments through ``machine_time`` (``|iso``): ISO 8601 in the
portal's time zone with its offset, to the second (``2026-12-04T13:01:19+07:00``), so a
``<time datetime>``, a feed and the API name the moment the page shows; a date stays
``2026-12-04``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, tzinfo

from flask import Flask
from flask_babel import format_date, format_datetime, format_decimal

from hub.core.clock import site_timezone
from i18n import select_locale

# Weekday names as Vietnamese official documents write them (Monday first, as
# ``date.weekday()``); written out so the format never depends on CLDR's capitalisation.
VI_WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


def _is_vietnamese() -> bool:
    # The interface language is the host's: asked of the selector Flask-Babel itself
    # asks, without its lookup of the request's Babel locale (a dozen dates a page).
    return select_locale() == "vi"


def _local(value: datetime, zone: tzinfo | None = None) -> datetime:
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(zone or site_timezone())


def _as_date(value: date | datetime, zone: tzinfo | None = None) -> date:
    return _local(value, zone).date() if isinstance(value, datetime) else value


def _numeric_day(day: date) -> str:
    # ``23/11/2026``, written out: strftime costs four times as much, on every date of
    # every list.
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def format_day(value: date | datetime | None) -> str:
    """``Thứ Hai, 23/11/2026`` / ``Monday, 23 November 2026``."""
    return day_formatter()(value)


def day_formatter() -> Callable[[date | datetime | None], str]:
    """``format_day`` with the language and the time zone looked up once: for the
    many dates of a list."""
    zone = site_timezone()
    if not _is_vietnamese():
        return lambda value: "" if value is None else format_date(
            _as_date(value, zone), "EEEE, d MMMM yyyy")

    def vietnamese(value: date | datetime | None) -> str:
        if value is None:
            return ""
        day = _as_date(value, zone)
        return f"{VI_WEEKDAYS[day.weekday()]}, {_numeric_day(day)}"
    return vietnamese


def list_dates() -> Callable[[datetime | None], tuple[str, str]]:
    """For the many moments of a list: each as machines read it (``machine_time``) and
    its day as readers write it (``format_day``), the language and time zone looked up
    once and each moment brought into the time zone once."""
    zone, day = site_timezone(), day_formatter()

    def both(value: datetime | None) -> tuple[str, str]:
        if value is None:
            return "", ""
        local = local_moment(value, zone)
        return local.isoformat(), day(local.date())
    return both


def format_day_short(value: date | datetime | None) -> str:
    """``23/11/2026`` / ``23 November 2026``."""
    if value is None:
        return ""
    day = _as_date(value)
    if _is_vietnamese():
        return _numeric_day(day)
    return format_date(day, "d MMMM yyyy")


def format_moment(value: datetime | None) -> str:
    """``23/11/2026 14:05`` / ``23 November 2026 14:05`` in the portal's time zone."""
    if value is None:
        return ""
    if _is_vietnamese():
        local = _local(value)
        return f"{_numeric_day(local)} {local.hour:02d}:{local.minute:02d}"
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return format_datetime(aware, "d MMMM yyyy HH:mm")


def machine_time(value: date | datetime | None, zone: tzinfo | None = None) -> str:
    """``2026-12-04T13:01:19+07:00`` for a moment (stored naive values are UTC),
    ``2026-12-04`` for a date, "" for none."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return local_moment(value, zone).isoformat()
    return value.isoformat()


def local_moment(value: datetime, zone: tzinfo | None = None) -> datetime:
    """``value`` (naive means UTC) in the portal's time zone, to the second."""
    return _local(value, zone).replace(microsecond=0)


def format_time(value: time | None) -> str:
    return value.strftime("%H:%M") if value is not None else ""


def format_number(value: int | float | None) -> str:
    """``12.345`` and ``1,5`` on Vietnamese hosts, ``12,345`` and ``1.5`` on English ones
    (CLDR's separators of the request's locale, as Flask-Babel's ``numberformat``)."""
    if value is None:
        return ""
    return format_decimal(value)


def init_app(app: Flask) -> None:
    for name, formatter in (("day", format_day), ("day_short", format_day_short),
                            ("moment", format_moment), ("clock", format_time),
                            ("number", format_number), ("iso", machine_time)):
        app.add_template_filter(formatter, name)
