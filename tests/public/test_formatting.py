"""Dates the Vietnamese way on Vietnamese hosts ("Thứ Hai, 23/11/2026",
"23/11/2026 14:05" in Viet Nam's time), the English way on English hosts."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import g

from hub.formatting import format_day, format_day_short, format_moment, format_number


def _in_locale(app, locale: str):  # type: ignore[no-untyped-def]
    context = app.test_request_context("/")
    context.push()
    g.locale = locale
    return context


def test_vietnamese_dates(app):
    context = _in_locale(app, "vi")
    try:
        assert format_day(date(2026, 11, 23)) == "Thứ Hai, 23/11/2026"
        assert format_day(date(2026, 11, 29)) == "Chủ Nhật, 29/11/2026"
        assert format_day_short(date(2026, 11, 23)) == "23/11/2026"
        assert format_moment(datetime(2026, 11, 23, 7, 5, tzinfo=UTC)) == "23/11/2026 14:05"
        # Late evening UTC is already the next day in Viet Nam.
        assert format_day(datetime(2026, 11, 22, 20, 0, tzinfo=UTC)) == "Thứ Hai, 23/11/2026"
        assert format_number(1234567) == "1.234.567"
    finally:
        context.pop()


def test_english_dates(app):
    context = _in_locale(app, "en")
    try:
        assert format_day(date(2026, 11, 23)) == "Monday, 23 November 2026"
        assert format_moment(datetime(2026, 11, 23, 7, 5, tzinfo=UTC)) == \
            "23 November 2026 14:05"
        assert format_number(1234567) == "1,234,567"
    finally:
        context.pop()
