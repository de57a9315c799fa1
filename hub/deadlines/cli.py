"""``flask calendar ...``: the province office keeps the working-day calendar.

Each year the government announces swapped days (a Saturday worked so that a bridge
day is off). ``add-override`` records one, ``remove-override`` forgets one and ``list``
shows a year's days that differ from Monday-Friday. The commands act for the whole hub
(unscoped: open deadlines of every site move with the calendar), are audited and
commit once; bad input prints a clear error, exits non-zero and writes nothing.
"""

from __future__ import annotations

import getpass
from datetime import date, timedelta

import click
from flask.cli import AppGroup
from flask_babel import gettext as _

from hub.deadlines import operations, signals
from hub.deadlines.calendar import current_calendar
from hub.deadlines.models import WorkingDayOverride
from hub.extensions import db
from tenants.context import unscoped

calendar_cli = AppGroup("calendar", help="Working-day calendar: holidays and swapped days.")


def _actor_label() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # noqa: BLE001 - no login name (containers): still audited
        return "cli"


def _day(value: str) -> date:
    try:
        if len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(_("%(value)s is not a date; write it as YYYY-MM-DD.",
                                   value=value)) from None


@calendar_cli.command("add-override")
@click.argument("day")
@click.option("--working/--day-off", "is_working", default=None,
              help="The day is worked (e.g. a swapped Saturday) or given off.")
@click.option("--note", default="", help="Why, e.g. the announcement's number.")
def add_override(day: str, is_working: bool | None, note: str) -> None:
    """Record DAY (YYYY-MM-DD) as a working day or a day off."""
    the_day = _day(day)
    if is_working is None:
        raise click.UsageError(_("Say whether the day is worked: --working or --day-off."))
    with unscoped():
        try:
            operations.set_override(the_day, is_working, note, actor_label=_actor_label())
            moved = sum(moved for _receiver, moved in signals.calendar_changed.send(the_day))
            db.session.commit()
        except BaseException:
            db.session.rollback()
            raise
    kind = "a working day" if is_working else "a day off"
    click.echo(f"{the_day.isoformat()} ({the_day:%A}) is now {kind}; "
               f"{moved} open deadline(s) moved.")


@calendar_cli.command("remove-override")
@click.argument("day")
def remove_override(day: str) -> None:
    """Forget the entry of DAY: weekends and public holidays decide again."""
    the_day = _day(day)
    with unscoped():
        try:
            if not operations.remove_override(the_day, actor_label=_actor_label()):
                raise click.ClickException(_("There is no entry for %(day)s.",
                                             day=the_day.isoformat()))
            moved = sum(moved for _receiver, moved in signals.calendar_changed.send(the_day))
            db.session.commit()
        except BaseException:
            db.session.rollback()
            raise
    click.echo(f"{the_day.isoformat()} follows the usual calendar again; "
               f"{moved} open deadline(s) moved.")


@calendar_cli.command("list")
@click.argument("year", type=click.IntRange(1990, 2100))
def list_year(year: int) -> None:
    """Show YEAR's public holidays, worked weekend days and recorded overrides."""
    with unscoped():
        calendar = current_calendar()
        notes = {row.day: row.note for row in db.session.scalars(
            db.select(WorkingDayOverride).where(
                WorkingDayOverride.day >= date(year, 1, 1),
                WorkingDayOverride.day <= date(year, 12, 31)))}
        db.session.rollback()  # read only
    day = date(year, 1, 1)
    while day.year == year:
        working = calendar.is_working_day(day)
        usual = day.weekday() < 5
        holiday = calendar.holiday_name(day)
        if working != usual or day in notes or holiday:
            label = "working day" if working else "day off"
            if day in notes:
                why = f"override: {notes[day]}" if notes[day] else "override"
            else:
                why = holiday or "swapped day"
            click.echo(f"{day.isoformat()}\t{day:%a}\t{label}\t{why}")
        day += timedelta(days=1)
