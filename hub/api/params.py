"""Reading the query string of an API request: every value checked, every error a 400.

A parameter the endpoint does not know, a value outside its choices, a malformed date,
a page out of range: each stops the request with a JSON 400 naming the parameter, so a
client sees what to fix instead of silently getting unfiltered data.
"""

from __future__ import annotations

import calendar
import enum
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, NoReturn

from flask import request
from flask_babel import gettext as _

from hub.core.clock import local_today
from hub.core.http import fail
from hub.core.periods import EARLIEST_YEAR, LATEST_YEAR, on_calendar

MAX_QUERY_STRING = 2048   # longer query strings are refused before they are parsed
MAX_TEXT = 200            # longest free-text filter value
MAX_PAGE = 100_000
DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
_INTEGER = re.compile(r"-?[0-9]+")


@dataclass(frozen=True)
class Param:
    """One query parameter: how it is parsed and how the OpenAPI document shows it."""
    name: str
    parse: Callable[[str, str], Any]
    schema: dict[str, Any]
    description: str = ""


def bad(name: str, message: str) -> NoReturn:
    fail(400, _("Parameter “%(name)s”: %(message)s", name=name, message=message))


def parse_int(low: int, high: int) -> Callable[[str, str], int]:
    def parse(name: str, raw: str) -> int:
        # ASCII digits only: ``str.isdigit`` also says yes to "²", which ``int`` refuses.
        if len(raw) > 12 or not _INTEGER.fullmatch(raw.strip()):
            bad(name, _("a whole number is expected."))
        value = int(raw)
        if not low <= value <= high:
            bad(name, _("must be between %(low)s and %(high)s.", low=low, high=high))
        return value
    return parse


def parse_date(name: str, raw: str) -> date:
    try:
        if len(raw) != 10:
            raise ValueError
        day = date.fromisoformat(raw)
    except ValueError:
        bad(name, _("a date in the form YYYY-MM-DD is expected."))
    if not on_calendar(day):
        bad(name, _("a date in the years %(first)d to %(last)d is expected.",
                    first=EARLIEST_YEAR, last=LATEST_YEAR))
    return day


def parse_text(name: str, raw: str) -> str:
    value = raw.strip()
    if not value or len(value) > MAX_TEXT:
        bad(name, _("between 1 and %(max)s characters are expected.", max=MAX_TEXT))
    return value


def parse_bool(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("true", "1"):
        return True
    if value in ("false", "0"):
        return False
    bad(name, _("“true” or “false” is expected."))
    raise AssertionError


def parse_enum(choices: type[enum.Enum]) -> Callable[[str, str], enum.Enum]:
    def parse(name: str, raw: str) -> enum.Enum:
        try:
            return choices(raw)
        except ValueError:
            bad(name, _("one of %(values)s is expected.",
                        values=", ".join(str(c.value) for c in choices)))
        raise AssertionError
    return parse


def int_param(name: str, low: int, high: int, description: str = "",
              default: int | None = None) -> Param:
    schema: dict[str, Any] = {"type": "integer", "minimum": low, "maximum": high}
    if default is not None:
        schema["default"] = default
    return Param(name, parse_int(low, high), schema, description)


def date_param(name: str, description: str) -> Param:
    return Param(name, parse_date, {"type": "string", "format": "date"},
                 f"{description} Years {EARLIEST_YEAR}–{LATEST_YEAR}.")


def text_param(name: str, description: str) -> Param:
    return Param(name, parse_text, {"type": "string", "minLength": 1,
                                    "maxLength": MAX_TEXT}, description)


def enum_param(name: str, choices: type[enum.Enum], description: str) -> Param:
    return Param(name, parse_enum(choices),
                 {"type": "string", "enum": [c.value for c in choices]}, description)


def bool_param(name: str, description: str) -> Param:
    return Param(name, parse_bool, {"type": "boolean"}, description)


PAGING: tuple[Param, ...] = (
    int_param("page", 1, MAX_PAGE, "Page number, from 1.", default=1),
    int_param("per_page", 1, MAX_PER_PAGE, "Items per page (at most 100).",
              default=DEFAULT_PER_PAGE),
)


def read(params: tuple[Param, ...]) -> dict[str, Any]:
    """The parsed values of ``params`` given in the query string; anything else is a 400."""
    if len(request.query_string) > MAX_QUERY_STRING:
        fail(400, _("The query string is too long."))
    known = {param.name: param for param in params}
    values: dict[str, Any] = {}
    for name in request.args:
        param = known.get(name)
        if param is None:
            fail(400, _("Unknown parameter “%(name)s”. Accepted: %(names)s.",
                        name=name[:40], names=", ".join(sorted(known))))
        raw_values = request.args.getlist(name)
        if len(raw_values) != 1:
            bad(name, _("give it only once."))
        values[name] = param.parse(name, raw_values[0])
    return values


PEOPLE_FILTERS = (bool_param("leader", "Only leaders (true) or only others."),)


def period_of(values: dict[str, Any]) -> tuple[date, date]:
    """The days ``from``–``to`` of a request read with ``date_param``s of those names;
    either left out: the current month's first or last day (Vietnam's)."""
    today = local_today()
    first = values.get("from") or today.replace(day=1)
    last = values.get("to") or today.replace(
        day=calendar.monthrange(today.year, today.month)[1])
    if first > last:
        bad("from", _("must not be after “to”."))
    return first, last
