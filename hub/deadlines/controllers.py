"""The province office's screen of swapped working days (/quan-tri/tinh/ngay-lam-viec).

The same work as ``flask calendar add-override`` / ``remove-override`` / ``list``: the
office records a Saturday worked or a weekday given off, with the reason (the decision
announcing it), or forgets an entry. Open deadlines of every site move with the day
(``signals.calendar_changed``, sent inside ``unscoped()`` as the CLI does); the calendar
cache is dropped when the change commits (``calendar._track_override_changes``).

Only on the province's host (404 elsewhere: the calendar is the hub's, not a site's),
for holders of ``calendar.manage`` (the office). Load -> check -> act; one commit at the
end of the request.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import wraps
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from hub.accounts.permissions import permission_required
from hub.core.clock import local_today
from hub.deadlines import operations, signals
from hub.deadlines.calendar import current_calendar
from hub.deadlines.forms import OverrideForm
from hub.deadlines.models import WorkingDayOverride
from hub.extensions import db
from hub.formatting import format_day
from hub.intake.errors import FieldErrors
from tenants.context import current_site, unscoped

YEARS = operations.YEARS  # as ``flask calendar list``


def province_host_only(view: Callable[..., Any]) -> Callable[..., Any]:
    """404 on any host but the province portal's (before the permission check)."""
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        site = current_site()
        if site is None or site.kind != "province":
            abort(404)
        return view(*args, **kwargs)
    return wrapped


def _year() -> int:
    raw = request.args.get("nam", "")
    if not raw:
        return local_today().year
    if not raw.isdigit() or not YEARS[0] <= int(raw) <= YEARS[1]:
        abort(404)
    return int(raw)


def year_days(year: int) -> list[dict[str, Any]]:
    """The year's days that differ from Monday-Friday, as ``flask calendar list``."""
    overrides = {row.day: row for row in db.session.scalars(
        select(WorkingDayOverride).where(WorkingDayOverride.day >= date(year, 1, 1),
                                         WorkingDayOverride.day <= date(year, 12, 31)))}
    calendar = current_calendar()
    days = []
    day = date(year, 1, 1)
    while day.year == year:
        working = calendar.is_working_day(day)
        holiday = calendar.holiday_name(day)
        if working != (day.weekday() < 5) or day in overrides or holiday:
            days.append({"day": day, "working": working, "holiday": holiday,
                         "override": overrides.get(day)})
        day += timedelta(days=1)
    return days


def _page(year: int, form: OverrideForm, *, error: str | None = None,
          status: int = 200):  # type: ignore[no-untyped-def]
    return render_template("deadlines/overrides.html", year=year, days=year_days(year),
                           form=form, error=error, years=YEARS), status


def _apply(change: Callable[[], Any], day: date) -> int:
    """Make the change and move the open deadlines of every site (the CLI's way)."""
    with unscoped():
        change()
        return sum(moved for _receiver, moved in signals.calendar_changed.send(day))


@province_host_only
@permission_required("calendar.manage")
def overrides():  # type: ignore[no-untyped-def]
    return _page(_year(), OverrideForm(formdata=None))


@province_host_only
@permission_required("calendar.manage")
def add_override():  # type: ignore[no-untyped-def]
    form = OverrideForm()
    if not form.validate_on_submit():
        return _page(local_today().year, form, status=400,
                     error=_("The form has expired. Please send it again."))
    try:
        day, working, note = operations.check_override(form.day.data, form.kind.data,
                                                       form.note.data)
    except FieldErrors as invalid:
        for name, message in invalid.errors.items():
            form[name].errors = [message]
        year = operations.parse_day(form.day.data or "")
        return _page(year.year if year and YEARS[0] <= year.year <= YEARS[1]
                     else local_today().year, form, status=422,
                     error=_("The day was not recorded. Please correct what is marked "
                             "below."))
    actor = current_user._get_current_object()
    moved = _apply(lambda: operations.set_override(day, working, note, actor=actor), day)
    shown = format_day(day)
    flash(ngettext("%(day)s is now a working day; %(num)d open deadline moved.",
                   "%(day)s is now a working day; %(num)d open deadlines moved.",
                   moved, day=shown) if working else
          ngettext("%(day)s is now a day off; %(num)d open deadline moved.",
                   "%(day)s is now a day off; %(num)d open deadlines moved.",
                   moved, day=shown), "success")
    return redirect(url_for("calendar.overrides", nam=day.year))


@province_host_only
@permission_required("calendar.manage")
def remove_override(day: str):  # type: ignore[no-untyped-def]
    the_day = operations.parse_day(day)
    if the_day is None or operations.find_override(the_day) is None:
        abort(404)
    actor = current_user._get_current_object()
    moved = _apply(lambda: operations.remove_override(the_day, actor=actor), the_day)
    flash(ngettext("%(day)s follows the usual calendar again; %(num)d open deadline "
                   "moved.",
                   "%(day)s follows the usual calendar again; %(num)d open deadlines "
                   "moved.", moved, day=format_day(the_day)), "success")
    return redirect(url_for("calendar.overrides", nam=the_day.year))
