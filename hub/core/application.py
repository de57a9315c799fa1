"""The Flask class of the portal: Flask's own, with the Jinja environment and the
session interface of ``hub.core.overrides``."""

from __future__ import annotations

from flask import Flask

from hub.core.overrides import CookieSessions, Environment


class Portal(Flask):
    jinja_environment = Environment
    session_interface = CookieSessions()
