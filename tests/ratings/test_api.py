"""Ratings in the open-data API: ``/api/v1/ratings`` gives, per site and period, the
count, the average and distribution of each aspect and the page answers — aggregates
only, never a comment; a site answers for itself, the province portal for every site
of the province; bad parameters are 400; every answer matches the OpenAPI document."""

from __future__ import annotations

import json
from datetime import date

import pytest
from flask import Flask
from openapi_spec_validator import validate

from tenants.models import Tenant
from tests.api.test_openapi import checker
from tests.factories import host_client
from tests.questions.helpers import build_world
from tests.ratings.helpers import COMMUNE, DEPARTMENT, ENGLISH, PROVINCE, rating_on
from tests.ratings.test_figures import answers_on

COMMENT = "Góp ý riêng của người dân"
MARCH = {"from": "2026-03-01", "to": "2026-03-31"}


@pytest.fixture
def world(app: Flask, province: Tenant):  # type: ignore[no-untyped-def]
    world = build_world(app, province)
    rating_on(app, world.commune, rated_on=date(2026, 3, 2), comment=COMMENT,
              interface=5, content=4, quality=3, support=2)
    rating_on(app, world.commune, rated_on=date(2026, 3, 3), comment=None,
              interface=3, content=4, quality=3, support=4)
    rating_on(app, world.commune, rated_on=date(2026, 4, 3), interface=1)
    rating_on(app, world.department, rated_on=date(2026, 3, 9), interface=1, content=1,
              quality=1, support=1)
    answers_on(app, world.commune, date(2026, 3, 4), tin_tuc=(2, 1))
    return world


def document(app: Flask) -> dict:
    response = host_client(app, PROVINCE).get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def test_the_document_describes_the_ratings(app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    doc = document(app)
    validate(doc)
    operation = doc["paths"]["/api/v1/ratings"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"page", "per_page", "site",
                                                            "from", "to"}
    assert "RatingFigures" in doc["components"]["schemas"]


def test_a_site_answers_for_itself(app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    check = checker(document(app))
    response = host_client(app, COMMUNE).get("/api/v1/ratings", query_string=MARCH)
    assert response.status_code == 200
    body = response.get_json()
    check("/api/v1/ratings", 200, body)
    [row] = body["data"]
    assert row["site"] == {"id": world.commune.id, "name": "Xã Thống Nhất",
                           "url": f"http://{COMMUNE}/"}
    assert (row["from"], row["to"], row["ratings"]) == ("2026-03-01", "2026-03-31", 2)
    assert row["aspects"]["interface"] == {
        "average": 4.0, "distribution": {"1": 0, "2": 0, "3": 1, "4": 0, "5": 1}}
    assert row["aspects"]["support"]["average"] == 3.0
    assert row["useful"] == {"yes": 2, "no": 1,
                             "pages": [{"path": "/tin-tuc", "yes": 2, "no": 1}]}
    assert COMMENT not in json.dumps(body, ensure_ascii=False)
    assert body["links"]["self"].endswith("from=2026-03-01&to=2026-03-31&page=1&per_page=20") \
        or "from=2026-03-01" in body["links"]["self"]


def test_the_province_lists_every_site(app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    check = checker(document(app))
    body = host_client(app, PROVINCE).get("/api/v1/ratings", query_string=MARCH).get_json()
    check("/api/v1/ratings", 200, body)
    by_site = {row["site"]["id"]: row["ratings"] for row in body["data"]}
    assert by_site == {world.province.id: 0, world.department.id: 1, world.commune.id: 2}
    one = host_client(app, PROVINCE).get(
        "/api/v1/ratings", query_string={**MARCH, "site": world.department.id}).get_json()
    check("/api/v1/ratings", 200, one)
    assert [row["ratings"] for row in one["data"]] == [1]
    assert one["data"][0]["aspects"]["content"]["average"] == 1.0
    # The English host of the province answers the same figures, in English names.
    english = host_client(app, ENGLISH).get("/api/v1/ratings", query_string=MARCH)
    assert english.status_code == 200
    check("/api/v1/ratings", 200, english.get_json())


def test_a_site_never_answers_for_another(app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    check = checker(document(app))
    response = host_client(app, DEPARTMENT).get(
        "/api/v1/ratings", query_string={**MARCH, "site": world.commune.id})
    assert response.status_code == 400
    check("/api/v1/ratings", 400, response.get_json())
    own = host_client(app, DEPARTMENT).get("/api/v1/ratings", query_string=MARCH).get_json()
    assert [row["site"]["id"] for row in own["data"]] == [world.department.id]
    assert own["data"][0]["ratings"] == 1 and own["data"][0]["useful"]["yes"] == 0


def test_the_default_period_is_the_current_month(app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    body = host_client(app, COMMUNE).get("/api/v1/ratings").get_json()
    from hub.core.clock import local_today
    assert body["data"][0]["from"] == local_today().replace(day=1).isoformat()


@pytest.mark.parametrize("query", [
    {"from": "2026-04-01", "to": "2026-03-01"}, {"from": "hôm qua"}, {"site": "x"},
    {"month": "2026-03"}, {"per_page": "1000"}, {"page": "9"}])
def test_bad_parameters_are_refused(app: Flask, world, query: dict) -> None:  # type: ignore[no-untyped-def]
    check = checker(document(app))
    response = host_client(app, COMMUNE).get("/api/v1/ratings", query_string=query)
    assert response.status_code in (400, 404), response.text
    assert response.get_json()["error"]["reason"]
    check("/api/v1/ratings", response.status_code, response.get_json())
