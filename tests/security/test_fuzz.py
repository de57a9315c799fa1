"""No request makes the portal answer 5xx: every GET route's path and query parameters,
and the whole open API from its OpenAPI document, fuzzed on every database backend.

Each GET rule of the URL map is first asked once with real ids and slugs while the
query parameters its handler looks up are recorded (the open API's come from its
document). Then every such parameter gets the sharp edges of its kind, one at a time —
days of year 1 and 9999, weeks that overflow, ids above 2^31 and 2^63, digits that
``str.isdigit`` accepts and ``int`` refuses (``²``) — and Hypothesis draws paths and
query strings around them: huge, negative and Unicode numbers, impossible dates, control
characters, long text, unknown names. Public pages are asked on the province, a
department and a commune; staff pages by a site admin. Schemathesis draws requests,
valid and invalid, from ``/api/v1/openapi.json`` and checks that none is a server error
and that every documented answer matches its schema.

The examples are derandomized, so a run is reproducible and a failure names its request.
Under ``CI=true`` the profile ``fuzz-ci`` draws more of them; ``FUZZ_EXAMPLES=500`` asks
for a deeper local run.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any, ClassVar
from urllib.parse import quote

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from sqlalchemy import select
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import AnyConverter, IntegerConverter, PathConverter, Rule

from hub.content.models import ContentItem
from hub.directory.models import Category
from hub.extensions import db
from tenants.context import unscoped
from tests.api.content import A_HOST, B_HOST, VI_HOST
from tests.factories import host_client, login
from tests.security.conftest import ADMIN

CI = os.environ.get("CI", "").lower() == "true"
# Examples per route (and per API operation and mode): about 40 s a backend locally.
settings.register_profile(
    "fuzz", max_examples=20, derandomize=True, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("fuzz-ci", parent=settings.get_profile("fuzz"), max_examples=60)
FUZZ = settings.get_profile("fuzz-ci" if CI else "fuzz")
if os.environ.get("FUZZ_EXAMPLES"):
    FUZZ = settings(FUZZ, max_examples=int(os.environ["FUZZ_EXAMPLES"]))

HOSTS = (VI_HOST, A_HOST, B_HOST)  # the province, a department, a commune
STAFF = "/quan-tri"
# Every query parameter some page or endpoint reads, and what its values look like;
# each is also sent anything else, and unknown names are drawn too.
DAY_PARAMETERS = ("from", "to", "tu", "den")
WEEK_PARAMETERS = ("tuan", "month")
NUMBER_PARAMETERS = ("page", "per_page", "site", "year", "nam", "a", "b", "category",
                     "author", "don-vi", "ky")
TEXT_PARAMETERS = (
    "q", "loai", "linh-vuc", "hieu-luc", "co-quan", "ngon-ngu", "next", "type", "scope",
    "sort", "field", "document_type", "issuer", "kind", "featured", "validity", "agency",
    "level", "leader", "state", "mine", "overdue", "status", "due", "ma", "vi-tri", "unit")

NUMBERS = st.one_of(
    st.integers(-2**70, 2**70),
    st.sampled_from([0, 1, 2**31 - 1, 2**31, 2**53 + 1, 2**63 - 1, 2**63, 2**64, 10**20]))
DIGITS = st.text(st.characters(categories=["Nd", "No"]), min_size=1, max_size=4)
DAYS = st.one_of(
    st.sampled_from(["0001-01-01", "9999-12-31", "1677-09-21", "2262-04-12", "1899-12-31",
                     "2200-01-01", "2026-02-30", "2026-13-01", "20261123", "2026-W48-1",
                     "2026-11-23T10:00", "+2026-11-23", "9999-12", "0001-01"]),
    st.dates().map(date.isoformat))
WEEKS = st.builds("{:04d}-W{:02d}".format, st.integers(0, 9999), st.integers(0, 99))
ODD = st.sampled_from(["", " ", "\x00", "%", "%00", "'", '"', "<script>", "../..", "null",
                       "true", "NaN", "inf", "1e9", "-0", "0x10", "１２", "1.5", "-1"])
VALUES = st.one_of(NUMBERS.map(str), DIGITS, DAYS, WEEKS, ODD, st.text(max_size=30),
                   st.text(max_size=400))
TYPED = {**dict.fromkeys(DAY_PARAMETERS, DAYS), **dict.fromkeys(WEEK_PARAMETERS, WEEKS),
         **dict.fromkeys(NUMBER_PARAMETERS, st.one_of(NUMBERS.map(str), DIGITS))}


def _parameter(name: str) -> st.SearchStrategy[tuple[str, str]]:
    typed = TYPED.get(name)
    if typed is None:
        return st.tuples(st.just(name), VALUES)
    return st.tuples(st.just(name),
                     st.integers(0, 3).flatmap(lambda n: VALUES if n == 0 else typed))


# The sharp edges, each sent alone to every parameter of its kind before the random part.
EDGES = {
    "day": ("0001-01-01", "9999-12-31", "1677-09-21", "2262-04-12", "1899-12-31",
            "2200-01-01", "2026-02-30"),
    "week": ("0001-W01", "9999-W52", "0000-W01", "2026-W53", "2026-W00", "9999-12"),
    "number": ("0", "-1", "--1", str(2**31), str(2**63), str(10**20), "²", "٣", "1e3"),
    "text": ("", "\x00", "x" * 3000, "²", "'", "%", "\u202e", "\ud7ff"),
}
EDGE_KINDS = {**dict.fromkeys(DAY_PARAMETERS, "day"), **dict.fromkeys(WEEK_PARAMETERS, "week"),
              **dict.fromkeys(NUMBER_PARAMETERS, "number")}
ALL_PARAMETERS = DAY_PARAMETERS + WEEK_PARAMETERS + NUMBER_PARAMETERS + TEXT_PARAMETERS


def _queries(names: list[str]) -> st.SearchStrategy[list[tuple[str, str]]]:
    """A query string mostly of the parameters the route reads (any of them when it
    reads none), now and then one it does not know."""
    known = st.sampled_from(names or ALL_PARAMETERS).flatmap(_parameter)
    unknown = st.tuples(st.text(max_size=8), VALUES)
    one = st.integers(0, 5).flatmap(lambda n: unknown if n == 0 else known)
    return st.lists(one, max_size=3)


_VARIABLE = re.compile(r"<(?:[^<>]*:)?(\w+)>")


def _segment(converter: Any, known: dict[str, list[str]]) -> st.SearchStrategy[str]:
    """What to put in a path variable (already quoted for the URL)."""
    if isinstance(converter, AnyConverter):
        return st.sampled_from(sorted(converter.items))
    if isinstance(converter, IntegerConverter):
        return st.one_of(st.sampled_from(known["ids"]), NUMBERS.map(str),
                         DIGITS.map(lambda s: quote(s, safe="")))
    free = st.one_of(st.sampled_from(known["slugs"]), VALUES.filter(bool))
    if isinstance(converter, PathConverter):
        return free.map(lambda s: quote(s, safe="/"))
    return free.map(lambda s: quote(s, safe=""))


def _paths(rule: Rule, known: dict[str, list[str]]) -> st.SearchStrategy[str]:
    names = _VARIABLE.findall(rule.rule)
    parts = [_segment(rule._converters[name], known) for name in names]  # noqa: SLF001

    def fill(values: tuple[str, ...]) -> str:
        filled = iter(values)
        return _VARIABLE.sub(lambda _match: next(filled), rule.rule)
    return st.tuples(*parts).map(fill)


def _known_values(app: Flask) -> dict[str, list[str]]:
    """Real ids and slugs of the world, so the fuzz also reaches the found branches."""
    with app.app_context(), unscoped():
        slugs = db.session.scalars(select(ContentItem.slug)).all() \
            + db.session.scalars(select(Category.slug)).all()
    return {"ids": [str(n) for n in range(1, 25)], "slugs": sorted(set(slugs)) or ["x"]}


class _RecordingArgs(ImmutableMultiDict):
    """Query arguments that note every name the handler asks for."""
    read: ClassVar[set[str]] = set()

    def get(self, key, default=None, type=None):  # type: ignore[no-untyped-def, override]  # noqa: A002
        self.read.add(key)
        return super().get(key, default, type)

    def getlist(self, key, type=None):  # type: ignore[no-untyped-def, override]  # noqa: A002
        self.read.add(key)
        return super().getlist(key, type)

    def __getitem__(self, key):  # type: ignore[no-untyped-def]
        self.read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):  # type: ignore[no-untyped-def]
        self.read.add(key)
        return super().__contains__(key)


def _api_parameters(client: FlaskClient) -> dict[str, list[str]]:
    """The query parameters of each open-data path, by URL rule (they are read only when
    given, so running the handler would not show them)."""
    document = client.get("/api/v1/openapi.json").get_json()
    return {_VARIABLE.sub(r"<\1>", path): [p["name"] for p in operation.get("parameters", [])
                                           if p["in"] == "query"]
            for path, operations in document["paths"].items()
            for operation in operations.values()}


def _rules_and_parameters(app: Flask, client: FlaskClient, known: dict[str, list[str]],
                          staff: bool) -> Iterator[tuple[Rule, list[str]]]:
    """Every GET rule (public or staff), with the query parameters it reads: asked once
    with real ids and slugs while the names it looks up are recorded."""
    api = _api_parameters(client)
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in (rule.methods or ()) or rule.rule.startswith(STAFF) != staff:
            continue
        _RecordingArgs.read = set()
        original = app.request_class
        app.request_class = type("RecordingRequest", (original,),
                                 {"parameter_storage_class": _RecordingArgs})
        try:
            client.get(_real_path(rule, known), query_string={"q": "a"})
        finally:
            app.request_class = original
        plain = _VARIABLE.sub(lambda m: f"<{m.group(1)}>", rule.rule)
        yield rule, sorted(_RecordingArgs.read | set(api.get(plain, ())))


def _real_path(rule: Rule, known: dict[str, list[str]]) -> str:
    """The rule with a real id or slug (the first choice of an ``any``) in each variable."""
    def value(match: re.Match[str]) -> str:
        converter = rule._converters[match.group(1)]  # noqa: SLF001
        if isinstance(converter, AnyConverter):
            return sorted(converter.items)[0]
        return known["ids" if isinstance(converter, IntegerConverter) else "slugs"][0]
    return _VARIABLE.sub(value, rule.rule)


def _edges(parameters: list[str]) -> Iterator[list[tuple[str, str]]]:
    """No query, then each parameter alone with each edge of its kind and the numbers'."""
    yield []
    for name in parameters:
        for value in dict.fromkeys(EDGES[EDGE_KINDS.get(name, "text")] + EDGES["number"]):
            yield [(name, value)]


