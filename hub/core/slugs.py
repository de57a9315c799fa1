"""The one slug function of the portal: addresses made from Vietnamese titles and names.

"Tin tức - Sự kiện" -> ``tin-tuc-su-kien``; "Đường Đình Lập" -> ``duong-dinh-lap``.
It folds with ``hub.core.text.fold_vietnamese``, the same folding domain labels and
search use, so a slug, a host label and a search term agree on ``đ`` -> ``d``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from hub.core.text import fold_vietnamese

MAX_SLUG_LENGTH = 200  # the width of the slug columns
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(text: str, max_length: int = MAX_SLUG_LENGTH) -> str:
    """Lowercase ASCII words joined by hyphens; "" when ``text`` has no letter or digit.

    A slug cut to ``max_length`` ends at a word boundary when one is near, so an
    address never ends in half a syllable.
    """
    slug = _NOT_SLUG.sub("-", fold_vietnamese(text or "")).strip("-")
    if len(slug) <= max_length:
        return slug
    cut = slug[:max_length]
    boundary = cut.rfind("-")
    if boundary >= max_length // 2:
        cut = cut[:boundary]
    return cut.strip("-")


def is_slug(text: str) -> bool:
    """Is ``text`` already a slug (what ``slugify`` would give for itself)?"""
    return bool(_SLUG.match(text or "")) and len(text) <= MAX_SLUG_LENGTH


def unique_slug(text: str, taken: Callable[[str], bool], *, fallback: str = "muc",
                max_length: int = MAX_SLUG_LENGTH) -> str:
    """``slugify(text)``, with ``-2``, ``-3`` ... appended while ``taken(slug)`` is true.

    ``fallback`` is used when the text gives no slug at all (a title of punctuation).
    """
    base = slugify(text, max_length) or fallback
    candidate, number = base, 1
    while taken(candidate):
        number += 1
        suffix = f"-{number}"
        candidate = base[:max_length - len(suffix)].rstrip("-") + suffix
    return candidate
