"""Vietnamese text analysis shared by every backend: NFC, syllables, folding, document
numbers, and parsing what a citizen typed into a safe query.

The index and the query go through the same functions, so a word typed with or without
its diacritics finds the same items. Folding is ``hub.core.text.fold_vietnamese`` (the
project's one folding function: ``đ`` -> ``d``, tone marks dropped); nothing here folds
on its own.

Query parsing never hands the citizen's text to an engine's query language: it keeps
words (letters and digits), quoted phrases and document numbers, and drops every other
character, so ``"``, ``*``, ``NEAR``, ``(``, ``:``, ``-``, ``AND``/``OR`` can never
produce an engine syntax error.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from dataclasses import dataclass, field

from hub.core.text import fold_vietnamese
from search.types import MAX_QUERY_LENGTH

fold = fold_vietnamese

# A syllable: a run of letters/digits (Unicode word characters without "_").
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# A document number: digits, then "/" parts ("40/2024", "40/2024/QĐ-UBND",
# "15/2020/NĐ-CP"), or a procedure code such as "1.009994".
_NUMBER = re.compile(r"\b\d+(?:/[^\W_][\w.\-]*)+|\b\d+(?:\.\d+)+\b", re.UNICODE)
# Engine operators a citizen may type by habit: never operators here, and never worth
# searching for on their own.
OPERATORS = frozenset({"and", "or", "not", "near"})
# Number keys: lowercase, folded, no spaces, only letters, digits and / . -
_NUMBER_JUNK = re.compile(r"[^a-z0-9/.\-]")


def normalise(text: str) -> str:
    """NFC, with runs of whitespace and control characters made one space."""
    text = " ".join(unicodedata.normalize("NFC", text or "").split())
    if not text.isprintable():  # control or format characters left once lines are joined
        text = " ".join("".join(" " if unicodedata.category(ch)[0] == "C" else ch
                                for ch in text).split())
    return text


def syllables(text: str) -> list[str]:
    """The lowercase NFC syllables of ``text`` (the exact tokens)."""
    return _WORD.findall(normalise(text).lower())


# Folding one syllable at a time through a memo: a language has a few thousand
# syllables, so indexing folds each of them once instead of every text in full.
_fold_syllable = functools.lru_cache(maxsize=1 << 16)(fold)


def folded(tokens: list[str]) -> list[str]:
    """The folded form of each syllable (``fold`` of each, memoised)."""
    return list(map(_fold_syllable, tokens))


def index_texts(text: str) -> tuple[str, str]:
    """The text of ``text`` for the index's exact field and for its folded field: its
    syllables, then the same syllables folded, each separated by spaces.

    The syllables of ``syllables`` without ``normalise``'s spacing, which they do not
    need (control characters and whitespace separate syllables alike): indexing reads
    every attached file's text through here."""
    tokens = _WORD.findall(unicodedata.normalize("NFC", text or "").lower())
    return " ".join(tokens), " ".join(folded(tokens))


def pairs(folded_tokens: list[str]) -> list[str]:
    """Each two neighbouring folded syllables as one term: "bang gia dat" ->
    "bang_gia gia_dat". Vietnamese writes a word as syllables (bảng giá, giá đất), so
    an item holding the pairs a citizen typed holds the words meant, not syllables of
    other words scattered through it (bằng … gia đình … đất đai)."""
    return [f"{first}_{second}" for first, second in itertools.pairwise(folded_tokens)]


def number_key(number: str) -> str:
    """The key of a document number: "40/2024/QĐ-UBND" -> "40/2024/qd-ubnd"."""
    return _NUMBER_JUNK.sub("", fold(normalise(number)).replace(" ", ""))


def number_prefixes(key: str) -> list[str]:
    """Every "/"-prefix of a number key, so "40/2024" finds "40/2024/qd-ubnd"."""
    parts = [p for p in key.split("/")]
    return ["/".join(parts[: i + 1]) for i in range(len(parts)) if parts[i]] if key else []


def looks_like_number(text: str) -> bool:
    """True when ``text`` is a document number or its start ("40/2024")."""
    return bool(_NUMBER.fullmatch(normalise(text)))


@dataclass(frozen=True)
class ParsedQuery:
    """What a query means: loose words, exact phrases, document numbers."""
    words: tuple[str, ...] = ()               # exact syllables (lowercase NFC)
    phrases: tuple[tuple[str, ...], ...] = ()  # each a sequence of exact syllables
    numbers: tuple[str, ...] = ()             # number keys ("40/2024/qd-ubnd")
    extras: dict[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.words or self.phrases or self.numbers)

    def all_words(self) -> list[str]:
        """Every syllable asked for (for highlighting)."""
        out = list(self.words)
        for phrase in self.phrases:
            out.extend(phrase)
        return out


def clean_query(text: str | None) -> tuple[str, bool]:
    """``text`` normalised and cut to ``MAX_QUERY_LENGTH``; True when it was cut."""
    text = normalise(text or "")
    if len(text) > MAX_QUERY_LENGTH:
        return text[:MAX_QUERY_LENGTH].rstrip(), True
    return text, False


def parse_query(text: str) -> ParsedQuery:
    """Parse a citizen's query: "quoted phrases", document numbers, then words.

    Operators and punctuation are not syntax: they are dropped (``AND``/``OR``/``NEAR``
    alone, ``*``, ``(``, ``:``, a leading ``-``), so any input gives a valid query.
    """
    text = normalise(text)
    phrases: list[tuple[str, ...]] = []
    numbers: list[str] = []

    def take_phrase(match: re.Match[str]) -> str:
        tokens = tuple(syllables(match.group(1)))
        if len(tokens) > 1:
            phrases.append(tokens)
        elif tokens:
            return f" {tokens[0]} "
        return " "

    # Straight and typographic quotes; an unpaired quote is just dropped below.
    text = re.sub(r'["“”]([^"“”]*)["“”]', take_phrase, text)

    def take_number(match: re.Match[str]) -> str:
        key = number_key(match.group(0))
        if key and key not in numbers:
            numbers.append(key)
        return " "

    rest = _NUMBER.sub(take_number, text)
    words: list[str] = []
    for token in syllables(rest):
        if token in OPERATORS:  # typed by habit; never an operator here
            continue
        if token not in words:
            words.append(token)
    return ParsedQuery(words=tuple(words[:32]), phrases=tuple(phrases[:8]),
                       numbers=tuple(numbers[:4]))