def _fuzz_rule(rule: Rule, parameters: list[str], known: dict[str, list[str]],
               send: Callable[[str, str, list[tuple[str, str]]], int],
               hosts: tuple[str, ...]) -> None:
    """The edges on the real path on every host, then Hypothesis on paths and queries."""
    path = _real_path(rule, known)
    for host in hosts:
        for query in _edges(parameters):
            status = send(host, path, query)
            assert status < 500, f"{status} on http://{host}{path} with {query!r}"

    @FUZZ
    @given(host=st.sampled_from(hosts), path=_paths(rule, known),
           query=_queries(parameters))
    def probe(host: str, path: str, query: list[tuple[str, str]]) -> None:
        status = send(host, path, query)
        assert status < 500, f"{status} on http://{host}{path} with {query!r}"
    probe()


def test_no_public_route_answers_5xx(app, world):
    clients = {host: host_client(app, host) for host in HOSTS}
    known = _known_values(app)

    def send(host: str, path: str, query: list[tuple[str, str]]) -> int:
        return clients[host].get(path, query_string=query).status_code
    rules = list(_rules_and_parameters(app, clients[A_HOST], known, staff=False))
    assert len(rules) > 40
    for rule, parameters in rules:
        _fuzz_rule(rule, parameters, known, send, HOSTS)


