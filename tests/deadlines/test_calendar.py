"""The state's working days and hours (ngày làm việc, giờ hành chính).

A deadline in working days ends at 17:00 of the Nth working day after the day the
clock started; the first day never counts. Weekends, public holidays (Tết included)
and the days given off do not count; a Saturday announced as a working day does.
Working hours run 08:00-12:00 and 13:00-17:00.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from hub.deadlines.calendar import WorkingCalendar
from tests.deadlines.builders import vn

calendar = WorkingCalendar()


# --- days --------------------------------------------------------------------------------

def test_a_document_issued_on_friday_with_3_working_days_is_due_on_wednesday_evening():
    assert calendar.add_working_days(date(2026, 3, 6), 3) == vn(2026, 3, 11, 17)


def test_the_hour_of_issue_does_not_matter_and_a_saturday_counts_like_friday():
    for origin in (vn(2026, 3, 6, 7), vn(2026, 3, 6, 16, 59), vn(2026, 3, 6, 23, 30),
                   date(2026, 3, 7), date(2026, 3, 8)):
        assert calendar.add_working_days(origin, 3) == vn(2026, 3, 11, 17), origin


def test_tet_2026_is_five_days_off_and_a_deadline_jumps_over_it():
    for day in range(16, 21):
        assert not calendar.is_working_day(date(2026, 2, day))
    assert calendar.holiday_name(date(2026, 2, 17)) == "Tết Nguyên Đán"
    # Issued the Friday before Tết: 23, 24, 25 February are the three working days.
    assert calendar.add_working_days(date(2026, 2, 13), 3) == vn(2026, 2, 25, 17)
    assert calendar.working_days_between(date(2026, 2, 13), date(2026, 2, 23)) == 1


def test_a_saturday_announced_as_a_working_day_counts():
    swapped = WorkingCalendar({date(2026, 1, 10): True})
    assert swapped.is_working_day(date(2026, 1, 10))
    # Issued on Thursday 8 January: Friday 9, Saturday 10, Monday 12.
    assert swapped.add_working_days(date(2026, 1, 8), 3) == vn(2026, 1, 12, 17)
    assert calendar.add_working_days(date(2026, 1, 8), 3) == vn(2026, 1, 13, 17)


def test_a_weekday_given_off_does_not_count():
    bridge = WorkingCalendar({date(2026, 1, 2): False})
    # 31 December: New Year's Day (1 January) is a holiday, Friday 2 January is off.
    assert bridge.add_working_days(date(2025, 12, 31), 3) == vn(2026, 1, 7, 17)
    assert calendar.add_working_days(date(2025, 12, 31), 3) == vn(2026, 1, 6, 17)


def test_an_override_wins_over_a_public_holiday():
    assert not calendar.is_working_day(date(2026, 9, 2))
    assert WorkingCalendar({date(2026, 9, 2): True}).is_working_day(date(2026, 9, 2))


def test_the_swaps_the_government_announced_are_known_without_an_override():
    # 2026: Saturday 22 August is worked so that Monday 31 August, before National Day,
    # is off.
    assert calendar.is_working_day(date(2026, 8, 22))
    assert not calendar.is_working_day(date(2026, 8, 31))


def test_zero_days_is_the_end_of_the_day_itself_or_of_the_next_working_day():
    assert calendar.add_working_days(date(2026, 3, 6), 0) == vn(2026, 3, 6, 17)
    assert calendar.add_working_days(date(2026, 3, 7), 0) == vn(2026, 3, 9, 17)


def test_working_days_between_counts_what_add_working_days_added():
    for origin in (date(2026, 2, 12), date(2026, 4, 24), date(2026, 8, 28)):
        for n in (1, 2, 3, 7, 10):
            due = calendar.add_working_days(origin, n)
            assert calendar.working_days_between(origin, due) == n
            assert calendar.working_days_between(due, origin) == -n
    assert calendar.working_days_between(vn(2026, 3, 9, 8), vn(2026, 3, 9, 17)) == 0


def test_a_negative_amount_is_refused():
    with pytest.raises(ValueError):
        calendar.add_working_days(date(2026, 3, 6), -1)
    with pytest.raises(ValueError):
        calendar.add_working_hours(vn(2026, 3, 6, 9), -1)


# --- hours -------------------------------------------------------------------------------

@pytest.mark.parametrize(("start", "hours", "due"), [
    # From 08:00 a whole working day ends at 17:00.
    (vn(2026, 3, 9, 8), 8, vn(2026, 3, 9, 17)),
    # The lunch break does not count.
    (vn(2026, 3, 9, 10), 3, vn(2026, 3, 9, 14)),
    (vn(2026, 3, 9, 12, 30), 1, vn(2026, 3, 9, 14)),
    # A count that ends at noon ends at noon.
    (vn(2026, 3, 9, 9), 3, vn(2026, 3, 9, 12)),
    # Overnight: 1 hour on Tuesday, 1 on Wednesday morning.
    (vn(2026, 3, 10, 16), 2, vn(2026, 3, 11, 9)),
    # An event in the evening: the clock starts at 08:00 the next working day.
    (vn(2026, 3, 10, 19), 8, vn(2026, 3, 11, 17)),
    # Friday afternoon over the weekend: 1.5 h Friday, 4 h Monday morning, 2.5 h after.
    (vn(2026, 3, 6, 15, 30), 8, vn(2026, 3, 9, 15, 30)),
    # An event on Sunday counts from Monday 08:00.
    (vn(2026, 3, 8, 10), 8, vn(2026, 3, 9, 17)),
    # The eve of Tết: nothing counts until Monday 23 February.
    (vn(2026, 2, 13, 16), 8, vn(2026, 2, 23, 16)),
])
def test_news_of_an_event_counts_working_hours(start, hours, due):
    assert calendar.add_working_hours(start, hours) == due


def test_a_naive_datetime_is_utc():
    # 01:00 UTC is 08:00 in Vietnam.
    assert calendar.add_working_hours(datetime(2026, 3, 9, 1, 0), 8) == vn(2026, 3, 9, 17)
    assert calendar.is_working_time(datetime(2026, 3, 9, 1, 30))
    assert not calendar.is_working_time(datetime(2026, 3, 9, 5, 30))  # 12:30 lunch
