"""Ranking rules every backend shares, on a few documents indexed directly: the words
typed found together rank above the same words scattered."""

from __future__ import annotations

from datetime import UTC, datetime

from search.backends.base import SearchBackend
from search.types import SearchDocument, SearchQuery


def _document(item_id: int, title: str, body: str = "", files: tuple = ()) -> SearchDocument:  # type: ignore[type-arg]
    return SearchDocument(
        item_id=item_id, tenant_id=1, tenant_path="/1/", site_name="Tỉnh",
        site_host="langson.localhost", url=f"http://langson.localhost/tin-tuc/{item_id}",
        type="article", locale="vi", title=title, summary="", body_text=body,
        published_at=datetime(2026, 1, 1 + item_id % 28, tzinfo=UTC), files=files)


def test_the_words_typed_together_rank_above_the_same_words_scattered(
        search_backend: SearchBackend) -> None:
    scattered = _document(1, "Hội nghị đầu năm của tỉnh", "Đầu tư phát triển hội nhập.")
    together = _document(2, "Hồ sơ xuất khẩu nông sản", "Tỉnh hỗ trợ doanh nghiệp.",
                         files=(("phu-luc.pdf", "Sản lượng tinh dầu hồi năm 2025 tăng."),))
    others = [_document(10 + n, f"Tin nông nghiệp số {n}", "Mùa vụ mới.") for n in range(20)]
    search_backend.index([scattered, together, *others])
    search_backend.refresh()
    hits = search_backend.search(SearchQuery(text="tinh dầu hồi")).hits
    # Folded, both hold the three words; only the file holds them as typed, together.
    assert [hit.item_id for hit in hits] == [2, 1]
    assert hits[0].file_name == "phu-luc.pdf"


def test_items_carrying_the_number_typed_tie_and_the_readers_come_first(
        search_backend: SearchBackend) -> None:
    from dataclasses import replace

    from search.analysis import number_key

    def numbered(item_id: int, path: str, number: str) -> SearchDocument:
        return replace(_document(item_id, f"Kế hoạch số {item_id}"), tenant_path=path,
                       tenant_id=int(path.strip("/").split("/")[-1]), type="legal_document",
                       document_number=number, number_key=number_key(number))

    # Thirty plans of other sites numbered 7/2025/…, indexed before the reader's own.
    others = [numbered(n, "/1/9/", f"7/2025/KH-UBND{n}") for n in range(1, 31)]
    mine = numbered(99, "/1/7/42/", "7/2025/KH-UBNDX")
    search_backend.index([*others, mine])
    search_backend.refresh()
    hits = search_backend.search(SearchQuery(text="7/2025", tenant_id=42,
                                             tenant_path="/1/7/42/")).hits
    assert hits[0].item_id == 99


def test_the_words_meant_rank_above_the_same_syllables_of_other_words(
        search_backend: SearchBackend) -> None:
    # Typed without diacritics, "bang gia dat" is bảng giá đất, the price list of land;
    # more short titles than the first results scored again hold bằng, gia đình and
    # đất đai: every syllable too.
    meant = _document(1, "Quyết định ban hành bảng giá đất giai đoạn 2025-2029 trên "
                         "địa bàn tỉnh", "Áp dụng từ ngày 01 tháng 01 năm 2025.")
    shapes = ("Gia đình {} đất bằng", "Đất đai gia đình {} mặt bằng", "Bằng khen gia đình {} đất")
    scattered = [_document(10 + n, shapes[n % 3].format(f"xóm {n}")) for n in range(150)]
    search_backend.index([meant, *scattered])
    search_backend.refresh()
    results = search_backend.search(SearchQuery(text="bang gia dat"))
    assert results.total == 151
    assert results.hits[0].item_id == 1


def test_of_equal_scores_at_the_same_nearness_the_newest_comes_first(
        search_backend: SearchBackend) -> None:
    from dataclasses import replace

    from search.analysis import number_key

    # Three plans of the province numbered 7/2025/…, indexed oldest first: each carries
    # the number typed, so all score alike (``_document`` dates them by id).
    plans = [replace(_document(n, f"Kế hoạch số {n}"), type="legal_document",
                     document_number=f"7/2025/KH-UBND{n}",
                     number_key=number_key(f"7/2025/KH-UBND{n}")) for n in (1, 2, 3)]
    search_backend.index(plans)
    search_backend.refresh()
    hits = search_backend.search(SearchQuery(text="7/2025", tenant_id=1,
                                             tenant_path="/1/")).hits
    assert [hit.item_id for hit in hits] == [3, 2, 1]
