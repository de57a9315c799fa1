"""One behavioural suite, run against every backend: Vietnamese matching, document
numbers, phrases, scopes, filters, facets, what must never be found, take-downs and
English items."""

from __future__ import annotations

from datetime import date

import pytest

from search.types import SearchQuery
from tests.search.conftest import Corpus, drain_all
from tests.search.corpus import act, publish

ROAD = "Khởi công Đường cao tốc Đồng Đăng - Trà Lĩnh"
LAND_PROCEDURE = "Thủ tục đăng ký đất đai lần đầu"
PORTAL_DECISION = "Quyết định ban hành Quy chế quản lý, vận hành Cổng thông tin điện tử tỉnh"
LAND_NEWS = "Công bố danh mục thủ tục hành chính mới trong lĩnh vực đất đai"


def titles(corpus: Corpus, text: str, **kwargs) -> list[str]:  # type: ignore[no-untyped-def]
    kwargs.setdefault("per_page", 50)
    results = corpus.backend.search(SearchQuery(text=text, **kwargs))
    return [hit.title for hit in results.hits]


def test_vietnamese_with_and_without_diacritics(corpus: Corpus) -> None:
    exact = titles(corpus, "thủ tục hành chính")
    folded = titles(corpus, "thu tuc hanh chinh")
    assert LAND_NEWS in exact and LAND_NEWS in folded
    assert set(exact) == set(folded)
    # d matches đ
    assert ROAD in titles(corpus, "duong")
    assert "Dương Văn A được khen thưởng" in titles(corpus, "duong")
    assert LAND_PROCEDURE in titles(corpus, "dat dai")
    assert LAND_PROCEDURE in titles(corpus, "ĐẤT ĐAI")
    # Unicode form: a decomposed (NFD) query finds the composed text.
    import unicodedata
    assert LAND_PROCEDURE in titles(corpus, unicodedata.normalize("NFD", "đất đai"))


def test_exact_diacritics_rank_above_folded_only(corpus: Corpus) -> None:
    # "đường" (road) and "Dương" (a family name) fold the same way; typed with its
    # diacritics, the road items come before the name.
    ranked = titles(corpus, "đường")
    assert ranked.index(ROAD) < ranked.index("Dương Văn A được khen thưởng")
    ranked = titles(corpus, "Dương")
    assert ranked[0] == "Dương Văn A được khen thưởng"


@pytest.mark.parametrize("typed", ["40/2024/QĐ-UBND", "40/2024/QD-UBND", "40/2024",
                                   "40/2024/qđ-ubnd", "quyết định 40/2024/QĐ-UBND"])
def test_document_numbers_put_that_document_first(corpus: Corpus, typed: str) -> None:
    assert titles(corpus, typed)[0] == PORTAL_DECISION


def test_procedure_code_and_phrase(corpus: Corpus) -> None:
    assert titles(corpus, "1.009994")[0] == "Cấp giấy phép xây dựng nhà ở riêng lẻ"
    # A phrase matches only the words together, in order.
    phrase = titles(corpus, '"kinh tế cửa khẩu"')
    loose = titles(corpus, "khẩu cửa tế kinh")
    assert "Nghị quyết về phát triển kinh tế cửa khẩu năm 2024" in phrase
    assert set(phrase) <= set(loose)
    assert titles(corpus, '"khẩu cửa kinh tế"') == []
    assert "Hội nghị xúc tiến đầu tư vào khu kinh tế cửa khẩu Đồng Đăng" in \
        titles(corpus, '"kinh te cua khau"')


def test_scopes(corpus: Corpus) -> None:
    sites = corpus.sites
    everywhere = titles(corpus, "đất", scope="all", tenant_id=sites["commune"].id)
    assert LAND_PROCEDURE in everywhere
    assert "Tuyên truyền pháp luật về đất đai cho nhân dân" in everywhere
    mine = titles(corpus, "đất", scope="site", tenant_id=sites["commune"].id)
    assert LAND_PROCEDURE not in mine
    assert "Tuyên truyền pháp luật về đất đai cho nhân dân" in mine
    # The department's subtree holds the department and its commune, not the province.
    subtree = titles(corpus, "hội nghị", scope="subtree", tenant_id=sites["dept"].id)
    assert "Hội nghị triển khai nhiệm vụ khoa học và công nghệ năm 2027" in subtree
    assert "Tuyên truyền pháp luật về đất đai cho nhân dân" in subtree
    assert "Hội nghị xúc tiến đầu tư vào khu kinh tế cửa khẩu Đồng Đăng" not in subtree
    only_dept = titles(corpus, "hội nghị", scope="site", tenant_id=sites["dept"].id)
    assert only_dept == ["Hội nghị triển khai nhiệm vụ khoa học và công nghệ năm 2027"]


