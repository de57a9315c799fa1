"""The API tells the two registers apart: each legal document says which it is in
(``register``: normative or directive), the list filters on it, and the OpenAPI
document describes both; the index people read names every endpoint in the host's
language while the OpenAPI document stays English."""

from __future__ import annotations

from flask_babel import force_locale, gettext

from tests.api.test_openapi import checker
from tests.factories import host_client
from tests.public.conftest import A_HOST, client_for, publish, sites  # noqa: F401


def _ids(response) -> list[int]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.text
    return [row["id"] for row in response.get_json()["data"]]


def test_each_document_names_its_register_and_the_list_filters_on_it(app, sites):  # noqa: F811
    normative = publish(app, sites["a"], "legal_document")  # 40/2024/QĐ-UBND
    individual = publish(app, sites["a"], "legal_document", number="1234/QĐ-UBND",
                         title="Quyết định công nhận danh hiệu")
    letter = publish(app, sites["a"], "legal_document", number="3456/SKHCN-VP",
                     document_type="cong_van", title="Công văn đôn đốc báo cáo")
    client = client_for(app, A_HOST)
    document = client.get("/api/v1/openapi.json").get_json()
    check = checker(document)
    listed = client.get("/api/v1/legal-documents")
    check("/api/v1/legal-documents", 200, listed.get_json())
    registers = {row["id"]: row["register"] for row in listed.get_json()["data"]}
    assert registers == {normative: "normative", individual: "directive",
                         letter: "directive"}
    detail = client.get(f"/api/v1/legal-documents/{individual}").get_json()["data"]
    assert detail["register"] == "directive"
    assert _ids(client.get("/api/v1/legal-documents?register=normative")) == [normative]
    assert sorted(_ids(client.get("/api/v1/legal-documents?register=directive"))) == \
        sorted([individual, letter])
    assert _ids(client.get("/api/v1/legal-documents?register=directive&type=quyet_dinh")) \
        == [individual]
    refused = client.get("/api/v1/legal-documents?register=both")
    assert refused.status_code == 400 and refused.get_json()["error"]["status"] == 400
    parameters = {p["name"]: p for p in
                  document["paths"]["/api/v1/legal-documents"]["get"]["parameters"]}
    assert parameters["register"]["schema"]["enum"] == ["normative", "directive"]
    schema = document["components"]["schemas"]["LegalDocumentSummary"]["properties"]
    assert schema["register"]["enum"] == ["normative", "directive"]


def test_the_index_reads_in_the_hosts_language_and_the_document_stays_english(
        app, sites):  # noqa: F811
    vietnamese = host_client(app, "langson.localhost")
    english = host_client(app, "english.langson.localhost")
    document = vietnamese.get("/api/v1/openapi.json").get_json()
    assert document == {**english.get("/api/v1/openapi.json").get_json(),
                        "servers": document["servers"], "info": document["info"]}
    summaries = {path: item["get"]["summary"] for path, item in document["paths"].items()
                 if "get" in item}
    shown = {e["path"]: e["summary"]
             for e in vietnamese.get("/api/v1/").get_json()["data"]["endpoints"]}
    with app.test_request_context(), force_locale("vi"):
        assert shown == {path: gettext(summaries[path]) for path in shown}
    in_english = {e["path"]: e["summary"]
                  for e in english.get("/api/v1/").get_json()["data"]["endpoints"]}
    assert in_english == {path: summaries[path] for path in in_english}
