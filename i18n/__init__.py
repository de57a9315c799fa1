"""Interface languages: the locale of a request comes from the host it was made on."""

from __future__ import annotations

from typing import Any

from flask import g, has_request_context
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

SUPPORTED_LOCALES = ("vi", "en")
DEFAULT_LOCALE = "vi"


def select_locale() -> str:
    if has_request_context():
        locale = g.get("locale")
        if locale in SUPPORTED_LOCALES:
            return locale
    return DEFAULT_LOCALE


def _translations() -> Any:
    """This request's catalog, looked up once: Flask-Babel finds it anew on every call
    (a dozen context lookups each time, for every string of every page)."""
    translations = g.get("_translations")
    if translations is None:
        from flask_babel import get_translations
        translations = get_translations()
        if has_request_context():
            g._translations = translations
    return translations


def init_app(app) -> None:  # type: ignore[no-untyped-def]
    from flask_babel import get_locale
    app.add_template_global(get_locale)
    # The same callables Flask-Babel installs, with the catalog found once per request.
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
        newstyle=True)
    # ``_("...")`` is a dozen calls on every page: Jinja's alias of it resolves
    # ``gettext`` and calls through the template context twice. This is the same
    # newstyle function (escaped, always formatted with its variables), called directly.
    app.add_template_global(_template_gettext, "_")
    app.add_template_global(_template_gettext, "gettext")


@pass_context
def _template_gettext(context: Context, string: str, /, **variables: Any) -> str:
    # Positional-only: a template may name a variable ``string`` or ``context``.
    translated = _translations().ugettext(string)
    if context.eval_ctx.autoescape:
        translated = Markup(translated)  # noqa: S704 - our catalog, as Jinja marks it
    # Formatted as Jinja's newstyle gettext does ("%%" is "%"), unless there is nothing
    # to format: most strings of a page have no variable and no "%".
    return translated % variables if variables or "%" in translated else translated
