"""The English host shows only published English items ("The English portal and the
translation workflow"): nothing Vietnamese-only and nothing unpublished comes through
its pages, print and download views, feeds, sitemap, search or open-data API, and
nothing English comes through the Vietnamese host. The language switch leads to the
counterpart page when a published translation exists, otherwise to the other home, and
only a real counterpart is announced as an hreflang alternate (pages and sitemap).

The world: the province (``langson.localhost`` and ``english.langson.localhost``) with
a Vietnamese-only published item of every type, a published English item of every
type, an English item of every type that is not public (draft, submitted, unpublished,
taken down), a category and a leader in each language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from hub.api.resources import BY_NAME
from hub.content.models import ContentType
from hub.core.clock import local_today
from hub.directory.models import Person
from hub.extensions import db
from hub.public.urls import SECTIONS
from tenants.context import tenant_scope
from tests.api.content import make_item
from tests.content.factories import make_category
from tests.public.conftest import (
    ENGLISH,
    PROVINCE,
    SAMPLES,
    client_for,
    publish,
    sites,
    slug_of,
)
from tests.search.conftest import drain_all, search_backend

__all__ = ["search_backend", "sites"]  # fixtures shared with tests/public and tests/search

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
PUBLISH = ("submit", "approve")
# One English item of each type in a state the public never sees.
HIDDEN_STEPS = {
    ContentType.ARTICLE: (),
    ContentType.PAGE: ("submit",),
    ContentType.LEGAL_DOCUMENT: (*PUBLISH, "unpublish"),
    ContentType.PROCEDURE: (*PUBLISH, "take_down"),
    ContentType.SCHEDULE_ENTRY: ("submit",),
    ContentType.DISCLOSURE: (*PUBLISH, "unpublish"),
    ContentType.CONSULTATION: ("submit",),
}
VI_ONLY = {
    ContentType.ARTICLE: {"title": "Mẫu Sơn đón mùa mây"},
    ContentType.PAGE: {"title": "Cơ cấu tổ chức Ban quản lý Mẫu Sơn", "kind": "organisation"},
    ContentType.LEGAL_DOCUMENT: {"title": "Quyết định về khu du lịch Mẫu Sơn",
                                 "issuer": "Ủy ban nhân dân tỉnh Lạng Sơn", "field": "Du lịch"},
    ContentType.PROCEDURE: {"title": "Thủ tục cấp phép du lịch Mẫu Sơn", "field": "Du lịch",
                            "agency": "Ban quản lý khu du lịch Mẫu Sơn"},
    ContentType.SCHEDULE_ENTRY: {"title": "Làm việc tại Mẫu Sơn"},
    ContentType.DISCLOSURE: {"title": "Công khai ngân sách Mẫu Sơn"},
    ContentType.CONSULTATION: {"title": "Dự thảo quy định bảo vệ cảnh quan Mẫu Sơn",
                               "drafting_agency": "Ban quản lý khu du lịch Mẫu Sơn",
                               "opens_on": "2026-11-02", "closes_on": "2026-12-31"},
}
ENGLISH_FIELDS = {  # the English versions of the Vietnamese sample fields
    ContentType.ARTICLE: {"summary": "", "author_byline": "Tran Thi Mai",
                          "source": "Lang Son Newspaper"},
    ContentType.PAGE: {"kind": "organisation"},
    ContentType.LEGAL_DOCUMENT: {"issuer": "Lang Son Provincial People's Committee",
                                 "signer": "Ho Tien Thieu", "field": "Tourism"},
    ContentType.PROCEDURE: {"field": "Tourism", "agency": "Department of Culture",
                            "service_level": "Fully online", "steps": "<p>Apply.</p>",
                            "dossier": "<p>A form.</p>", "processing_time": "10 days",
                            "fees": "None"},
    ContentType.SCHEDULE_ENTRY: {"leader": "Director Nguyen Van An", "place": "Room 1"},
    ContentType.DISCLOSURE: {"period": "2027"},
    ContentType.CONSULTATION: {"drafting_agency": "Mau Son Tourism Board", "field": "Trade",
                               "clauses": "Article 1. Scope\nArticle 2. Subjects",
                               "opens_on": "2026-11-02", "closes_on": "2026-12-31"},
}
EN_PUBLIC = {
    ContentType.ARTICLE: "Mau Son welcomes the clouds",
    ContentType.PAGE: "Organisation of the Mau Son board",
    ContentType.LEGAL_DOCUMENT: "Decision on the Mau Son resort",
    ContentType.PROCEDURE: "Mau Son tourism licence",
    ContentType.SCHEDULE_ENTRY: "Working visit to Mau Son",
    ContentType.DISCLOSURE: "Mau Son budget disclosure",
    ContentType.CONSULTATION: "Draft rules on the Mau Son landscape",
}
EN_HIDDEN = {content_type: f"Mau Son {'-'.join(steps) or 'draft'} {content_type.value}"
             for content_type, steps in HIDDEN_STEPS.items()}
VI_EXTRAS = ("Hoàng Thị Lan", "Du lịch xứ Lạng", "Ban quản lý khu du lịch Mẫu Sơn",
             "Ủy ban nhân dân tỉnh Lạng Sơn")
EN_EXTRAS = ("Ms Hoang Thi Lan", "Tourism in Mau Son")


@dataclass
class Bilingual:
    vi: dict[ContentType, int] = field(default_factory=dict)
    en: dict[ContentType, int] = field(default_factory=dict)
    en_hidden: dict[ContentType, int] = field(default_factory=dict)
    slugs: dict[int, str] = field(default_factory=dict)
    categories: dict[str, int] = field(default_factory=dict)
    people: dict[str, int] = field(default_factory=dict)

    def path(self, item_id: int, content_type: ContentType) -> str:
        return f"/{SECTIONS[content_type]}/{self.slugs[item_id]}"

    def paths(self, items: dict[ContentType, int]) -> list[str]:
        return [self.path(item_id, content_type) for content_type, item_id in items.items()]


@pytest.fixture
def world(app, sites) -> Bilingual:  # type: ignore[no-untyped-def]
    province, world = sites["province"], Bilingual()
    with app.app_context():
        today = local_today().isoformat()
    world.categories = {"vi": make_category(app, province, "Du lịch xứ Lạng", "du-lich"),
                        "en": make_category(app, province, "Tourism in Mau Son", "tourism",
                                            locale="en")}
    with app.app_context(), tenant_scope(province.id):
        for locale, name, title in (("vi", "Hoàng Thị Lan", "Giám đốc"),
                                    ("en", "Ms Hoang Thi Lan", "Director")):
            person = Person(locale=locale, name=name, title=title, is_leader=True)
            db.session.add(person)
            db.session.flush()
            world.people[locale] = person.id
        db.session.commit()
    for content_type in ContentType:
        kind = content_type.value
        dated = {"day": today} if content_type is ContentType.SCHEDULE_ENTRY else {}
        vi = VI_ONLY[content_type]
        world.vi[content_type] = publish(
            app, province, kind, **dated, **vi, body=f"<p>{vi['title']}.</p>",
            **({"category_id": world.categories["vi"]} if kind == "article" else {}))
        for target, title, steps, number in (
                (world.en, EN_PUBLIC[content_type], PUBLISH, 1),
                (world.en_hidden, EN_HIDDEN[content_type], HIDDEN_STEPS[content_type], 2)):
            extra: dict[str, Any] = {**ENGLISH_FIELDS[content_type], **dated}
            if kind == "article":
                extra["category_id"] = world.categories["en"]
            if kind == "legal_document":
                extra["number"] = f"4{number}/2024/QĐ-UBND"
            if kind == "procedure":
                extra["code"] = f"1.00900{number}"
            target[content_type] = _english(app, province, kind, steps, title=title,
                                            body=f"<p>{title}.</p>", **extra)
    for item_id in (*world.vi.values(), *world.en.values(), *world.en_hidden.values()):
        world.slugs[item_id] = slug_of(app, province, item_id)
    return world


def _english(app, province, type_name: str, workflow: tuple[str, ...], /,  # type: ignore[no-untyped-def]
             **data: Any) -> int:
    """``publish`` for English items, whose procedure ``steps`` field is English too."""
    values = {**SAMPLES[type_name], **data}
    if "steps" in values:
        values["procedure_steps"] = values.pop("steps")
    return make_item(app, province, f"editor@{province.slug}.gov.vn",
                     content_type=ContentType(type_name), steps=workflow, locale="en",
                     **values)


def forbidden_on(host: str) -> tuple[str, ...]:
    """What must never show on ``host``: the other language's text, hidden English."""
    if host == ENGLISH:
        return (*(d["title"] for d in VI_ONLY.values()), *VI_EXTRAS, *EN_HIDDEN.values())
    return (*EN_PUBLIC.values(), *EN_HIDDEN.values(), *EN_EXTRAS)


