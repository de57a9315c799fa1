"""When a question must be answered (002 Article 14.4; 003 Article 9.6.b).

- The clock starts at 08:00 of the day the question was received, counted in the
  state's working days (``hub.deadlines.calendar``): a question received on a working
  day before 17:00 starts that day at 08:00; one received in the evening, on a
  weekend, a holiday or a day given off starts at 08:00 of the next working day.
  Reception itself runs 24/7 (002 Article 14.1): only the clock waits.
- The day the clock starts is the first of the N working days: a question received on
  Monday with 5 days is due on Friday at 17:00.
- N comes from the answer level: own competence 5, several agencies 10, special case
  15 — the rules ``question_own``, ``question_interagency``, ``question_special`` of the
  office's table, which a site may override in its settings as it overrides the
  publication deadlines (``hub.content.deadlines.rules_for``), never beyond 15.
- A forwarded question keeps the clock of the day the citizen sent it: the law counts
  from reception, not from the hand-over between units.
- A progress notice promises a new date, at most the legal maximum (15 working days
  from the clock's start).
"""

from __future__ import annotations

from datetime import date, datetime, time

from hub.content.deadlines import QUESTION_MAX_DAYS, rules_for
from hub.core.clock import site_timezone, to_local
from hub.deadlines import calendar
from hub.deadlines.calendar import END_OF_DAY
from hub.questions.models import AnswerLevel

OPENS = time(8)
RULE_OF_LEVEL = {AnswerLevel.OWN: "question_own",
                 AnswerLevel.INTERAGENCY: "question_interagency",
                 AnswerLevel.SPECIAL: "question_special"}
LEGAL_DAYS = {AnswerLevel.OWN: 5, AnswerLevel.INTERAGENCY: 10, AnswerLevel.SPECIAL: 15}


def clock_start(received_at: datetime) -> datetime:
    """08:00 of the working day whose answer clock a question received then starts."""
    local = to_local(received_at)
    day = local.date()
    if not (calendar.is_working_day(day) and local.time() < END_OF_DAY):
        day = calendar.next_working_day(day)
    return datetime.combine(day, OPENS, tzinfo=site_timezone())


def days_for(level: AnswerLevel, tenant_id: int) -> int:
    """Working days to answer at ``level`` on the site (its override, else the table)."""
    rule = rules_for(tenant_id).get(RULE_OF_LEVEL[level])
    if rule is None or rule.unit != "working_days":
        return LEGAL_DAYS[level]
    return max(1, min(rule.amount, QUESTION_MAX_DAYS))


def due_after(start: datetime, days: int) -> datetime:
    """17:00 of the ``days``-th working day, the day of ``start`` being the first."""
    return calendar.add_working_days(start, max(days, 1) - 1)


def legal_maximum(start: datetime) -> datetime:
    return due_after(start, QUESTION_MAX_DAYS)


def end_of(day: date) -> datetime:
    return datetime.combine(day, END_OF_DAY, tzinfo=site_timezone())


def working_days_taken(start: datetime, answered_at: datetime) -> int:
    """Working days used, counting the clock's first day (0 if answered before it)."""
    if answered_at < start:
        return 0
    return calendar.working_days_between(start, answered_at) + 1
