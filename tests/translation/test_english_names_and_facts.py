"""What an English host says about the site itself, in English only:

- units are named by one rule (``Tenant.name_in``): the official English name when the
  office set one, else the Vietnamese name without diacritics, its unit type in
  English ("Xã Tân Đoàn" -> "Tan Doan Commune");
- the footer facts of Circular 22/2023 come from their English settings, never the
  Vietnamese ones; the settings screen takes them, and its notice names the English
  facts a site with an English host lacks;
- an English item's byline and source are English: they are translated fields, and
  nothing fills them with the account's Vietnamese name or the Vietnamese site name;
- a summary that the body repeats is shown once.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

import pytest

from hub.content.models import ContentItem
from hub.extensions import db
from hub.translation.fields import source_text
from tenants.context import tenant_scope, unscoped
from tenants.models import Tenant, foreign_name
from tests.content.conftest import translated
from tests.factories import create_site, create_user, csrf_from, host_client, login
from tests.public.conftest import ENGLISH, PROVINCE, publish, sites, slug_of

__all__ = ["sites"]

DC = "{http://purl.org/dc/elements/1.1/}"


@pytest.mark.parametrize(("name", "english"), [
    ("Xã Tân Đoàn", "Tan Doan Commune"),
    ("Phường Chi Lăng", "Chi Lang Ward"),
    ("Huyện Cao Lộc", "Cao Loc District"),
    ("Thị trấn Đồng Đăng", "Dong Dang Township"),
    ("Thị xã Đông Kinh", "Dong Kinh Town"),
    ("Thành phố Lạng Sơn", "Lang Son City"),
    ("Tỉnh Lạng Sơn", "Lang Son Province"),
    ("Sở Khoa học và Công nghệ", "So Khoa hoc va Cong nghe"),
])
def test_a_unit_without_an_english_name_is_named_by_the_rule(name, english):
    assert foreign_name(name) == english


def test_the_english_name_set_by_the_office_comes_first():
    site = Tenant(name="Sở Khoa học và Công nghệ",
                  settings={"name_en": "Department of Science and Technology"})
    assert site.name_in("en") == "Department of Science and Technology"
    assert site.name_in("vi") == "Sở Khoa học và Công nghệ"
    assert Tenant(name="Xã Tân Đoàn", settings={}).name_in("en") == "Tan Doan Commune"


def test_the_english_province_lists_its_units_by_the_rule(app, province):
    create_site(app, "xatandoan.langson", "Xã Tân Đoàn", "commune", parent=province,
                hosts=("xatandoan.langson.localhost",))
    create_site(app, "phuongchilang.langson", "Phường Chi Lăng", "commune",
                parent=province, hosts=("phuongchilang.langson.localhost",))
    create_site(app, "sokhcn.langson", "Sở Khoa học và Công nghệ", "department",
                parent=province, hosts=("sokhcn.langson.localhost",),
                name_en="Department of Science and Technology")
    # The directory of component sites (``/don-vi``) names every unit.
    directory = host_client(app, ENGLISH).get("/don-vi").text
    for name in ("Tan Doan Commune", "Chi Lang Ward", "Department of Science and Technology",
                 "Lang Son Province"):
        assert name in directory, name
    for name in ("Tân Đoàn", "Chi Lăng", "Sở Khoa học", "Lạng Sơn"):
        assert name not in directory, name
    api = host_client(app, ENGLISH).get("/api/v1/").get_json()
    assert api["data"]["site"]["name"] == "Lang Son Province"
    # The Vietnamese host keeps the official names.
    assert "Xã Tân Đoàn" in host_client(app, PROVINCE).get("/don-vi").text


ENGLISH_FACTS = {
    "governing_agency_en": "Lang Son Provincial People's Committee",
    "responsible_person_en": "Chief of the Provincial Office",
    "address_en": "No. 2 Hoang Van Thu Street, Lang Son",
    "licence_en": "Licence No. 05/GP-TTĐT",
}


def _set(app, site: Tenant, **values) -> None:  # type: ignore[no-untyped-def]
    with app.app_context(), unscoped():
        db.session.get(Tenant, site.id).update_settings(**values)
        db.session.commit()


def test_the_english_footer_shows_the_english_facts_only(app, province):
    english = host_client(app, ENGLISH)
    page = english.get("/").text
    footer = page[page.index('<footer class="site-footer"'):]
    assert "Văn phòng UBND" not in footer and "Hoàng Văn Thụ" not in footer
    assert "0205 3812 345" in footer  # phone and email are the same in every language
    _set(app, province, **ENGLISH_FACTS)
    page = english.get("/").text
    footer = page[page.index('<footer class="site-footer"'):]
    for value in ENGLISH_FACTS.values():
        assert value.replace("'", "&#39;") in footer
    facts = english.get("/api/v1/site").get_json()["data"]["facts"]
    assert facts["address"] == ENGLISH_FACTS["address_en"]
    assert facts["phone"] == "0205 3812 345"
    assert "Văn phòng UBND tỉnh Lạng Sơn" in host_client(app, PROVINCE).get("/").text


def _admin(app, site: Tenant, host: str):  # type: ignore[no-untyped-def]
    create_user(app, f"admin@{site.slug}.gov.vn", {site: "site_admin"})
    client = host_client(app, host)
    assert login(client, f"admin@{site.slug}.gov.vn").status_code == 302
    return client


def test_the_notice_names_the_english_facts_a_site_with_an_english_host_lacks(app, province):
    client = _admin(app, province, PROVINCE)
    page = client.get("/quan-tri/cai-dat").text
    for key in ENGLISH_FACTS:
        assert f'data-fact="{key}"' in page, key
        assert f'name="{key}"' in page, key
    form = {"csrf_token": csrf_from(page), "languages": ["vi", "en"],
            "governing_agency": "Văn phòng UBND tỉnh Lạng Sơn", "phone": "0205 3812 345",
            "email": "congthongtindientu@langson.gov.vn",
            "address": "Số 2 Hoàng Văn Thụ, TP Lạng Sơn",
            "responsible_person": "Chánh Văn phòng", "licence": "Giấy phép số 05/GP-TTĐT",
            **ENGLISH_FACTS}
    assert client.post("/quan-tri/cai-dat", data=form).status_code == 302
    page = client.get("/quan-tri/cai-dat").text
    assert 'data-fact=' not in page
    with app.app_context(), unscoped():
        saved = db.session.get(Tenant, province.id)
        assert saved.footer_facts("en")["address"] == ENGLISH_FACTS["address_en"]


def test_a_site_without_an_english_host_is_not_asked_for_english_facts(app, sites):
    client = _admin(app, sites["b"], "xathongnhat.langson.localhost")
    page = client.get("/quan-tri/cai-dat").text
    assert 'data-fact="governing_agency"' in page
    assert 'data-fact="governing_agency_en"' not in page


def test_an_english_item_gets_no_vietnamese_byline_or_source(app, sites):
    province = sites["province"]
    item_id = publish(app, province, "article", locale="en", title="Lang Son fair",
                      summary="", author_byline="", source="",
                      body="<p>The fair opens.</p>")
    with app.app_context(), tenant_scope(province.id):
        item = db.session.get(ContentItem, item_id)
        assert item.author_byline == ""  # not the account's name "Phạm Kiểm Duyệt"
        assert item.source == "Lang Son Province"
    english = host_client(app, ENGLISH)
    page = english.get(f"/tin-tuc/{slug_of(app, province, item_id)}")
    assert page.status_code == 200 and "Phạm Kiểm Duyệt" not in page.text
    assert "Tỉnh Lạng Sơn" not in page.text
    channel = ET.fromstring(english.get("/rss.xml").data).find("channel")  # noqa: S314
    assert channel is not None
    assert [entry.findtext(f"{DC}creator") for entry in channel.iter("item")] == [None]


def test_byline_and_source_are_translated_fields(app, sites):
    province = sites["province"]
    item_id = publish(app, province, "article")
    with app.app_context(), tenant_scope(province.id):
        text = source_text(db.session.get(ContentItem, item_id))
    assert text["author_byline"] == "Trần Thị Mai"
    assert text["source"] == "Báo Lạng Sơn"


def test_a_summary_the_body_repeats_is_shown_once(app, sites):
    province = sites["province"]
    item_id = publish(app, province, "article", summary="Sáng 23/11 khai mạc hội nghị.",
                      body="<p>Sáng 23/11 khai mạc   hội nghị.</p><p>Tiếp theo.</p>")
    page = host_client(app, PROVINCE).get(f"/tin-tuc/{slug_of(app, province, item_id)}").text
    assert page.count("Sáng 23/11 khai mạc") == 1 + page.count('content="Sáng 23/11')
    assert translated(app, "Author") in page