def assert_nothing_leaks(host: str, text: str, where: str) -> None:
    leaked = [value for value in forbidden_on(host) if value in text]
    assert not leaked, f"{where} on {host} shows {leaked}"


def json_text(value: Any) -> str:
    """Every string of a JSON answer (``jsonify`` may escape non-ASCII in the body)."""
    if isinstance(value, dict):
        return "\n".join(json_text(v) for v in (*value.keys(), *value.values()))
    if isinstance(value, list):
        return "\n".join(json_text(v) for v in value)
    return str(value)


LISTINGS = {  # path -> the English published items it lists
    "/": (ContentType.ARTICLE, ContentType.LEGAL_DOCUMENT, ContentType.PROCEDURE,
          ContentType.SCHEDULE_ENTRY),
    "/tin-tuc": (ContentType.ARTICLE,),
    "/chuyen-muc/tourism": (ContentType.ARTICLE,),
    "/van-ban-quy-pham-phap-luat": (ContentType.LEGAL_DOCUMENT,),
    "/thu-tuc": (ContentType.PROCEDURE,),
    "/lich-cong-tac": (ContentType.SCHEDULE_ENTRY,),
    "/cong-khai": (ContentType.DISCLOSURE,),
    "/gioi-thieu": (ContentType.PAGE,),
    "/co-cau-to-chuc": (ContentType.PAGE,),  # the organisation page's body
    "/lanh-dao": (),
    "/danh-ba": (),
}


