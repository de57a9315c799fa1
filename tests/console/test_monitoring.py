"""The province-wide list for the national monitoring platform (``/api/v1/monitoring``)
and the one structure check it shares with ``/api/v1/structure`` and the console."""

from __future__ import annotations

from datetime import date

from openapi_spec_validator import validate

from hub.api.structure import structure_of_sites
from hub.extensions import db
from hub.stats.models import PageViewCount
from tenants.context import tenant_scope, unscoped
from tenants.models import Tenant
from tests.api.conftest import world  # noqa: F401 - the open-data world
from tests.api.content import A_HOST, VI_HOST
from tests.api.test_openapi import checker
from tests.factories import host_client


def _missing(structure: dict) -> list[str]:  # type: ignore[type-arg]
    return [s["code"] for s in structure["sections"]
            if not (s["present"] and (s["non_empty"] or s["code"] == "questions"))]


def test_the_console_and_the_api_check_the_structure_alike(app, world):  # noqa: F811
    body = host_client(app, A_HOST).get("/api/v1/structure").get_json()["data"]
    with app.test_request_context(base_url=f"http://{VI_HOST}/"), unscoped():
        tenant = db.session.scalar(db.select(Tenant).filter_by(slug="sokhcn.langson"))
        state = structure_of_sites([tenant.id])[tenant.id]
    assert state.missing_sections == _missing(body)
    assert state.missing_facts == body["footer_facts_missing"]
    assert state.complete is body["complete"] is False
    assert "news" not in state.missing_sections        # the world published an article
    assert "governing_agency" in state.missing_facts


def test_the_province_lists_every_site_with_structure_and_usage(app, world):  # noqa: F811
    client = host_client(app, VI_HOST)
    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)
    assert "/api/v1/monitoring" in document["paths"]
    check = checker(document)
    with app.app_context(), unscoped():
        tenant = db.session.scalar(db.select(Tenant).filter_by(slug="sokhcn.langson"))
    with app.app_context(), tenant_scope(tenant.id):
        db.session.add(PageViewCount(item_id=0, day=date.today(), views=42))
        db.session.commit()
    response = client.get("/api/v1/monitoring")
    assert response.status_code == 200
    assert response.headers["Cache-Control"].startswith("public")
    body = response.get_json()
    check("/api/v1/monitoring", 200, body)
    by_slug = {site["slug"]: site for site in body["data"]}
    assert set(by_slug) == {"langson", "sokhcn.langson", "xathongnhat.langson"}
    department = by_slug["sokhcn.langson"]
    assert department["usage"]["visits"] == 42
    assert department["usage"]["published"] >= 1
    assert department["structure"]["complete"] is False
    assert "governing_agency" in department["structure"]["footer_facts_missing"]
    assert department["url"] == "http://sokhcn.langson.localhost/"
    paged = client.get("/api/v1/monitoring?per_page=1&page=2").get_json()
    check("/api/v1/monitoring", 200, paged)
    assert paged["meta"]["pages"] == 3 and len(paged["data"]) == 1
    assert paged["links"]["next"] and paged["links"]["prev"]
    bad = client.get("/api/v1/monitoring?from=2026-05-02&to=2026-05-01")
    assert bad.status_code == 400
    check("/api/v1/monitoring", 400, bad.get_json())
    assert client.get("/api/v1/monitoring?unknown=1").status_code == 400


def test_no_other_site_answers_for_the_province(app, world):  # noqa: F811
    response = host_client(app, A_HOST).get("/api/v1/monitoring")
    assert response.status_code == 404
    assert response.get_json()["error"]["status"] == 404
