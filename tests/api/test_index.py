"""``/api/v1/``, the open data's entry point: the API, its site, the OpenAPI document
and every endpoint read without an id, in the host's language."""

from __future__ import annotations

from flask_babel import force_locale, gettext

from tests.api.test_openapi import checker
from tests.factories import host_client


def test_the_index_describes_the_api_on_the_provinces_host(app, province):
    client = host_client(app, "langson.localhost")
    response = client.get("/api/v1/")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Cache-Control"] == "public, max-age=60"
    document = client.get("/api/v1/openapi.json").get_json()
    checker(document)("/api/v1/", 200, response.get_json())
    index = response.get_json()["data"]
    assert index["version"] == document["info"]["version"]
    assert index["site"] == {"name": "Tỉnh Lạng Sơn", "host": "langson.localhost",
                             "locale": "vi", "url": "http://langson.localhost/"}
    assert index["openapi"] == "http://langson.localhost/api/v1/openapi.json"
    assert index["contact"] == {"email": "congthongtindientu@langson.gov.vn",
                                "phone": "0205 3812 345"}
    # Every endpoint of the document read without an id, with its summary: none missed,
    # none invented.
    listed = {e["path"]: e for e in index["endpoints"]}
    assert set(listed) == {path for path, item in document["paths"].items()
                           if "get" in item and "{" not in path and path != "/api/v1/"}
    assert {"/api/v1/articles", "/api/v1/legal-documents", "/api/v1/people",
            "/api/v1/structure"} <= set(listed)
    articles = listed["/api/v1/articles"]
    assert articles["url"] == "http://langson.localhost/api/v1/articles"
    with app.test_request_context(), force_locale("vi"):  # read in the host's language
        assert articles["summary"] == gettext(
            document["paths"]["/api/v1/articles"]["get"]["summary"])
    assert client.get(articles["url"]).status_code == 200


def test_without_the_slash_it_redirects_to_the_index(app, province):
    response = host_client(app, "langson.localhost").get("/api/v1")
    assert response.status_code in (301, 308)
    assert response.headers["Location"].endswith("/api/v1/")


def test_each_host_speaks_its_language(app, province):
    english = host_client(app, "english.langson.localhost").get("/api/v1/").get_json()
    assert english["data"]["site"]["locale"] == "en"
    assert english["data"]["name"] == "Open data of Lang Son Province"
    assert english["data"]["openapi"] == \
        "http://english.langson.localhost/api/v1/openapi.json"
    vietnamese = host_client(app, "langson.localhost").get("/api/v1/").get_json()
    with app.test_request_context(), force_locale("vi"):
        assert vietnamese["data"]["name"] == gettext("Open data of %(site)s",
                                                     site="Tỉnh Lạng Sơn")


def test_a_site_without_contact_facts_names_none(app, two_sites):
    response = host_client(app, "sokhcn.langson.localhost").get("/api/v1/")
    index = response.get_json()["data"]
    assert index["site"]["host"] == "sokhcn.langson.localhost"
    assert index["contact"] is None
    assert all(e["url"].startswith("http://sokhcn.langson.localhost/api/v1/")
               for e in index["endpoints"])


def test_the_index_takes_no_parameters(app, province):
    response = host_client(app, "langson.localhost").get("/api/v1/?page=2")
    assert response.status_code == 400
    assert response.get_json()["error"]["status"] == 400