def test_no_staff_page_answers_5xx_to_a_site_admin(app, world):
    client = host_client(app, A_HOST)
    assert login(client, ADMIN).status_code == 302
    known = _known_values(app)

    def send(host: str, path: str, query: list[tuple[str, str]]) -> int:
        return client.get(path, query_string=query).status_code
    rules = list(_rules_and_parameters(app, client, known, staff=True))
    assert len(rules) > 20
    for rule, parameters in rules:
        _fuzz_rule(rule, parameters, known, send, (A_HOST,))


@pytest.mark.parametrize("host", [VI_HOST, B_HOST])
def test_the_open_api_never_answers_5xx_and_keeps_to_its_schema(app, world, host):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app,
                                            headers={"Host": host})
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 20
    for operation in operations:
        for mode in (schemathesis.GenerationMode.POSITIVE,
                     schemathesis.GenerationMode.NEGATIVE):
            @FUZZ
            @given(case=operation.as_strategy(generation_mode=mode))
            def probe(case: schemathesis.Case) -> None:
                case.call_and_validate(headers={"Host": host}, checks=[
                    not_a_server_error, response_schema_conformance])
            try:
                probe()
            except Unsatisfiable:  # no invalid request exists (an operation without inputs)
                assert mode is schemathesis.GenerationMode.NEGATIVE
