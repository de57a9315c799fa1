"""The mandatory English set (003 Article 7.1): for every site with English enabled the
province office sees whether the organisation, the functions, duties and powers, and
the contacts of competent officials exist in English, are being translated, or are
outdated."""

from __future__ import annotations

import re

from hub.content.models import ContentType
from tests.admin.helpers import make_item
from tests.content.factories import make_person
from tests.factories import create_user
from tests.translation.helpers import client_for
from tests.translation.test_staleness import edit_source, publish_translation

PROVINCE_HOST = "langson.localhost"


def _states(html: str, slug: str) -> dict[str, str]:
    row = html[html.index(f'data-site="{slug}"'):]
    row = row[:row.index("</tr>")]
    return dict(re.findall(r'data-part="(\w+)" data-state="(\w+)"', row))


def _organisation_page(app, world) -> int:  # type: ignore[no-untyped-def]
    return make_item(app, world.site, "editor@sokhcn.gov.vn", steps=("submit", "approve"),
                     approver_email="approver@sokhcn.gov.vn",
                     content_type=ContentType.PAGE, kind="organisation",
                     title="Cơ cấu tổ chức", body="<p>Ban Giám đốc và các phòng.</p>")


def test_the_office_sees_what_each_english_site_is_missing(app, world):
    office = client_for(app, PROVINCE_HOST, "admin@langson.gov.vn")
    page = office.get("/quan-tri/tieng-anh")
    assert page.status_code == 200
    assert _states(page.text, "sokhcn.langson") == {
        "organisation": "missing", "functions": "missing", "contacts": "missing"}
    assert 'data-site="xathongnhat.langson"' not in page.text  # no English there

    page_id = _organisation_page(app, world)
    request_id = publish_translation(app, world, page_id)
    assert request_id
    make_person(app, world.site, name="Nguyen Van An", locale="en")
    states = _states(office.get("/quan-tri/tieng-anh").text, "sokhcn.langson")
    assert states == {"organisation": "present", "functions": "missing",
                      "contacts": "present"}

    edit_source(app, world, page_id, body="<p>Ban Giám đốc và năm phòng.</p>")
    states = _states(office.get("/quan-tri/tieng-anh").text, "sokhcn.langson")
    assert states["organisation"] == "outdated"


def test_a_requested_translation_shows_as_being_translated(app, world):
    from tests.translation.helpers import ask
    page_id = _organisation_page(app, world)
    assert ask(app, world, page_id).status_code == 302
    office = client_for(app, PROVINCE_HOST, "admin@langson.gov.vn")
    states = _states(office.get("/quan-tri/tieng-anh").text, "sokhcn.langson")
    assert states["organisation"] == "in_translation"


def test_the_report_is_the_province_offices_alone(app, world):
    create_user(app, "auditor@langson.gov.vn", hub_role="hub_auditor")
    auditor = client_for(app, PROVINCE_HOST, "auditor@langson.gov.vn")
    assert auditor.get("/quan-tri/tieng-anh").status_code == 200
    site_admin = client_for(app, "sokhcn.langson.localhost", "site_admin@sokhcn.gov.vn")
    assert site_admin.get("/quan-tri/tieng-anh").status_code == 403