def test_english_listings_show_only_published_english_items(app, world):
    english = client_for(app, ENGLISH)
    for path, shown in LISTINGS.items():
        response = english.get(path)
        assert response.status_code == 200, path
        assert '<html lang="en">' in response.text
        assert_nothing_leaks(ENGLISH, response.text, path)
        for content_type in shown:
            assert EN_PUBLIC[content_type] in response.text, (path, content_type)
    assert "Ms Hoang Thi Lan" in english.get("/lanh-dao").text
    assert "Ms Hoang Thi Lan" in english.get("/danh-ba").text
    assert english.get("/chuyen-muc/du-lich").status_code == 404


def test_english_item_pages_and_their_print_and_download_views(app, world):
    english = client_for(app, ENGLISH)
    for path in world.paths(world.en):
        for view in (path, f"{path}/in", f"{path}/tai-ve"):
            response = english.get(view)
            assert response.status_code == 200, view
            assert_nothing_leaks(ENGLISH, response.text, view)
    # A Vietnamese slug is no page on the English host, nor is a hidden English item.
    for path in (*world.paths(world.vi), *world.paths(world.en_hidden)):
        for view in (path, f"{path}/in", f"{path}/tai-ve"):
            assert english.get(view).status_code == 404, view


def test_english_feeds_and_sitemap(app, world):
    english = client_for(app, ENGLISH)
    channel = ET.fromstring(english.get("/rss.xml").data).find("channel")  # noqa: S314
    assert sorted(item.findtext("title") for item in channel.iter("item")) == sorted(
        EN_PUBLIC[t] for t in (ContentType.ARTICLE, ContentType.LEGAL_DOCUMENT,
                               ContentType.DISCLOSURE))
    assert channel.findtext("language") == "en"
    feed = english.get("/chuyen-muc/tourism/rss.xml").data
    assert [i.findtext("title") for i in ET.fromstring(feed).iter("item")] == [  # noqa: S314
        EN_PUBLIC[ContentType.ARTICLE]]
    assert english.get("/chuyen-muc/du-lich/rss.xml").status_code == 404
    sitemap = english.get("/sitemap.xml")
    assert_nothing_leaks(ENGLISH, sitemap.text, "sitemap.xml")
    locs = {url.findtext(f"{SM}loc") for url in ET.fromstring(sitemap.data)}  # noqa: S314
    assert locs == {f"http://{ENGLISH}/"} | {f"http://{ENGLISH}{path}"
                                              for path in world.paths(world.en)}


