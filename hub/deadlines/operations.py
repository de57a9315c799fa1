"""Changing the working-day calendar: the swapped days announced each year.

The office records a day that is worked although it is a Saturday (or a holiday), or
a weekday given off. Deadlines already assigned to unpublished items move with the
calendar, so the days due are recomputed. Services only flush; the caller commits.
"""

from __future__ import annotations

from datetime import UTC, date
from typing import Any

from sqlalchemy import select

from hub.audit.operations import record
from hub.content.models import ContentItem
from hub.core import clock
from hub.deadlines.models import WorkingDayOverride
from hub.deadlines.rules import WITHDRAWN_STATUSES, assign_deadline
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


def recompute_open_deadlines(since: date) -> int:
    """Assign again the deadlines of unpublished items due on or after ``since``.

    Only those can be moved by a change of that day. Run inside ``unscoped()`` for
    every site (the CLI), or in one site's scope for that site. Returns how many
    items' due dates changed.
    """
    start = clock.start_of_day(since).astimezone(UTC)
    items = db.session.scalars(
        select(ContentItem)
        .where(ContentItem.published_at.is_(None), ContentItem.due_at >= start,
               ContentItem.status.not_in(WITHDRAWN_STATUSES))).all()
    changed = 0
    for item in items:
        before = clock.as_utc(item.due_at) if item.due_at else None
        assign_deadline(item)
        if (clock.as_utc(item.due_at) if item.due_at else None) != before:
            changed += 1
    db.session.flush()
    return changed
