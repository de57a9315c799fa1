"""The overrides of framework internals (``hub.core.overrides``): what each relies on in
Flask, Jinja2 and Flask-Babel still holds, and the portal behaves as without it. A
library upgrade that changes what an override relies on fails here."""

from __future__ import annotations

import inspect

import jinja2
import pytest
from flask import Flask, render_template_string
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from jinja2 import DictLoader
from jinja2.ext import InternationalizationExtension

from hub.core.application import Portal
from hub.core.overrides import CookieSessions, Environment, template_gettext
from tests.cache.conftest import A_HOST
from tests.factories import host_client

# --- the application -------------------------------------------------------------------


def test_the_app_is_a_portal_with_the_overrides(app: Flask, two_sites) -> None:
    assert isinstance(app, Portal)
    assert isinstance(app.jinja_env, Environment)
    assert isinstance(app.session_interface, CookieSessions)
    assert host_client(app, A_HOST).get("/").status_code == 200


# --- Environment.make_globals ----------------------------------------------------------

def test_jinja_makes_a_templates_globals_with_make_globals_when_it_loads_it() -> None:
    # The override is a method Jinja calls with the template's own globals (or None).
    assert list(inspect.signature(jinja2.Environment.make_globals).parameters) == ["self", "d"]
    asked = []

    class Recording(jinja2.Environment):
        def make_globals(self, d):  # type: ignore[no-untyped-def]
            asked.append(d)
            return super().make_globals(d)

    env = Recording(loader=DictLoader({"page.html": "{{ x }}"}))
    env.get_template("page.html")
    env.from_string("{{ y }}", globals={"y": 1})
    assert asked == [None, {"y": 1}]


def test_a_templates_globals_are_the_environments_with_its_own_on_top() -> None:
    env = Environment(Portal(__name__), loader=DictLoader({"page.html": "{{ x }} {{ y }}"}))
    env.globals.update(x="env", y="env")
    template = env.from_string("{{ x }} {{ y }}", globals={"y": "own"})
    assert type(template.globals) is dict
    assert template.render() == "env own"
    assert env.globals["y"] == "env"  # the template's own never leak into the others
    assert env.get_template("page.html").render() == "env env"


def test_no_global_can_be_added_once_the_app_has_served(app: Flask, two_sites) -> None:
    # Templates keep the globals they were loaded with: Flask refuses a late one.
    host_client(app, A_HOST).get("/")
    with pytest.raises(AssertionError, match="already handled its first request"):
        app.add_template_global(len, "late")


def test_every_global_of_the_app_reaches_its_templates(app: Flask) -> None:
    template = app.jinja_env.get_template("base.html")
    assert set(app.jinja_env.globals) <= set(template.globals)
    for name in ("_", "gettext", "url_for", "site_chrome", "item_url", "visit_stats", "may"):
        assert template.globals[name] is app.jinja_env.globals[name]


# --- template gettext ------------------------------------------------------------------

def test_flask_babel_installs_jinjas_newstyle_gettext(app: Flask) -> None:
    # What ``install_template_gettext`` replaces: jinja2.ext.i18n's callables, newstyle.
    assert InternationalizationExtension.identifier in app.jinja_env.extensions
    assert app.jinja_env.newstyle_gettext is True  # type: ignore[attr-defined]
    assert app.jinja_env.globals["_"] is template_gettext
    assert app.jinja_env.globals["gettext"] is template_gettext


def test_babel_catalogs_have_the_methods_templates_call(app: Flask) -> None:
    from flask_babel import get_translations
    with app.test_request_context("/"):
        translations = get_translations()
    for method in ("ugettext", "ungettext", "upgettext", "unpgettext"):
        assert callable(getattr(translations, method))


CASES = [
    ("Plain words", {}),
    ("100%% sure", {}),
    ("%(count)s items in %(name)s", {"count": 3, "name": "<b>bold</b>"}),
    ("<em>marked</em>", {}),
    ("%(x)s%%", {"x": 5}),
]


