"""Addresses are made from Vietnamese names by one slug function: diacritics folded,
``đ`` -> ``d``, words joined by hyphens, unique on demand."""

from __future__ import annotations

import pytest

from hub.core.slugs import is_slug, slugify, unique_slug


@pytest.mark.parametrize("text, slug", [
    ("Tin tức - Sự kiện", "tin-tuc-su-kien"),
    ("Đường Đình Lập", "duong-dinh-lap"),
    ("Quyết định 40/2024/QĐ-UBND", "quyet-dinh-40-2024-qd-ubnd"),
    ("  Giới thiệu chung!!! ", "gioi-thieu-chung"),
    ("Ủy ban nhân dân xã Thống Nhất", "uy-ban-nhan-dan-xa-thong-nhat"),
    ("!!!", ""),
])
def test_slugs_from_vietnamese(text, slug):
    assert slugify(text) == slug
    assert slug == "" or is_slug(slug)


def test_a_long_slug_is_cut_at_a_word():
    slug = slugify("Hội nghị tổng kết công tác năm " * 20, max_length=50)
    assert len(slug) <= 50 and not slug.endswith("-")
    assert slug.split("-")[-1] in {"hoi", "nghi", "tong", "ket", "cong", "tac", "nam"}


def test_unique_slugs_are_numbered():
    taken = {"tin-tuc", "tin-tuc-2"}
    assert unique_slug("Tin tức", taken.__contains__) == "tin-tuc-3"
    assert unique_slug("???", taken.__contains__, fallback="muc") == "muc"
    assert unique_slug("Văn bản", taken.__contains__) == "van-ban"
