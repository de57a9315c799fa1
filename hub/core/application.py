"""The Flask class of the portal: Flask's own, with the Jinja environment and the
session interface of ``hub.core.overrides``, URL rules whose ids are bounded, and no
traceback logged for an unavailable database."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

from hub.core.database import is_database_outage
from hub.core.http import LARGEST_ID
from hub.core.overrides import CookieSessions, Environment


class BoundedInteger(IntegerConverter):
    """``<int:...>`` of every rule: a number above ``LARGEST_ID`` matches no rule, so it
    is a 404 like any id without a row, rather than an overflow in the database (SQLite's
    driver refuses to bind it above 2^63, PostgreSQL an INTEGER above 2^31).
    ``<int(max=...)>`` still narrows it further."""

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = None,  # noqa: A002
                 max: int | None = LARGEST_ID, signed: bool = False) -> None:  # noqa: A002
        super().__init__(map, fixed_digits, min, max, signed)


class PortalMap(Map):
    default_converters = {**Map.default_converters, "int": BoundedInteger}


class Portal(Flask):
    jinja_environment = Environment
    session_interface = CookieSessions()
    url_map_class = PortalMap

    def log_exception(self, exc_info) -> None:  # type: ignore[no-untyped-def, override]
        """Every error but an unavailable database (a failed commit reaches here),
        which ``hub.core.errors`` logs as one line, not a traceback per request."""
        if is_database_outage(exc_info[1]):
            return
        super().log_exception(exc_info)