def test_filters_and_facets(corpus: Corpus) -> None:
    assert set(titles(corpus, "đất đai", types=("procedure",))) == {LAND_PROCEDURE}
    assert titles(corpus, "quyết định", document_types=("nghi_quyet",)) == []
    assert titles(corpus, "kinh tế", document_types=("nghi_quyet",)) == [
        "Nghị quyết về phát triển kinh tế cửa khẩu năm 2024"]
    assert titles(corpus, "quyết định", issuers=("Hội đồng nhân dân tỉnh Lạng Sơn",)) == []
    assert set(titles(corpus, "đất", fields=("Đất đai",))) == {
        LAND_PROCEDURE, "Quyết định quy định bảng giá đất giai đoạn 2025-2029 trên địa bàn tỉnh"}
    assert set(titles(corpus, "đất", site_ids=(corpus.sites["commune"].id,))) == {
        "Tuyên truyền pháp luật về đất đai cho nhân dân",
        "Xã Thống Nhất ra quân làm đường giao thông nông thôn"}
    future = titles(corpus, "đất", date_from=date(2100, 1, 1))
    assert future == []
    assert LAND_PROCEDURE in titles(corpus, "đất", date_from=date(2000, 1, 1),
                                    date_to=date(2099, 12, 31))

    results = corpus.backend.search(SearchQuery(text="đất", per_page=50))
    types = dict(results.facets["type"])
    assert types["procedure"] == 1 and types["article"] >= 2
    assert sum(types.values()) == results.total
    sites = dict(results.facets["site"])
    assert sites[str(corpus.sites["commune"].id)] == 2
    assert dict(results.facets["field"])["Đất đai"] == 2
    by_date = corpus.backend.search(SearchQuery(text="đất", sort="date", per_page=50))
    dates = [hit.published_at.replace(microsecond=0) for hit in by_date.hits]  # s precision
    assert dates == sorted(dates, reverse=True)
    # Pagination: pages partition the results.
    first = corpus.backend.search(SearchQuery(text="đất", per_page=2, page=1))
    second = corpus.backend.search(SearchQuery(text="đất", per_page=2, page=2))
    assert first.total == second.total == results.total
    assert not {h.item_id for h in first.hits} & {h.item_id for h in second.hits}


def test_hits_name_their_site_and_highlight(corpus: Corpus) -> None:
    results = corpus.backend.search(SearchQuery(text="na Chi Lăng <script>"))
    assert results.total == 0  # every word must match
    results = corpus.backend.search(SearchQuery(text="chi lang"))
    hit = results.hits[0]
    assert hit.title == "Thu hoạch na Chi Lăng vụ mùa"
    assert hit.site_name == "Xã Thống Nhất"
    assert hit.site_host == "xathongnhat.langson.localhost"
    assert hit.url.endswith("xathongnhat.langson.localhost/tin-tuc/" + hit.url.rsplit("/", 1)[1])
    assert "<mark>Chi</mark> <mark>Lăng</mark>" in hit.snippet


def test_drafts_and_unpublished_items_are_never_found(corpus: Corpus) -> None:
    for text in ("dự thảo kế hoạch chưa công bố", "bí mật", "sáng kiến", "nội bộ",
                 "chưa duyệt", "thu tuc noi bo"):
        assert titles(corpus, text) == [], text


def test_takedown_and_unpublish_remove_within_one_drain(app, corpus: Corpus) -> None:  # type: ignore[no-untyped-def]
    province = corpus.sites["province"]
    email = f"admin@{province.slug}.gov.vn"
    assert ROAD in titles(corpus, "cao tốc")
    act(app, province, corpus.ids[ROAD], "take_down", email)
    assert drain_all(app, corpus.backend) == 1
    assert titles(corpus, "cao tốc") == []
    item_id = corpus.ids["Tăng cường phòng chống cháy rừng mùa khô"]
    act(app, province, item_id, "unpublish", email)
    drain_all(app, corpus.backend)
    assert titles(corpus, "cháy rừng") == []
    act(app, province, item_id, "republish", email)
    drain_all(app, corpus.backend)
    assert titles(corpus, "chay rung") == ["Tăng cường phòng chống cháy rừng mùa khô"]
    # Draining again changes nothing (idempotent).
    assert drain_all(app, corpus.backend) == 0
    assert titles(corpus, "chay rung") == ["Tăng cường phòng chống cháy rừng mùa khô"]
    new_id = publish(app, corpus.sites["dept"], "article",
                     {"title": "Hội thảo khoa học về giống lúa mới", "kind": "news"},
                     f"admin@{corpus.sites['dept'].slug}.gov.vn")
    drain_all(app, corpus.backend)
    assert titles(corpus, "giong lua")[0] == "Hội thảo khoa học về giống lúa mới"
    assert corpus.backend.search(SearchQuery(text="giống lúa")).hits[0].item_id == new_id


