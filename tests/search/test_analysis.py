"""The index's text analysis folds through the project's one folding function: the
folded field, built a syllable at a time through a memo, is exactly ``fold`` of the
exact field, for every Vietnamese letter with every tone, in both cases."""

from __future__ import annotations

import unicodedata

from hub.core.text import fold_vietnamese
from search import analysis

VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")  # huyền sắc ngã hỏi nặng


def every_letter() -> list[str]:
    letters = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES]
    letters += list("bcdđghklmnpqrstvx")
    return letters + [letter.upper() for letter in letters]


def test_the_folded_field_is_the_folding_of_the_exact_field() -> None:
    text = " ".join(f"x{letter}n {letter}" for letter in every_letter()) + \
        " Đường 40/2024/QĐ-UBND, kinh tế - xã hội; ĐẤT ĐAI"
    exact, folded = analysis.index_texts(text)
    assert folded == fold_vietnamese(exact)
    assert exact == " ".join(analysis.syllables(text))
    assert "đường" in exact.split() and "duong" in folded.split()
    assert folded.isascii()


def test_a_decomposed_text_gives_the_same_syllables() -> None:
    text = "Thủ tục đăng ký đất đai lần đầu"
    assert analysis.index_texts(unicodedata.normalize("NFD", text)) == \
        analysis.index_texts(text)


def test_pairs_are_each_two_neighbouring_folded_syllables() -> None:
    _exact, folded = analysis.index_texts("Bảng giá đất, năm 2025")
    assert analysis.pairs(folded.split()) == ["bang_gia", "gia_dat", "dat_nam", "nam_2025"]
    assert analysis.pairs(["dat"]) == [] and analysis.pairs([]) == []


def test_normalise_makes_every_run_of_spaces_and_control_characters_one_space() -> None:
    decomposed = unicodedata.normalize("NFD", "Đất đai")
    for text, expected in [
            (f"  {decomposed}\r\n\tlần\x00đầu ", "Đất đai lần đầu"),
            ("xã\u200bTân\u00a0Đoàn\u2028Lạng Sơn\x7f", "xã Tân Đoàn Lạng Sơn"),
            ("Quyết định\n\n\n40/2024/QĐ-UBND", "Quyết định 40/2024/QĐ-UBND"),
            ("", "")]:
        assert analysis.normalise(text) == expected
