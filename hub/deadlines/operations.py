"""Changing the working-day calendar: the swapped days announced each year.

The office records a day that is worked although it is a Saturday (or a holiday), or
a weekday given off. Deadlines already assigned move with the calendar: the caller
sends ``signals.calendar_changed`` and the capabilities that keep deadlines recompute
them. Services only flush; the caller commits.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from hub.audit.operations import record
from hub.deadlines.models import WorkingDayOverride
from hub.extensions import db
from hub.intake.errors import FieldErrors

NOTE_MAX = 300
YEARS = (1990, 2100)  # the years the calendar is kept for (``flask calendar list``)


def find_override(day: date) -> WorkingDayOverride | None:
    return db.session.scalar(select(WorkingDayOverride).where(WorkingDayOverride.day == day))


def set_override(day: date, is_working_day: bool, note: str = "", *, actor: Any = None,
                 actor_label: str | None = None) -> WorkingDayOverride:
    """Record ``day`` as worked or given off (replacing an earlier entry of that day)."""
    note = " ".join(note.split())[:NOTE_MAX]
    override = find_override(day)
    if override is None:
        override = WorkingDayOverride(day=day, is_working_day=is_working_day, note=note)
        db.session.add(override)
    else:
        override.is_working_day, override.note = is_working_day, note
    db.session.flush()
    record("calendar.override_set", actor=actor, actor_label=actor_label,
           object_type="WorkingDayOverride", object_id=day.isoformat(),
           working=is_working_day, note=note)
    return override


def remove_override(day: date, *, actor: Any = None,
                    actor_label: str | None = None) -> bool:
    """Forget the entry of ``day``: the holidays package decides again. False if none."""
    override = find_override(day)
    if override is None:
        return False
    db.session.delete(override)
    db.session.flush()
    record("calendar.override_removed", actor=actor, actor_label=actor_label,
           object_type="WorkingDayOverride", object_id=day.isoformat())
    return True


def parse_day(text: str) -> date | None:
    text = (text or "").strip()
    try:
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def check_override(day_text: str, kind: str, note: str) -> tuple[date, bool, str]:
    """The day, whether it is worked, and the note; or ``FieldErrors`` (the CLI's rules,
    and a reason required: the screen records the decision that announced it)."""
    errors: dict[str, str] = {}
    day = parse_day(day_text)
    if day is None:
        errors["day"] = _("%(value)s is not a date; write it as YYYY-MM-DD.",
                          value=day_text or "—")
    elif not YEARS[0] <= day.year <= YEARS[1]:
        errors["day"] = _("Please choose a day between %(start)s and %(end)s.",
                          start=YEARS[0], end=YEARS[1])
    if kind not in ("working", "day_off"):
        errors["kind"] = _("Say whether the day is worked or a day off.")
    note = " ".join((note or "").split())
    if not note:
        errors["note"] = _("Please give the reason, e.g. the number of the decision "
                           "announcing the swap.")
    elif len(note) > NOTE_MAX:
        errors["note"] = _("At most %(max)s characters, please.", max=NOTE_MAX)
    if errors or day is None:
        raise FieldErrors(errors)
    return day, kind == "working", note
