"""The public site's addresses come from one table (``hub.public.urls.ROUTES``): the
blueprint's rules, the paths lists and menus print, and every link of the templates."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import Flask, url_for

from hub.content.models import ContentType
from hub.public.urls import (
    ITEM_ENDPOINTS,
    ROUTES,
    RULES,
    SECTIONS,
    item_path,
    public_path,
)

TEMPLATES = Path(__file__).resolve().parents[2] / "hub" / "templates"
STATIC = TEMPLATES.parent / "static"
_URL_FOR = re.compile(r"url_for\(\s*['\"]([\w.]+)['\"]")
_PUBLIC_PATH = re.compile(r"public_path\(\s*['\"](\w+)['\"]")
_LITERAL = re.compile(r"""(?:href|action|src)\s*=\s*["'](/[^"'{]*)""")


def test_every_rule_of_the_public_site_comes_from_the_table(app: Flask) -> None:
    registered = {(rule.endpoint, rule.rule) for rule in app.url_map.iter_rules()
                  if rule.endpoint.startswith("public.")}
    assert registered == {(f"public.{route.endpoint}", route.rule) for route in ROUTES}
    assert len(RULES) == len(ROUTES)  # one rule per endpoint


def test_each_item_type_has_one_section_and_one_page() -> None:
    assert set(SECTIONS) == set(ITEM_ENDPOINTS) == set(ContentType)
    assert SECTIONS[ContentType.ARTICLE] == "tin-tuc"
    assert RULES[ITEM_ENDPOINTS[ContentType.LEGAL_DOCUMENT]] == "/van-ban/<slug>"


def test_the_category_feed_lives_below_the_category(app: Flask) -> None:
    feed = next(rule.rule for rule in app.url_map.iter_rules()
                if rule.endpoint == "feeds.category_feed")
    assert feed == RULES["category"] + "/rss.xml"


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.endpoint)
def test_a_path_formatted_from_the_table_is_the_one_flask_builds(app: Flask, route) -> None:
    values = {name: "ten-bai-viet" for name in re.findall(r"<(?:[^<>]*:)?(\w+)>", route.rule)}
    if "section" in values:
        values["section"] = SECTIONS[ContentType.PROCEDURE]
    with app.test_request_context("/"):
        assert public_path(route.endpoint, **values) == url_for(f"public.{route.endpoint}",
                                                                **values)


@pytest.mark.parametrize("content_type", list(ContentType))
def test_an_items_paths_are_its_pages_print_view_and_download(app: Flask,
                                                               content_type) -> None:
    item = SimpleNamespace(type=content_type.value, slug="quyet-dinh-so-1")
    with app.test_request_context("/"):
        endpoint = f"public.{ITEM_ENDPOINTS[content_type]}"
        assert item_path(item) == url_for(endpoint, slug=item.slug)  # type: ignore[arg-type]
        for view in ("print_view", "download"):
            assert item_path(item, view) == url_for(  # type: ignore[arg-type]
                f"public.{view}", section=SECTIONS[content_type], slug=item.slug)


def test_every_link_in_the_templates_resolves(app: Flask) -> None:
    templates = sorted(TEMPLATES.rglob("*.html"))
    assert templates
    endpoints = set(app.view_functions)
    for template in templates:
        text = template.read_text(encoding="utf-8")
        for endpoint in _URL_FOR.findall(text):
            assert endpoint in endpoints, f"{template.name}: url_for({endpoint!r})"
        for endpoint in _PUBLIC_PATH.findall(text):
            assert f"public.{endpoint}" in endpoints, f"{template.name}: {endpoint!r}"
        # Only static files are written as paths: the layout of a host that serves no
        # site links the stylesheet and emblem too.
        for path in _LITERAL.findall(text):
            assert path.startswith("/static/"), f"{template.name}: {path}"
            assert (STATIC / path.removeprefix("/static/")).is_file(), path


def test_public_pages_link_what_the_table_says(app: Flask, two_sites) -> None:
    from tests.cache.conftest import A_HOST
    from tests.factories import host_client
    home = host_client(app, A_HOST).get("/").get_data(as_text=True)
    for endpoint in ("news", "documents", "procedures"):
        assert f'href="{RULES[endpoint]}"' in home
    assert f'action="{public_path("documents")}"' not in home
    assert 'action="/tim-kiem"' in home
    assert 'href="/lich-cong-tac?tuan=' in home
