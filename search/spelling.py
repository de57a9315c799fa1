"""Typing mistakes: which edit distance a word may be off by, and "did you mean".

Both backends share these rules. A query is a sequence of syllables; a syllable the
index does not hold (folded) is replaced by the nearest of the index's own folded terms,
the most frequent among the nearest (``correct``). The distance is optimal string
alignment: a swap of two neighbouring letters ("sihn" -> "sinh") counts as one edit, as
in tantivy's fuzzy term query and Elasticsearch's ``fuzziness``.

A one-word query is also matched loosely (``fuzzy_distance``): words of five to seven
letters one edit away, longer words two; shorter words never (a Vietnamese syllable of
four letters is one edit from dozens of others).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable

from hub.core.text import fold_vietnamese

FUZZY_MIN_LETTERS = 5
FUZZY_TWO_EDITS = 8


def fuzzy_distance(word: str) -> int:
    """The edit distance a one-word query may be off by: 0 (never fuzzy) below five
    letters, 1 for five to seven, 2 from eight."""
    if len(word) < FUZZY_MIN_LETTERS:
        return 0
    return 1 if len(word) < FUZZY_TWO_EDITS else 2


def suggestion_distance(word: str) -> int:
    """How far a correction of ``word`` may be: one edit, two from eight letters."""
    return 2 if len(word) >= FUZZY_TWO_EDITS else 1


@functools.cache
def accented_letters(letter: str) -> frozenset[str]:
    """Every lowercase letter that folds to ``letter`` ("d" -> "d", "đ"), itself too."""
    return frozenset({letter} | {chr(code) for code in range(0xC0, 0x1F00)
                                 if chr(code).islower() and fold_vietnamese(chr(code)) == letter})


def edit_distance(a: str, b: str, most: int) -> int:
    """Optimal string alignment distance of ``a`` and ``b`` (a swap costs one); any
    value above ``most`` is returned as ``most + 1``."""
    if abs(len(a) - len(b)) > most:
        return most + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > most:
            return most + 1
        previous2, previous = previous, current
    return min(previous[-1], most + 1)


def nearest(word: str, vocabulary: Iterable[tuple[str, int]]) -> str | None:
    """The term of ``vocabulary`` ((folded term, document frequency), most frequent
    first) nearest to ``word``: the fewest edits, then the same length (a swap or a
    wrong letter is likelier than a lost one), then the most documents."""
    most = suggestion_distance(word)
    best: tuple[int, int, int, str] | None = None
    for term, frequency in vocabulary:
        distance = edit_distance(word, term, most)
        rank = (distance, abs(len(term) - len(word)), -frequency)
        if distance <= most and (best is None or rank < best[:3]):
            best = (*rank, term)
    return best[3] if best else None


def likeliest(typed: str, vocabulary: Iterable[tuple[str, int]],
              forms: Callable[[str], dict[str, int]]) -> str | None:
    """The likeliest word meant by ``typed`` (one lowercase syllable as typed, not in
    the index), as the items write it, or None. Of the ``vocabulary``'s folded terms
    nearest to it (``nearest``'s distance), each written as the items write it
    (``forms``: accented form -> documents): typed with diacritics, the form nearest to
    what was typed — a Vietnamese syllable's marks tell "khyến" is "khuyến", not "khen",
    and "thưởg" is "thưởng", not "thường" — then the same length, then the most
    documents; typed without, the folded distance alone decides, then the most used
    form."""
    word = fold_vietnamese(typed)
    most = suggestion_distance(word)
    marked = typed != word  # typed with diacritics
    best: tuple[tuple[int, int, int, int], str] | None = None
    for term, frequency in vocabulary:
        distance = edit_distance(word, term, most)
        if distance > most:
            continue
        for form, count in (forms(term) or {term: frequency}).items():
            rank = (edit_distance(typed, form, most + 2) if marked else distance,
                    distance, abs(len(term) - len(word)), -count)
            if best is None or rank < best[0]:
                best = (rank, form)
    return best[1] if best else None


def correct(words: list[str], known: Callable[[str], bool],
            candidates: Callable[[str], Iterable[tuple[str, int]]]) -> list[str] | None:
    """``words`` (folded syllables) with each unknown one replaced by the nearest of
    its ``candidates`` (folded terms of the index and their document counts); None
    when none needed replacing or one has no near term."""
    out, changed = [], False
    for word in words:
        if known(word) or not word.isalpha():
            out.append(word)
            continue
        replacement = nearest(word, candidates(word))
        if replacement is None:
            return None
        out.append(replacement)
        changed = True
    return out if changed else None
