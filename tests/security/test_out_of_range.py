"""Out-of-range input is the visitor's mistake, never the server's: a 400 that says why,
or a 404 for an id no row can have — not a 500.

A week or a day far in the past or the future overflowed date arithmetic or the search
index (which stores 1677–2262 only); an id above 2^63 overflowed SQLite's integers.
"""

from __future__ import annotations

import re

import pytest
from werkzeug.routing import IntegerConverter

from tests.factories import create_user, csrf_from, host_client, login

HOST = "langson.localhost"
TOO_BIG = 99999999999999999999  # above 2^63: SQLite's driver cannot bind it
ABOVE_INT4 = 2**31  # PostgreSQL's INTEGER ids stop one below
LARGEST_ID = 2**31 - 1


@pytest.mark.parametrize("week", ["0001-W01", "9999-W52", "1899-W52", "2200-W01"])
def test_a_week_outside_the_calendar_is_refused_with_a_reason(app, province, week):
    response = host_client(app, HOST).get(f"/lich-cong-tac?tuan={week}")
    assert response.status_code == 400
    assert "1900" in response.text and "2199" in response.text


def test_the_schedule_stops_at_the_ends_of_the_calendar(app, province):
    client = host_client(app, HOST)
    first = client.get("/lich-cong-tac?tuan=1900-W01")
    assert first.status_code == 200
    assert 'rel="prev"' not in first.text and "?tuan=1900-W02" in first.text
    last = client.get("/lich-cong-tac?tuan=2199-W52")
    assert last.status_code == 200
    assert 'rel="next"' not in last.text and "?tuan=2199-W51" in last.text


@pytest.mark.parametrize("url", [
    "/tim-kiem?q=a&from=9999-12-31",
    "/tim-kiem?q=a&to=0001-01-01",
    "/tim-kiem?q=a&from=1600-01-01",
])
def test_the_search_page_refuses_a_day_outside_the_calendar(app, province, url):
    response = host_client(app, HOST).get(url)
    assert response.status_code == 400
    assert "1900" in response.text and "2199" in response.text


@pytest.mark.parametrize("name, day", [("from", "0001-01-01"), ("to", "9999-12-31"),
                                       ("from", "2300-01-01"), ("to", "1899-12-31")])
def test_the_search_api_refuses_a_day_outside_the_calendar(app, province, name, day):
    response = host_client(app, HOST).get(f"/api/v1/search?q=a&{name}={day}")
    assert response.status_code == 400
    reason = response.get_json()["error"]["reason"]
    assert f"“{name}”" in reason and "1900" in reason and "2199" in reason


def test_the_edges_of_the_calendar_are_searchable(app, province):
    client = host_client(app, HOST)
    assert client.get("/api/v1/search?q=a&from=1900-01-01&to=2199-12-31").status_code == 200
    assert client.get("/tim-kiem?q=a&from=1900-01-01&to=2199-12-31").status_code == 200


@pytest.mark.parametrize("url", [f"/api/v1/articles/{TOO_BIG}", f"/tep/{TOO_BIG}/x",
                                 f"/hoi-dap/{TOO_BIG}", f"/api/v1/articles/{ABOVE_INT4}",
                                 f"/tep/{ABOVE_INT4}/x", f"/api/v1/articles/{LARGEST_ID}"])
def test_an_id_no_row_can_have_is_not_found(app, province, url):
    assert host_client(app, HOST).get(url).status_code == 404


def _id_rules(app):  # type: ignore[no-untyped-def]
    return [rule for rule in app.url_map.iter_rules()
            if any(isinstance(c, IntegerConverter) for c in rule._converters.values())]  # noqa: SLF001


def test_every_id_in_a_path_is_bounded(app):
    for rule in _id_rules(app):
        for name, converter in rule._converters.items():  # noqa: SLF001
            if isinstance(converter, IntegerConverter):
                assert converter.max == LARGEST_ID, (rule.rule, name)


@pytest.mark.parametrize("too_big", [TOO_BIG, ABOVE_INT4])
def test_a_too_big_id_on_any_route_is_not_found_even_for_a_site_admin(app, province,
                                                                       too_big):
    """Every route with an id, every method, with a valid CSRF token."""
    create_user(app, "admin@langson.gov.vn", roles={province: "site_admin"})
    client = host_client(app, HOST)
    assert login(client, "admin@langson.gov.vn").status_code == 302
    token = csrf_from(client.get("/quan-tri/thanh-vien").text)
    rules = _id_rules(app)
    assert len(rules) > 20
    answers = {}
    for rule in rules:
        url = re.sub(r"<int:[^>]+>", str(too_big), rule.rule)
        url = re.sub(r"<[^>]+>", "x", url)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            answers[method, url] = client.open(url, method=method,
                                               data={"csrf_token": token}).status_code
    # 405 where another method's rule has the same path (Werkzeug checks the method
    # before the id): the route is not found either way.
    assert {key: code for key, code in answers.items() if code not in (404, 405)} == {}


@pytest.mark.parametrize("endpoint", ["articles", "legal-documents", "procedures", "schedule",
                                      "disclosures", "questions"])
@pytest.mark.parametrize("name, day", [("from", "0001-01-01"), ("to", "9999-12-31")])
def test_the_open_data_lists_refuse_a_day_outside_the_calendar(app, province, endpoint,
                                                               name, day):
    """The day's local midnight in UTC (from) and the day after it (to) overflowed."""
    response = host_client(app, HOST).get(f"/api/v1/{endpoint}?{name}={day}")
    assert response.status_code == 400
    reason = response.get_json()["error"]["reason"]
    assert f"“{name}”" in reason and "1900" in reason and "2199" in reason


@pytest.mark.parametrize("value", ["²", "٣", "--1", "1²"])
@pytest.mark.parametrize("url", ["/api/v1/articles?page=", "/api/v1/people?per_page=",
                                 "/api/v1/legal-documents?year=", "/api/v1/questions?site=",
                                 "/api/v1/search?q=a&site=", "/tim-kiem?q=a&site=",
                                 "/api/v1/search/suggest?q=a&site="])
def test_a_number_in_other_digits_is_refused(app, province, url, value):
    """``str.isdigit`` says yes to superscripts, which ``int`` refuses."""
    assert host_client(app, HOST).get(url + value).status_code == 400


@pytest.mark.parametrize("url", ["/tim-kiem?q=a&site=", "/api/v1/search?q=a&site="])
def test_a_site_number_no_site_can_have_is_refused(app, province, url):
    assert host_client(app, HOST).get(url + str(ABOVE_INT4)).status_code == 400
