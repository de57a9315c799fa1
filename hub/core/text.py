"""Vietnamese text: one folding function for labels, slugs, sorting and search."""

from __future__ import annotations

import unicodedata


def fold_vietnamese(text: str) -> str:
    """Lowercase ``text`` and strip its diacritics: "Đình Lập" -> "dinh lap".

    NFD splits every Vietnamese letter into a base letter and combining marks (tone
    marks, the breve of ă, the circumflex of â/ê/ô, the horn of ơ/ư), which are dropped.
    ``đ`` is a letter of its own, not a d with a mark, so NFD leaves it: it is mapped
    by hand. ``ð`` (the Icelandic eth) is mapped too, because legacy Vietnamese text
    often typed "Ð" for "Đ".
    """
    return strip_diacritics(text).lower()


def strip_diacritics(text: str) -> str:
    """``text`` without its diacritics, its case kept: "Đoàn Kết" -> "Doan Ket" (the
    names of units on English hosts, ``tenants.models.foreign_name``)."""
    # str.translate drops the marks in C: search indexes every item through here.
    stripped = unicodedata.normalize("NFD", text).translate(_COMBINING_MARKS)
    return stripped.translate(_D_WITH_STROKE)


_D_WITH_STROKE = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})


class _CombiningMarks(dict):  # type: ignore[type-arg]
    """A translate table deleting every nonspacing mark (category Mn), filled lazily."""

    def __missing__(self, codepoint: int) -> int | None:
        value = None if unicodedata.category(chr(codepoint)) == "Mn" else codepoint
        self[codepoint] = value
        return value


_COMBINING_MARKS = _CombiningMarks()
