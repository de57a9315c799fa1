"""Template strings: translated for the host's language, their variables escaped, any
variable name allowed."""

from __future__ import annotations

from flask import render_template_string

from tests.factories import create_site


def test_template_strings_are_translated_escaped_and_take_any_variable_name(app):
    create_site(app, "langson", "Tỉnh Lạng Sơn", "province", hosts=("langson.localhost",))
    template = ('{{ _("Log in") }}|{{ _("Back to %(name)s", name=who) }}|'
                '{{ _("%(string)s and %(context)s", string="a", context="b") }}')
    with app.test_request_context("/", base_url="http://langson.localhost/"):
        app.preprocess_request()
        text = render_template_string(template, who="<b>Sở & Ngành</b>")
    login, back, named = text.split("|")
    assert login == "Đăng nhập"
    assert back.startswith("Về ") and "&lt;b&gt;Sở &amp; Ngành&lt;/b&gt;" in back
    assert named == "a and b"
