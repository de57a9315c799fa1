"""Security headers on every response: a Content-Security-Policy that allows no inline
script (and no inline style) and no framing, nosniff, a referrer policy, a permissions
policy, and HSTS only over HTTPS. Public pages served from the page cache carry them as
rendered pages do, and the templates hold nothing the policy would block."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from flask import Flask, request

from hub.content.models import ContentType
from tests.admin.helpers import make_staff, staff_client
from tests.api.content import PUBLISH, make_item, staff
from tests.factories import host_client

PROVINCE = "langson.localhost"
A_HOST = "sokhcn.langson.localhost"
HUB = Path(__file__).resolve().parents[2] / "hub"


def policy(response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """The Content-Security-Policy as {directive: [sources]}."""
    directives = {}
    for part in response.headers["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_secured(response, *, referrer: str = "strict-origin-when-cross-origin"):  # type: ignore[no-untyped-def]
    csp = policy(response)
    script = csp.get("script-src", csp.get("default-src"))
    assert script == ["'self'"], script  # no 'unsafe-inline', no 'unsafe-eval', no host
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == referrer
    permissions = response.headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert f"{feature}=()" in permissions
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP here


@pytest.fixture
def renders(app: Flask) -> Counter:
    """A public page under the cached prefix that counts how often it really ran."""
    counts: Counter = Counter()

    def page() -> str:
        counts[request.host] += 1
        return "<p>Trang thử</p>"

    app.add_url_rule("/_test/trang", "public.test_headers_page", page)
    return counts


def test_every_kind_of_response_carries_the_headers(app, two_sites):
    client = host_client(app, PROVINCE)
    for path in ("/", "/tin-tuc", "/tim-kiem?q=a", "/rss.xml", "/robots.txt",
                 "/api/v1/articles", "/healthz", "/dang-nhap", "/static/portal.css",
                 "/khong-co-trang-nay"):
        response = client.get(path)
        assert response.status_code < 500, path
        assert_secured(response)
    assert client.get("/khong-co-trang-nay").status_code == 404
    # A host no site answers to, and a form refused by its CSRF check.
    assert_secured(host_client(app, "khong-co.example").get("/"))
    refused = client.post("/dang-nhap", data={"email": "a@b.vn", "password": "x"})
    assert refused.status_code == 400
    assert_secured(refused)


def test_staff_pages_carry_the_headers(app, two_sites):
    make_staff(app, two_sites[0])
    client = staff_client(app, two_sites[0], "editor")
    dashboard = client.get("/quan-tri/")
    assert dashboard.status_code == 200
    assert_secured(dashboard)
    form = client.get("/quan-tri/noi-dung/moi/tin-bai")
    assert form.status_code == 200 and "editor.js" in form.text
    assert_secured(form)


def test_pages_from_the_page_cache_carry_the_headers(app, province, renders):
    client = host_client(app, PROVINCE)
    first = client.get("/_test/trang")
    second = client.get("/_test/trang")
    assert renders[PROVINCE] == 1  # the second came from the cache
    assert second.data == first.data
    assert_secured(first)
    assert_secured(second)
    not_modified = client.get("/_test/trang", headers={"If-None-Match": first.headers["ETag"]})
    assert not_modified.status_code == 304 and renders[PROVINCE] == 1
    assert_secured(not_modified)


def test_hsts_only_over_https(app, province):
    client = host_client(app, PROVINCE)
    assert "Strict-Transport-Security" not in client.get("/").headers
    secure = client.get("/", base_url=f"https://{PROVINCE}/")
    assert secure.status_code == 200
    hsts = secure.headers["Strict-Transport-Security"]
    assert re.fullmatch(r"max-age=(\d+)", hsts) and int(hsts.split("=")[1]) >= 15_552_000


def test_a_page_that_sets_its_own_policy_keeps_it(app, province):
    # A password-reset link carries its token in the address: that page sends no
    # referrer at all, and the general default does not overwrite it.
    response = host_client(app, PROVINCE).get("/dang-nhap/dat-lai/khong-hop-le")
    assert response.status_code == 400
    assert_secured(response, referrer="no-referrer")


def test_the_organisation_tree_is_indented_without_inline_style(app, province):
    editor, approver = staff(app, province)
    make_item(app, province, editor, content_type=ContentType.PAGE, kind="organisation",
              title="Cơ cấu tổ chức", steps=PUBLISH, approver_email=approver,
              org_tree="Ban Giám đốc\n  Văn phòng\n    Tổ Hành chính")
    page = host_client(app, PROVINCE).get("/co-cau-to-chuc")
    assert page.status_code == 200 and "Tổ Hành chính" in page.text
    assert " style=" not in page.text
    assert re.search(r'<li class="indent-2">\s*Văn phòng', page.text)
    assert re.search(r'<li class="indent-4">\s*Tổ Hành chính', page.text)


# What the policy would block: a script element with code in it (a JSON data block is
# not run, so script-src does not apply to it), an event handler attribute, a style
# attribute or element, a javascript: address.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>",
                           re.IGNORECASE)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"javascript:", re.IGNORECASE)


def test_templates_hold_nothing_the_policy_blocks():
    found = []
    for template in sorted((HUB / "templates").rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        if template.name == "item_print.html":
            # The "download" variant inlines the stylesheet into a file to keep
            # (an attachment, opened from disk); the web variant links it.
            text = re.sub(r"\{% if standalone %\}<style>.*?</style>", "", text)
        for rule in (INLINE_SCRIPT, HANDLER, STYLE_ATTRIBUTE, JAVASCRIPT_URL):
            found += [f"{template.relative_to(HUB)}: {match.group(0)}"
                      for match in rule.finditer(text)]
        # The periodic report's layout for WeasyPrint is made into a PDF on the server
        # and never served as a page.
        if "<style" in text and template.name != "reports_pdf.html":
            found.append(f"{template.relative_to(HUB)}: <style>")
    for script in sorted((HUB / "static").glob("*.js")):
        text = script.read_text(encoding="utf-8")
        for rule in (re.compile(r"\beval\s*\("), re.compile(r"new\s+Function\s*\("),
                     re.compile(r"setAttribute\(\s*[\"'](style|on[a-z]+)[\"']")):
            found += [f"{script.relative_to(HUB)}: {match.group(0)}"
                      for match in rule.finditer(text)]
    assert found == []
