"""Domain names follow Article 4 of Decision 40/2024/QĐ-UBND (seed 003).

"tên đầy đủ ... bằng tiếng Việt không dấu": the unit's name without diacritics, đ as d,
lowercase, no spaces; communes on the 5th level under their district, or (after 2025)
on the 4th level directly under the province.
"""

from __future__ import annotations

import unicodedata

import pytest

from tenants.naming import (
    InvalidLabel,
    domain_label,
    fold_vietnamese,
    site_hostname,
    split_unit_type,
    validate_hostname,
    validate_label,
)


@pytest.mark.parametrize("name, label", [
    ("Song Giáp", "songgiap"),                  # Đ4.2.c
    ("Xã Song Giáp", "songgiap"),
    ("Huyện Bình Gia", "binhgia"),              # Đ4.2.b
    ("Huyện Cao Lộc", "caoloc"),
    ("Đình Lập", "dinhlap"),                    # đ is d
    ("Tỉnh Lạng Sơn", "langson"),               # Đ4.1: langson.gov.vn
    ("Phường Kỳ Lừa", "kylua"),
    ("Thành phố Hồ Chí Minh", "hochiminh"),
    ("Thị trấn Đồng Đăng", "dongdang"),
    ("Thị xã Quảng Yên", "quangyen"),
    ("Đặc khu Phú Quốc", "phuquoc"),
    ("Quận Ba Đình", "badinh"),
    ("Sở Tư pháp", "sotuphap"),                 # no unit type to drop
    ("Phường Văn Miếu - Quốc Tử Giám", "vanmieuquoctugiam"),  # punctuation goes
    ("Xã Ea M’Droh", "eamdroh"),
    ("Phường Hà Giang 1", "hagiang1"),          # digits stay
])
def test_a_label_is_the_name_without_diacritics_spaces_or_punctuation(name, label):
    assert domain_label(name) == label


@pytest.mark.parametrize("name, with_type, without_type", [
    ("Xã Thống Nhất", "xathongnhat", "thongnhat"),    # seed 000: xathongnhat.langson.gov.vn
    ("Phường Kỳ Lừa", "phuongkylua", "kylua"),
    ("Đặc khu Vân Đồn", "dackhuvandon", "vandon"),
    ("Thị trấn Na Sầm", "thitrannasam", "nasam"),
])
def test_the_province_chooses_whether_the_unit_type_is_in_the_label(name, with_type,
                                                                    without_type):
    assert domain_label(name, include_unit_type=True) == with_type
    assert domain_label(name, include_unit_type=False) == without_type


@pytest.mark.parametrize("name", ["Xã Thống Nhất", "Đình Lập", "Phường Kỳ Lừa",
                                  "Xã Văn Lãng", "Thị trấn Na Sầm"])
def test_decomposed_input_gives_the_same_label(name):
    decomposed = unicodedata.normalize("NFD", name)
    assert decomposed != name
    for flag in (True, False):
        assert domain_label(decomposed, include_unit_type=flag) == \
            domain_label(name, include_unit_type=flag)


def test_only_real_unit_types_are_taken_off_the_name():
    # "Xa", "Quan" without their marks are parts of names, not "Xã"/"Quận".
    assert split_unit_type("Quan Sơn") == (None, "Quan Sơn")
    assert domain_label("Xa Lý") == "xaly"
    assert split_unit_type("xã   thống nhất") == ("Xã", "thống nhất")
    assert split_unit_type("Thị xã Quảng Yên") == ("Thị xã", "Quảng Yên")


def test_folding_lowercases_strips_marks_and_maps_d_bar():
    assert fold_vietnamese("Đường Trần Đăng Ninh") == "duong tran dang ninh"
    assert fold_vietnamese("ĐỒNG ĐĂNG") == "dong dang"
    assert fold_vietnamese(unicodedata.normalize("NFD", "Lạng Sơn")) == "lang son"
    assert fold_vietnamese("Ðình Lập") == "dinh lap"  # legacy text types Ð for Đ


def test_a_commune_under_its_district_is_on_the_5th_level():
    assert site_hostname("songgiap", "caoloc.langson.gov.vn") == \
        "songgiap.caoloc.langson.gov.vn"


def test_after_2025_a_commune_under_the_province_is_on_the_4th_level():
    assert site_hostname("xathongnhat", "langson.gov.vn") == "xathongnhat.langson.gov.vn"


@pytest.mark.parametrize("label", ["", "-songgiap", "songgiap-", "song giap", "sốnggiáp",
                                   "Songgiap", "song.giap", "a" * 64, "song_giap"])
def test_invalid_labels_are_refused(label):
    with pytest.raises(InvalidLabel):
        validate_label(label)
    with pytest.raises(InvalidLabel):
        site_hostname(label, "langson.gov.vn")


@pytest.mark.parametrize("label", ["a", "sokhcn", "xavanlang-dinhhoa", "hagiang1", "a" * 63])
def test_valid_labels_are_kept(label):
    assert validate_label(label) == label


def test_a_name_that_gives_no_label_is_refused():
    with pytest.raises(InvalidLabel):
        domain_label("– – –")
    with pytest.raises(InvalidLabel):
        domain_label("Xã " + "Thống Nhất " * 10, include_unit_type=True)


def test_hostnames_are_canonical():
    assert validate_hostname("English.LangSon.gov.vn.") == "english.langson.gov.vn"
    with pytest.raises(InvalidLabel):
        validate_hostname("langson..gov.vn")
