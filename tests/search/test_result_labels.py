"""Facet values named in the JSON API as on the search page, and the page that finds
nothing: its message outside the results list, worded by the type filter, suggesting
only scopes wider than the one searched."""

from __future__ import annotations

from flask import Flask
from flask_babel import force_locale

from hub.extensions import db
from search.controllers import type_label
from tenants.models import Tenant
from tests.content.conftest import translated
from tests.factories import host_client
from tests.search.conftest import Corpus

PROVINCE = "langson.localhost"
COMMUNE = "xathongnhat.langson.localhost"
ENGLISH = "english.langson.localhost"


def _facets(app: Flask, host: str, query: str) -> dict[str, dict[str, dict[str, object]]]:
    body = host_client(app, host).get(f"/api/v1/search?{query}").get_json()
    return {name: {bucket["value"]: bucket for bucket in values}
            for name, values in body["facets"].items()}


def _label(app: Flask, host: str, value: str) -> str:
    locale = "en" if host == ENGLISH else "vi"
    with app.test_request_context(base_url=f"http://{host}/"), force_locale(locale):
        return type_label(value)


def test_the_api_names_sites_and_types_in_the_host_language(app, corpus: Corpus) -> None:  # type: ignore[no-untyped-def]
    facets = _facets(app, PROVINCE, "q=đất")
    commune = corpus.sites["commune"]
    assert facets["site"][str(commune.id)]["label"] == "Xã Thống Nhất"
    assert facets["site"][str(commune.id)]["count"] >= 1
    procedure = facets["type"]["procedure"]
    assert procedure["label"] == _label(app, PROVINCE, "procedure") != "procedure"
    for buckets in facets.values():
        assert all(set(b) == {"value", "label", "count"} for b in buckets.values())
    assert facets["field"]["Đất đai"]["label"] == "Đất đai"  # free text names itself

    english = _facets(app, ENGLISH, "q=investment")
    province = corpus.sites["province"]
    with app.app_context():
        name_en = db.session.get(Tenant, province.id).name_in("en")
    assert english["site"][str(province.id)]["label"] == name_en != province.name
    assert english["type"]["article"]["label"] == _label(app, ENGLISH, "article")
    assert english["type"]["article"]["label"] != _label(app, PROVINCE, "article")


def test_the_openapi_document_describes_the_labels(app, province) -> None:  # type: ignore[no-untyped-def]
    document = host_client(app, PROVINCE).get("/api/v1/openapi.json").get_json()
    facets = document["components"]["schemas"]["SearchResponse"]["properties"]["facets"]
    bucket = facets["properties"]["site"]["items"]
    assert bucket["required"] == ["value", "label", "count"]
    assert "name" in bucket["properties"]["label"]["description"]
    # Each result says how many sites publish it and how to list their copies.
    result = document["components"]["schemas"]["SearchResult"]
    assert {"copies", "copies_of"} <= set(result["required"])
    search = next(operation for path, item in document["paths"].items()
                  if path.endswith("/search") for operation in item.values())
    assert "copies_of" in {parameter["name"] for parameter in search["parameters"]}


def _empty(app: Flask, host: str, query: str) -> str:
    page = host_client(app, host).get(f"/tim-kiem?q=zzzyyxxq&{query}")
    assert page.status_code == 200
    html = page.text
    assert '<ol class="search-results">' not in html
    assert 'class="search-empty"' in html
    assert 'class="search-facets"' not in html  # nothing to refine
    return html


def test_nothing_found_is_a_message_worded_by_the_type_filter(app, corpus: Corpus) -> None:  # type: ignore[no-untyped-def]
    html = _empty(app, PROVINCE, "")
    assert translated(app, "Nothing published matches your search.") in html
    html = _empty(app, PROVINCE, "type=procedure")
    assert translated(app, "Nothing of the type “%(type)s” matches your search.",
                      type=_label(app, PROVINCE, "procedure")) in html
    assert translated(app, "Nothing published matches your search.") not in html
    html = _empty(app, PROVINCE, "type=procedure&type=article")
    assert translated(app, "Nothing of the chosen types matches your search.") in html


def test_nothing_found_suggests_only_wider_scopes(app, corpus: Corpus) -> None:  # type: ignore[no-untyped-def]
    wider = translated(app, "Or search more widely:")
    html = _empty(app, PROVINCE, "scope=all")
    assert wider not in html and "scope=all" not in html.split('class="search-empty"')[1]
    html = _empty(app, COMMUNE, "scope=site")
    empty = html.split('class="search-empty"')[1]
    assert wider in empty
    assert "scope=subtree" in empty and "scope=all" in empty and "scope=site" not in empty
    empty = _empty(app, COMMUNE, "scope=subtree").split('class="search-empty"')[1]
    assert "scope=all" in empty and "scope=subtree" not in empty


def test_a_page_past_the_last_result_says_so_and_links_the_last(app, corpus: Corpus) -> None:  # type: ignore[no-untyped-def]
    client = host_client(app, PROVINCE)
    total = client.get("/api/v1/search?q=đất").get_json()["total"]
    last = (total + 9) // 10
    html = client.get(f"/tim-kiem?q=đất&page={last + 5}").text
    assert translated(app, "This page is past the last result.") in html
    assert f"page={last}" in html.split(translated(app, "This page is past the last result."))[1]
    assert translated(app, "This page is past the last result.") not in \
        client.get("/tim-kiem?q=đất").text
