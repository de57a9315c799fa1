"""One result per document across sites, run against every backend: a decision the
province issues and its units repost, a procedure every commune carries; which copy a
search shows, its totals and pages, the list of every copy, what changes when a copy is
withdrawn or renumbered; and equally relevant results ordered nearest the reader."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask
from sqlalchemy import select

from hub.accounts.models import User
from hub.content.models import ContentItem
from hub.content.operations import save_item
from hub.extensions import db
from search.backends.base import SearchBackend
from search.types import SearchQuery, SearchResults
from tenants.context import tenant_scope
from tenants.models import Tenant
from tests.factories import create_site, create_user
from tests.search.conftest import drain_all
from tests.search.corpus import act, publish

NUMBER = "15/2025/QĐ-UBND"
ISSUER = "Ủy ban nhân dân tỉnh Lạng Sơn"
DECISION = "Quyết định quy định bảng giá đất giai đoạn 2025-2029 trên địa bàn tỉnh"
BIRTH = "Thủ tục đăng ký khai sinh"


def decision(number: str = NUMBER, issuer: str = ISSUER, title: str = DECISION) -> dict:  # type: ignore[type-arg]
    return {"title": title, "number": number, "document_type": "quyet_dinh",
            "issuer": issuer, "issued_on": "2025-01-10", "field": "Đất đai",
            "summary": "Bảng giá đất áp dụng từ ngày 01/01/2025."}


def birth(code: str) -> dict:  # type: ignore[type-arg]
    return {"title": BIRTH, "code": code, "field": "Hộ tịch",
            "summary": "Đăng ký khai sinh cho trẻ em tại Ủy ban nhân dân cấp xã.",
            "steps": "<p>Nộp tờ khai và giấy chứng sinh tại Bộ phận một cửa.</p>"}


@dataclass
class Province:
    app: Flask
    backend: SearchBackend
    sites: dict[str, Tenant]
    emails: dict[str, str]

    def publish(self, site: str, kind: str, data: dict) -> int:  # type: ignore[type-arg]
        return publish(self.app, self.sites[site], kind, data, self.emails[site])

    def search(self, text: str, reader: str, **kwargs) -> SearchResults:  # type: ignore[no-untyped-def]
        site = self.sites[reader]
        kwargs.setdefault("per_page", 20)
        return self.backend.search(SearchQuery(text=text, tenant_id=site.id,
                                               tenant_path=site.path, **kwargs))

    def drain(self) -> None:
        drain_all(self.app, self.backend)


@pytest.fixture
def province(app: Flask, province: Tenant, search_backend: SearchBackend) -> Province:
    """The province, a department under it, a commune under the department and a
    commune beside it, each with an administrator."""
    dept = create_site(app, "sotnmt.langson", "Sở Tài nguyên và Môi trường", "department",
                       parent=province, hosts=("sotnmt.langson.localhost",))
    commune = create_site(app, "xatandoan.langson", "Xã Tân Đoàn", "commune", parent=dept,
                          hosts=("xatandoan.langson.localhost",))
    other = create_site(app, "xachilang.langson", "Xã Chi Lăng", "commune", parent=province,
                        hosts=("xachilang.langson.localhost",))
    sites = {"province": province, "dept": dept, "commune": commune, "other": other}
    emails = {}
    for key, site in sites.items():
        emails[key] = f"admin@{site.slug}.gov.vn"
        create_user(app, emails[key], {site: "site_admin"})
    return Province(app, search_backend, sites, emails)


def test_a_reposted_decision_is_one_result_linking_the_issuers_copy(province: Province) -> None:
    # The commune and the department repost before the province publishes its own.
    commune = province.publish("commune", "legal_document", decision())
    dept = province.publish("dept", "legal_document", decision())
    own = province.publish("province", "legal_document", decision())
    province.drain()
    for typed in (NUMBER, "15/2025/QD-UBND", "bảng giá đất giai đoạn 2025-2029"):
        found = province.search(typed, "province")
        assert found.total == 1, typed
        assert [(hit.item_id, hit.copies) for hit in found.hits] == [(own, 3)]
        assert found.hits[0].site_name == "Tỉnh Lạng Sơn"
    # Facets count the one result, not its copies.
    facets = province.search(NUMBER, "province").facets
    assert sum(count for _site, count in facets["site"]) == 1
    assert dict(facets["type"]) == {"legal_document": 1}
    # Searching all sites from a site that publishes a copy shows its own copy.
    assert [hit.item_id for hit in province.search(NUMBER, "commune").hits] == [commune]
    assert [hit.item_id for hit in province.search(NUMBER, "other").hits] == [own]
    # A site and its sub-sites: the copy nearest the top of that part of the province.
    assert [hit.item_id for hit in province.search(NUMBER, "dept", scope="subtree").hits] \
        == [dept]
    assert [hit.item_id for hit in province.search(NUMBER, "commune", scope="site").hits] \
        == [commune]
    # Every copy, listed on request; choosing sites shows their own copies.
    key = province.search(NUMBER, "province").hits[0].copy_key
    every = province.search(NUMBER, "province", copies_of=key)
    assert every.total == 3 and {hit.item_id for hit in every.hits} == {own, dept, commune}
    chosen = province.search(NUMBER, "province", site_ids=(province.sites["dept"].id,
                                                            province.sites["commune"].id))
    assert {hit.item_id for hit in chosen.hits} == {dept, commune}


def test_another_issuers_document_of_the_same_number_is_not_a_copy(province: Province) -> None:
    province.publish("province", "legal_document", decision())
    province.publish("dept", "legal_document", decision(issuer="Sở Tài nguyên và Môi trường"))
    province.drain()
    found = province.search(NUMBER, "province")
    assert found.total == 2 and {hit.copies for hit in found.hits} == {1}


def test_totals_and_pages_count_one_result_per_document(province: Province) -> None:
    expected = set()
    for n in range(1, 6):
        number = f"{n}/2025/QĐ-UBND"
        for site in ("province", "dept", "commune", "other")[:1 + n % 4]:
            province.publish(site, "legal_document",
                             decision(number=number, title=f"Quyết định về giá đất số {n}"))
        expected.add(number)
    province.publish("other", "article", {"title": "Niêm yết giá đất tại xã",
                                          "kind": "news", "summary": "Giá đất năm 2025."})
    province.drain()
    first = province.search("giá đất", "province", per_page=2)
    assert first.total == 6
    seen = []
    for page in (1, 2, 3, 4):
        found = province.search("giá đất", "province", per_page=2, page=page)
        assert found.total == 6
        seen += [hit.title for hit in found.hits]
    assert len(seen) == 6 == len(set(seen))
    by_date = [province.search("giá đất", "province", per_page=4, page=page, sort="date")
               for page in (1, 2)]
    assert by_date[0].total == 6 and len(by_date[0].hits) + len(by_date[1].hits) == 6


def test_a_withdrawn_or_renumbered_copy_hands_its_place_to_the_next(province: Province) -> None:
    app = province.app
    own = province.publish("province", "legal_document", decision())
    dept = province.publish("dept", "legal_document", decision())
    province.publish("commune", "legal_document", decision())
    province.drain()
    assert [hit.item_id for hit in province.search(NUMBER, "other").hits] == [own]

    act(app, province.sites["province"], own, "take_down", province.emails["province"])
    province.drain()
    found = province.search(NUMBER, "other")
    assert [(hit.item_id, hit.copies) for hit in found.hits] == [(dept, 2)]

    # The department corrects its copy's number: it is a document of its own now, and
    # the commune's copy, left alone, heads what remains of the group.
    with app.app_context(), tenant_scope(province.sites["dept"].id):
        item = db.session.get(ContentItem, dept)
        editor = db.session.scalar(select(User).where(User.email == province.emails["dept"]))
        save_item(item, {"number": "16/2025/QĐ-UBND"}, editor, item.revision)
        db.session.commit()
    province.drain()
    found = province.search(NUMBER, "other")
    assert [(hit.site_name, hit.copies) for hit in found.hits] == [("Xã Tân Đoàn", 1)]
    assert province.search("16/2025/QĐ-UBND", "other").hits[0].item_id == dept


def test_equally_relevant_results_come_nearest_the_reader_first(province: Province) -> None:
    # The same procedure text on four sites under different codes: not copies, equally
    # relevant; the reader's own site, then its parent, then the province, then the rest.
    ids = {site: province.publish(site, "procedure", birth(f"2.00{n}"))
           for n, site in enumerate(("other", "province", "commune", "dept"))}
    province.drain()

    def order(reader: str) -> list[str]:
        found = province.search("đăng ký khai sinh", reader)
        return [next(site for site, i in ids.items() if i == hit.item_id) for hit in found.hits]

    assert order("commune") == ["commune", "dept", "province", "other"]
    assert order("dept")[:2] == ["dept", "province"]
    assert order("other")[:2] == ["other", "province"]
    # Across a page's edge too.
    page_two = province.search("đăng ký khai sinh", "commune", per_page=2, page=2)
    assert [hit.item_id for hit in page_two.hits] == [ids["province"], ids["other"]]
    # Relevance first: a better match from far away still comes first.
    better = province.publish("other", "article", {
        "title": "Hướng dẫn đăng ký khai sinh trực tuyến", "kind": "news",
        "summary": "Đăng ký khai sinh: đăng ký khai sinh trên Cổng dịch vụ công."})
    province.drain()
    assert province.search('"đăng ký khai sinh trực tuyến"', "commune").hits[0].item_id \
        == better


def test_the_page_and_the_api_say_how_many_sites_publish_it(app: Flask,
                                                            province: Province) -> None:
    from urllib.parse import parse_qs, urlsplit

    from tests.factories import host_client

    for site in ("province", "dept", "commune"):
        province.publish(site, "legal_document", decision())
    province.drain()
    client = host_client(app, "langson.localhost")
    page = client.get(f"/tim-kiem?q={NUMBER}")
    assert page.status_code == 200
    with app.test_request_context():
        from flask_babel import force_locale, ngettext
        with force_locale("vi"):
            also = ngettext("Also published on %(num)d other site",
                            "Also published on %(num)d other sites", 2)
    assert also != "Also published on 2 other sites" and also in page.text
    answer = client.get(f"/api/v1/search?q={NUMBER}").get_json()
    assert answer["total"] == 1
    (hit,) = answer["results"]
    assert hit["copies"] == 3 and hit["site"] == "Tỉnh Lạng Sơn" and hit["copies_of"]
    every = client.get("/api/v1/search", query_string={"q": NUMBER,
                                                       "copies_of": hit["copies_of"]})
    assert {row["site"] for row in every.get_json()["results"]} == {
        "Tỉnh Lạng Sơn", "Sở Tài nguyên và Môi trường", "Xã Tân Đoàn"}
    # The page's link lists them too, and offers the way back.
    link = page.text.split('class="search-copies"><a href="')[1].split('"')[0]
    listed = client.get("/tim-kiem" + link.replace("&amp;", "&"))
    assert parse_qs(urlsplit(link.replace("&amp;", "&")).query)["copies_of"] == \
        [hit["copies_of"]]
    assert listed.status_code == 200 and "Xã Tân Đoàn" in listed.text
    assert 'class="search-copies-of"' in listed.text
    # A value that is no copy key is refused with its reason.
    refused = client.get("/api/v1/search", query_string={"q": NUMBER, "copies_of": "x" * 301})
    assert refused.status_code == 400 and "copies_of" in refused.get_json()["error"]["reason"]
    refused = client.get("/api/v1/search", query_string={"q": NUMBER, "copies_of": "a\x00b"})
    assert refused.status_code == 400


def test_the_demo_provinces_reposted_decision_is_found_once(app: Flask,
                                                             province: Province) -> None:
    from hub.demo.content import fill_site

    # The demo's province and department content (the department reposts 40/2024/QĐ-UBND).
    for key, called in (("province", "tỉnh Lạng Sơn"), ("dept", "Sở Khoa học và Công nghệ")):
        site = province.sites[key]
        fill_site(app, site, f"{site.slug}.localhost", called, province.emails[key])
    province.drain()
    found = province.search("40/2024/QĐ-UBND", "province")
    assert found.total == 1
    assert (found.hits[0].site_name, found.hits[0].copies) == ("Tỉnh Lạng Sơn", 2)


def test_an_issuer_written_short_or_with_old_tone_marks_is_the_same_issuer(
        province: Province) -> None:
    province.publish("province", "legal_document", decision())
    province.publish("dept", "legal_document", decision(issuer="UBND tỉnh Lạng Sơn"))
    province.publish("other", "legal_document", decision(issuer="Uỷ ban Nhân dân tỉnh Lạng Sơn"))
    province.drain()
    found = province.search(NUMBER, "province")
    assert found.total == 1 and found.hits[0].copies == 3
    assert found.hits[0].tenant_id == province.sites["province"].id


def test_the_readers_copy_stands_in_only_where_it_matches_the_search(
        province: Province) -> None:
    own = province.publish("province", "legal_document", decision())
    # The commune reposted the decision under a title of its own.
    commune = province.publish("commune", "legal_document",
                               decision(title="Quyết định về giá đất của tỉnh"))
    province.drain()
    assert [hit.item_id for hit in province.search(NUMBER, "commune").hits] == [commune]
    # Its copy lacks the words searched for: the matching copy is shown, not the reader's.
    found = province.search("giai đoạn 2025-2029", "commune")
    assert [hit.item_id for hit in found.hits] == [own]
    assert "2029" in found.hits[0].title