def _resource_type(name: str) -> ContentType:
    return ContentType(BY_NAME[name].model.__mapper__.polymorphic_identity)


def test_every_open_data_endpoint_of_the_english_host(app, world):
    english = client_for(app, ENGLISH)
    paths = english.get("/api/v1/openapi.json").get_json()["paths"]
    assert len(paths) >= 18  # every list and detail, site, structure, search
    for path in paths:
        if "{" in path or "get" not in paths[path]:  # the tracking lookup is a POST
            continue
        response = english.get(path)
        assert response.status_code == 200, path
        assert_nothing_leaks(ENGLISH, json_text(response.get_json()), path)
        name = path.removeprefix("/api/v1/")
        if name in BY_NAME:
            listed = [row["id"] for row in response.get_json()["data"]]
            assert listed == [world.en[_resource_type(name)]], path
            assert response.get_json()["data"][0]["locale"] == "en"
    for path in (p for p in paths if p.endswith("/{item_id}")):
        content_type = _resource_type(path.split("/")[3])
        assert english.get(path.replace("{item_id}", str(world.en[content_type]))
                           ).status_code == 200, path
        for hidden in (world.vi[content_type], world.en_hidden[content_type]):
            response = english.get(path.replace("{item_id}", str(hidden)))
            assert response.status_code == 404, (path, hidden)
    assert english.get(f"/api/v1/categories/{world.categories['vi']}").status_code == 404
    assert english.get(f"/api/v1/people/{world.people['vi']}").status_code == 404
    sections = {s["code"]: s["count"] for s in
                english.get("/api/v1/structure").get_json()["data"]["sections"]}
    # One English item or person in each section (the organisation page is no
    # introduction); the English version counts the published English items, one of
    # each type.
    assert sections == {code: 1 for code in sections} | {
        "introduction": 0, "questions": 0, "english": len(EN_PUBLIC)}


def test_search_on_the_english_host_finds_only_published_english_items(
        app, world, search_backend):  # type: ignore[no-untyped-def]
    drain_all(app, search_backend)
    english = client_for(app, ENGLISH)
    found = english.get("/api/v1/search?q=Mau+Son&per_page=50").get_json()
    assert sorted(hit["title"] for hit in found["results"]) == sorted(EN_PUBLIC.values())
    assert all(hit["url"].startswith(f"http://{ENGLISH}/") for hit in found["results"])
    vietnamese_words = english.get("/api/v1/search?q=Mẫu+Sơn+đón+mùa+mây").get_json()
    assert {hit["title"] for hit in vietnamese_words["results"]} <= set(EN_PUBLIC.values())
    suggestions = english.get("/api/v1/search/suggest?q=mau").get_json()["suggestions"]
    assert suggestions and {s["title"] for s in suggestions} <= set(EN_PUBLIC.values())
    page = english.get("/tim-kiem?q=Mau+Son")
    assert page.status_code == 200 and EN_PUBLIC[ContentType.PROCEDURE] in page.text
    assert_nothing_leaks(ENGLISH, page.text, "/tim-kiem")
    vietnamese = client_for(app, PROVINCE)
    found = vietnamese.get("/api/v1/search?q=Mau+Son&per_page=50").get_json()
    assert sorted(hit["title"] for hit in found["results"]) == sorted(
        d["title"] for d in VI_ONLY.values())
    assert_nothing_leaks(PROVINCE, vietnamese.get("/tim-kiem?q=Mau+Son").text, "/tim-kiem")


