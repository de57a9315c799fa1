"""Changing the working-day calendar: the swapped days announced each year.

The office records a day that is worked although it is a Saturday (or a holiday), or
a weekday given off. Deadlines already assigned move with the calendar: the caller
sends ``signals.calendar_changed`` and the capabilities that keep deadlines recompute
them. Services only flush; the caller commits.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from hub.audit.operations import record
from hub.deadlines.models import WorkingDayOverride
from hub.extensions import db

NOTE_MAX = 300


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
