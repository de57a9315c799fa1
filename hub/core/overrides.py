"""The portal's overrides of framework internals: every one of them, and why it is kept.

An override stays only while the portal benchmark shows it worth more than 3 % of the work
of a page: instructions per request, counted in-process with callgrind (exact, where the
requests per second of ``wrk`` move by ±15 % on a 2-core machine). Each relies on how a
library works inside; ``tests/core/test_overrides.py`` pins that, so a library upgrade
that changes it fails a test rather than a page.

- ``Environment.make_globals`` (Jinja2): a template's globals as one plain dict made
  when it is loaded, not a ``ChainMap`` read key by key on every render (9.5 % of an
  uncached article page).
- ``install_template_gettext`` (Flask-Babel, ``jinja2.ext.i18n``): the catalog found
  once per request, and ``_("...")`` called directly (17.8 % of the home page, 11.4 % of
  an article page).
- ``CookieSessions`` (Flask): no signing serializer for a request without a session
  cookie (6.3 % of a page served from the page cache).

Measured and not kept: remembering which hooks and views are synchronous
(``Flask.ensure_sync``, 2.1 % of a cached page) and marking a visitor without cookies
anonymous through Flask-Login's private ``_update_request_context_with_user`` (1.7 %);
together they were 0.8 % of a cached home page and 2.3 % of an uncached article.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from flask import Flask, Request, g, has_request_context
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask.templating import Environment as FlaskEnvironment
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup


class Environment(FlaskEnvironment):
    """Jinja gives every template its globals as a ``ChainMap`` over the environment's,
    so that a template's own globals never leak into others. Reading a ``ChainMap`` is
    Python code run key by key: every render copies the forty-odd globals of the portal
    out of it one lookup at a time, and every ``{% from ... import %}`` checks each name
    against it once more (pallets/jinja#2185). Here a template's globals are a plain dict
    made when the template is loaded: the environment's, with the template's own on top.

    A global added after a template was loaded would not reach it; Flask's
    ``add_template_global`` refuses to add one once the app has served a request, and
    the portal registers every global through it while ``create_app`` runs."""

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        if not d:
            return dict(self.globals)
        return {**self.globals, **d}


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


def install_template_gettext(app: Flask) -> None:
    """The gettext callables of templates (after Flask-Babel's ``init_app``, which
    installs its own): the same functions, with the catalog found once per request."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
        newstyle=True)
    # ``_("...")`` is a dozen calls on every page: Jinja's alias of it resolves
    # ``gettext`` and calls through the template context twice. This is the same
    # newstyle function (escaped, always formatted with its variables), called directly.
    app.add_template_global(template_gettext, "_")
    app.add_template_global(template_gettext, "gettext")


@pass_context
def template_gettext(context: Context, string: str, /, **variables: Any) -> str:
    """Jinja's newstyle ``gettext`` (``jinja2.ext._make_new_gettext``), without its
    indirections."""
    # Positional-only: a template may name a variable ``string`` or ``context``.
    translated = _translations().ugettext(string)
    if context.eval_ctx.autoescape:
        translated = Markup(translated)  # noqa: S704 - our catalog, as Jinja marks it
    # Formatted as Jinja's newstyle gettext does ("%%" is "%"), unless there is nothing
    # to format: most strings of a page have no variable and no "%".
    return translated % variables if variables or "%" in translated else translated


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, without building the signing serializer for a
    request that brought no session cookie (every reader's page): it would only find
    nothing to verify. Writing a session later in the request signs it as before."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)


def init_app(app: Flask) -> None:
    """The template gettext (after Flask-Babel's ``init_app``)."""
    install_template_gettext(app)