def test_english_items_only_on_english_hosts(corpus: Corpus) -> None:
    english = titles(corpus, "investment", locale="en")
    assert english == ["Lạng Sơn attracts investment to the Dong Dang border economic zone"]
    assert titles(corpus, "investment", locale="vi") == []
    assert titles(corpus, "đầu tư", locale="en") == []


def test_syntax_characters_are_not_syntax(corpus: Corpus) -> None:
    for text in ['"', '"đất', "đất*", "NEAR(đất, đai)", "(đất", "field:đất", "-đất",
                 "đất AND đai OR", "*", ":", "()", "\\", "đất\x00đai", "a" * 200]:
        corpus.backend.search(SearchQuery(text=text))  # never raises
    assert LAND_PROCEDURE in titles(corpus, "đất AND đai")
    assert LAND_PROCEDURE in titles(corpus, "(đất) -đai*")


def test_suggestions_complete_the_last_word(corpus: Corpus) -> None:
    suggestions = corpus.backend.suggest(SearchQuery(text="thu tuc dang k"))
    assert [s.title for s in suggestions] == [LAND_PROCEDURE]
    assert corpus.backend.suggest(SearchQuery(text="bí mật")) == []


def test_a_phrase_never_runs_from_the_title_into_the_summary(app, corpus: Corpus) -> None:  # type: ignore[no-untyped-def]
    dept = corpus.sites["dept"]
    publish(app, dept, "article", {"title": "Ngày hội khởi nghiệp sáng tạo", "kind": "news",
                                   "summary": "Thanh niên tham gia đông đủ."},
            f"admin@{dept.slug}.gov.vn")
    drain_all(app, corpus.backend)
    assert titles(corpus, '"khởi nghiệp sáng tạo"') == ["Ngày hội khởi nghiệp sáng tạo"]
    assert titles(corpus, '"sáng tạo thanh niên"') == []  # title's end + summary's start
    assert titles(corpus, "sáng tạo thanh niên") == ["Ngày hội khởi nghiệp sáng tạo"]


@pytest.mark.parametrize("text", ["đất đai", "dat dai", "hội nghị", '"kinh tế cửa khẩu"'])
def test_filters_choose_but_never_reorder(corpus: Corpus, text: str) -> None:
    """The same query over every site, with and without a filter naming them all,
    ranks the same items the same way: filters never add to a score."""
    every = tuple(site.id for site in corpus.sites.values())
    free = corpus.backend.search(SearchQuery(text=text, per_page=50))
    filtered = corpus.backend.search(SearchQuery(text=text, per_page=50, site_ids=every))
    assert free.total == filtered.total > 0
    assert [h.item_id for h in free.hits] == [h.item_id for h in filtered.hits]
    assert [round(h.score, 4) for h in free.hits] == \
        [round(h.score, 4) for h in filtered.hits]


def test_dates_and_years_are_viet_nam_s(app, corpus: Corpus) -> None:  # type: ignore[no-untyped-def]
    """A date filter and the year facet count Viet Nam's days, as every page and
    ``/api/v1`` do: 20:00 UTC on 22 November is 03:00 on 23 November in Lạng Sơn."""
    from datetime import UTC, datetime

    from hub.content.models import ContentItem
    from hub.extensions import db
    from search.outbox import enqueue
    from tenants.context import tenant_scope

    dept = corpus.sites["dept"]
    moments = {"Lễ chào cờ đầu tuần tại sở": datetime(2026, 11, 22, 20, 0, tzinfo=UTC),
               "Lễ chào cờ đón năm mới tại sở": datetime(2025, 12, 31, 20, 0, tzinfo=UTC)}
    for title, moment in moments.items():
        item_id = publish(app, dept, "article", {"title": title, "kind": "news"},
                          f"admin@{dept.slug}.gov.vn")
        with app.app_context(), tenant_scope(dept.id):
            item = db.session.get(ContentItem, item_id)
            item.published_at = moment
            enqueue(item, "upsert", "test")
            db.session.commit()
    drain_all(app, corpus.backend)
    weekly = "Lễ chào cờ đầu tuần tại sở"
    assert titles(corpus, "chào cờ đầu tuần", date_from=date(2026, 11, 23)) == [weekly]
    assert titles(corpus, "chào cờ đầu tuần", date_to=date(2026, 11, 23)) == [weekly]
    assert titles(corpus, "chào cờ đầu tuần", date_to=date(2026, 11, 22)) == []
    assert titles(corpus, "chào cờ đầu tuần", date_from=date(2026, 11, 24)) == []
    found = corpus.backend.search(SearchQuery(text="chào cờ năm mới", want_facets=True))
    assert [hit.title for hit in found.hits] == ["Lễ chào cờ đón năm mới tại sở"]
    assert [str(year) for year, _count in found.facets["year"]] == ["2026"]