def test_the_vietnamese_host_shows_nothing_english(app, world):
    vietnamese = client_for(app, PROVINCE)
    listings = [path.replace("tourism", "du-lich") for path in LISTINGS]
    for path in (*listings, *world.paths(world.vi), "/rss.xml", "/sitemap.xml",
                 "/chuyen-muc/du-lich/rss.xml"):
        response = vietnamese.get(path)
        assert response.status_code == 200, path
        assert_nothing_leaks(PROVINCE, response.text, path)
    for path in (*world.paths(world.en), *world.paths(world.en_hidden)):
        assert vietnamese.get(path).status_code == 404, path
    for name in BY_NAME:
        listed = vietnamese.get(f"/api/v1/{name}").get_json()["data"]
        assert [row["id"] for row in listed] == [world.vi[_resource_type(name)]], name
        hidden = world.en[_resource_type(name)]
        assert vietnamese.get(f"/api/v1/{name}/{hidden}").status_code == 404
    for path in ("/api/v1/people", "/api/v1/categories", "/api/v1/structure"):
        assert_nothing_leaks(PROVINCE, json_text(vietnamese.get(path).get_json()), path)


# --- the language switch and hreflang alternates -----------------------------------

def _alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="(\w+)" href="([^"]+)">', html))


def _switch(html: str) -> str:
    match = re.search(r'<a class="language-switch" href="([^"]+)"', html)
    assert match, "the page offers no language switch"
    return match.group(1)


def test_the_switch_leads_to_the_published_translation_both_ways(app, sites):
    province = sites["province"]
    source = publish(app, province, "procedure", title="Thủ tục đăng ký lưu trú")
    translation = publish(app, province, "procedure", locale="en", code="1.004228",
                          title="Registering a stay", translation_of_id=source)
    vi_url = f"http://{PROVINCE}/thu-tuc/{slug_of(app, province, source)}"
    en_url = f"http://{ENGLISH}/thu-tuc/{slug_of(app, province, translation)}"
    vi_page = client_for(app, PROVINCE).get(vi_url).text
    en_page = client_for(app, ENGLISH).get(en_url).text
    assert _switch(vi_page) == en_url and _switch(en_page) == vi_url
    assert _alternates(vi_page) == _alternates(en_page) == {"vi": vi_url, "en": en_url}
    for host in (PROVINCE, ENGLISH):
        root = ET.fromstring(client_for(app, host).get("/sitemap.xml").data)  # noqa: S314
        entry = next(url for url in root if url.findtext(f"{SM}loc") in (vi_url, en_url))
        assert {link.get("hreflang"): link.get("href")
                for link in entry.findall(f"{XHTML}link")} == {"vi": vi_url, "en": en_url}


@pytest.mark.parametrize("steps", [(), ("submit",), (*PUBLISH, "unpublish"),
                                   (*PUBLISH, "take_down")])
def test_without_a_published_translation_the_switch_leads_home(app, sites, steps):
    province = sites["province"]
    source = publish(app, province, "article", title="Tin chưa có bản dịch")
    publish(app, province, "article", steps, locale="en", title="Not yet public",
            translation_of_id=source)
    path = f"/tin-tuc/{slug_of(app, province, source)}"
    page = client_for(app, PROVINCE).get(path).text
    assert _switch(page) == f"http://{ENGLISH}/"
    # The English home is no translation of this page: no hreflang alternate.
    assert _alternates(page) == {}
    root = ET.fromstring(client_for(app, PROVINCE).get("/sitemap.xml").data)  # noqa: S314
    entry = next(url for url in root if url.findtext(f"{SM}loc").endswith(path))
    assert entry.findall(f"{XHTML}link") == []


def test_the_homes_are_each_others_alternates(app, sites):
    for host, other in ((PROVINCE, ENGLISH), (ENGLISH, PROVINCE)):
        home = client_for(app, host).get("/").text
        assert _switch(home) == f"http://{other}/"
        assert _alternates(home) == {"vi": f"http://{PROVINCE}/", "en": f"http://{ENGLISH}/"}
        # A list is not an item: its switch leads home, without an alternate.
        news = client_for(app, host).get("/tin-tuc").text
        assert _switch(news) == f"http://{other}/" and _alternates(news) == {}