@pytest.mark.parametrize("autoescape", [True, False])
def test_underscore_renders_as_jinjas_own_newstyle_gettext(app: Flask, autoescape) -> None:
    # Compared with escaping on (the portal's HTML) and off (its text mails).
    jinja_own = jinja2.Environment(extensions=["jinja2.ext.i18n"],
                                   autoescape=autoescape)  # noqa: S701
    jinja_own.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    ours = jinja2.Environment(autoescape=autoescape)  # noqa: S701
    ours.globals["_"] = template_gettext
    source = "{{ _(text, **variables) }}|{{ _(text, **variables) ~ '<i>' }}"
    with app.test_request_context("/"):  # the default catalog: Vietnamese
        from flask_babel import force_locale
        with force_locale("en"):
            for text, variables in CASES:
                expected = jinja_own.from_string(source).render(text=text,
                                                                variables=variables)
                got = ours.from_string(source).render(text=text, variables=variables)
                assert got == expected, text


def test_a_string_and_a_variable_named_string_or_context(app: Flask) -> None:
    with app.test_request_context("/"):
        assert render_template_string(
            "{{ _('%(string)s and %(context)s', string='a', context='b') }}") == "a and b"


def test_the_catalog_is_found_once_per_request(app: Flask, monkeypatch) -> None:
    import flask_babel
    found = []
    real = flask_babel.get_translations

    def counting():  # type: ignore[no-untyped-def]
        found.append(1)
        return real()

    monkeypatch.setattr(flask_babel, "get_translations", counting)
    with app.test_request_context("/"):
        render_template_string("{{ _('News') }} {{ _('Search') }} {{ gettext('Home') }}"
                               "{% trans %}Search{% endtrans %}")
    assert len(found) == 1
    with app.test_request_context("/"):
        render_template_string("{{ _('News') }}")
    assert len(found) == 2


def test_pages_speak_the_hosts_language(app: Flask, province, two_sites) -> None:
    english = host_client(app, "english.langson.localhost").get("/").get_data(as_text=True)
    vietnamese = host_client(app, A_HOST).get("/").get_data(as_text=True)
    assert "All news" in english and "Tất cả tin tức" not in english
    assert "Tất cả tin tức" in vietnamese


# --- CookieSessions --------------------------------------------------------------------

def test_flask_opens_an_empty_session_for_a_request_without_a_cookie() -> None:
    # What the shortcut skips to: Flask itself answers a fresh ``session_class()``.
    assert list(inspect.signature(SecureCookieSessionInterface.open_session).parameters) \
        == ["self", "app", "request"]
    flask_app = Flask(__name__)
    flask_app.secret_key = "k"  # noqa: S105
    with flask_app.test_request_context("/"):
        from flask import request
        opened = SecureCookieSessionInterface().open_session(flask_app, request)
        ours = CookieSessions().open_session(flask_app, request)
    assert type(opened) is type(ours) is SecureCookieSession
    assert opened == ours == {}
    assert not ours.modified and not ours.accessed


def test_no_signing_for_a_reader_without_a_cookie(app: Flask, two_sites, monkeypatch) -> None:
    signed = []
    real = SecureCookieSessionInterface.get_signing_serializer

    def spy(self, flask_app):  # type: ignore[no-untyped-def]
        signed.append(1)
        return real(self, flask_app)

    monkeypatch.setattr(SecureCookieSessionInterface, "get_signing_serializer", spy)
    client = host_client(app, A_HOST)
    assert client.get("/").status_code == 200
    assert signed == []
    page = client.get("/dang-nhap")  # the login form writes its CSRF token in a session
    assert page.status_code == 200 and signed
    assert client.get_cookie(app.config["SESSION_COOKIE_NAME"], domain=A_HOST) is not None


def test_a_session_cookie_is_read_and_a_forged_one_is_not(app: Flask, two_sites) -> None:
    client = host_client(app, A_HOST)
    name = app.config["SESSION_COOKIE_NAME"]
    with client.session_transaction() as session:
        session["note"] = "kept"
    cookie = client.get_cookie(name, domain=A_HOST)
    assert cookie is not None
    with app.test_request_context("/", headers={"Cookie": f"{name}={cookie.value}"}):
        from flask import request
        assert app.session_interface.open_session(app, request)["note"] == "kept"
    with app.test_request_context("/", headers={
            "Cookie": f"{name}=forged.value.sig"}):
        from flask import request
        assert app.session_interface.open_session(app, request) == {}
