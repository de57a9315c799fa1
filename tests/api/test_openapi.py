"""The OpenAPI document is valid, and every endpoint's real answers match it."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from hub.content.models import ContentType
from tests.api.content import A_HOST, EN_HOST
from tests.factories import host_client

PATH_OF_TYPE = {
    ContentType.ARTICLE: "articles", ContentType.PAGE: "pages",
    ContentType.LEGAL_DOCUMENT: "legal-documents", ContentType.PROCEDURE: "procedures",
    ContentType.SCHEDULE_ENTRY: "schedule", ContentType.DISCLOSURE: "disclosures",
    ContentType.CONSULTATION: "consultations",
}


def checker(document: dict[str, Any]):  # type: ignore[no-untyped-def]
    """Validate a JSON body against the response schema the document gives for it."""
    registry = Registry().with_resource(
        "urn:portal-api", Resource.from_contents(document, default_specification=DRAFT202012))

    def check(template: str, status: int, body: Any) -> None:
        operation = document["paths"][template]["get"]
        schema = operation["responses"][str(status)]["content"]["application/json"]["schema"]
        target = {"$ref": "urn:portal-api" + schema["$ref"]}
        validator = Draft202012Validator(target, registry=registry,
                                         format_checker=Draft202012Validator.FORMAT_CHECKER)
        errors = sorted(validator.iter_errors(body), key=str)
        assert not errors, f"{template} {status}: {errors[0].message} at {list(errors[0].path)}"
    return check


def test_the_document_is_valid_openapi(app, province):
    response = host_client(app, "langson.localhost").get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    validate(document)
    assert document["openapi"].startswith("3.1")
    for name in ("articles", "pages", "legal-documents", "procedures", "schedule",
                 "disclosures", "categories", "people"):
        assert f"/api/v1/{name}" in document["paths"]
        assert f"/api/v1/{name}/{{" in " ".join(document["paths"])
    assert {"/api/v1/", "/api/v1/site", "/api/v1/structure"} <= set(document["paths"])


def test_register_paths_adds_to_the_document(app, province):
    from hub.core import openapi
    saved_paths, saved_schemas = dict(openapi._EXTRA_PATHS), dict(openapi._EXTRA_SCHEMAS)
    try:
        openapi.register_paths(
            {"/api/v1/example": {"get": {"operationId": "example", "responses": {
                "200": {"description": "OK", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Example"}}}}}}}},
            {"Example": {"type": "object"}})
        document = host_client(app, "langson.localhost").get(
            "/api/v1/openapi.json").get_json()
        validate(document)
        assert "/api/v1/example" in document["paths"]
        assert "Example" in document["components"]["schemas"]
    finally:
        openapi._EXTRA_PATHS.clear()
        openapi._EXTRA_PATHS.update(saved_paths)
        openapi._EXTRA_SCHEMAS.clear()
        openapi._EXTRA_SCHEMAS.update(saved_schemas)


def test_every_endpoint_answers_as_documented(app, world):
    client = host_client(app, A_HOST)
    document = client.get("/api/v1/openapi.json").get_json()
    check = checker(document)
    seen: set[str] = set()

    def get(template: str, url: str, status: int = 200) -> Any:
        response = client.get(url)
        assert response.status_code == status, (url, response.text)
        body = response.get_json()
        check(template, status, body)
        seen.add(template)
        return body

    for content_type, item_id in world.public.items():
        name = PATH_OF_TYPE[content_type]
        listing = get(f"/api/v1/{name}", f"/api/v1/{name}?per_page=5")
        assert [row["id"] for row in listing["data"]] == [item_id], name
        detail = get(f"/api/v1/{name}/{{item_id}}", f"/api/v1/{name}/{item_id}")
        assert detail["data"]["id"] == item_id
        get(f"/api/v1/{name}/{{item_id}}", f"/api/v1/{name}/{world.draft}", 404)
        get(f"/api/v1/{name}", f"/api/v1/{name}?page=0", 400)
    get("/api/v1/categories", "/api/v1/categories")
    get("/api/v1/categories/{category_id}", f"/api/v1/categories/{world.category_id}")
    get("/api/v1/people", "/api/v1/people?leader=true")
    get("/api/v1/people/{person_id}", f"/api/v1/people/{world.person_id}")
    get("/api/v1/site", "/api/v1/site")
    get("/api/v1/", "/api/v1/")
    structure = get("/api/v1/structure", "/api/v1/structure")
    mine = {path for path in document["paths"]
            # search, the questions, the ratings and the monitoring list (the
            # console's tests) test their own paths
            if not path.startswith(("/api/v1/search", "/api/v1/questions",
                                    "/api/v1/ratings", "/api/v1/monitoring"))}
    assert mine <= seen | {"/api/v1/openapi.json"}, mine - seen
    sections = {s["code"]: s for s in structure["data"]["sections"]}
    assert sections["news"]["non_empty"] and sections["news"]["count"] == 1
    assert sections["leaders"]["count"] == 1
    assert sections["news"]["url"].startswith("http://sokhcn.langson.localhost/")
    assert sections["english"]["present"] is False

    english = host_client(app, EN_HOST)
    body = english.get(f"/api/v1/articles/{world.en_article}").get_json()
    check("/api/v1/articles/{item_id}", 200, body)
    assert body["data"]["translations"][0]["url"].startswith("http://langson.localhost/")
