"""Interface languages: the locale of a request comes from the host it was made on."""

from __future__ import annotations

from flask import Flask, g, has_request_context

SUPPORTED_LOCALES = ("vi", "en")
DEFAULT_LOCALE = "vi"


def select_locale() -> str:
    if has_request_context():
        locale = g.get("locale")
        if locale in SUPPORTED_LOCALES:
            return locale
    return DEFAULT_LOCALE


def init_app(app: Flask) -> None:
    from flask_babel import get_locale
    app.add_template_global(get_locale)
