"""What a hit shows: its stored fields read back, and a snippet of its text around
the first match with every matching syllable, exact or folded, in ``<mark>`` — from
the summary or the body, or, when an attached file holds more of the words, from that
file, whose name the hit then carries."""

from __future__ import annotations

import html
import json
from typing import Any

import tantivy

from search import analysis
from search.types import Hit


def stored_fields(stored: tantivy.Document) -> tuple[dict[str, Any], dict[str, str]]:
    """The stored fields of a hit (first value of each) and what it shows."""
    data = {name: values[0] for name, values in stored.to_dict().items() if values}
    display = json.loads(bytes(data.pop("display", b"{}")))
    return data, display


def hit_of(stored: tantivy.Document, words: list[str], score: float) -> Hit:
    data, shown = stored_fields(stored)
    body = shown.get("body_text", "")
    text = shown.get("summary") or body
    if words and body and not _contains_any(text, words):
        text = body
    file_name = ""
    if words:
        # An attached file holding more of the words than the item's own text gives
        # the snippet, and the hit names it.
        most = _coverage(" ".join((shown.get("title", ""), text)), words)
        for name, file_text in shown.get("files", []):
            found = _coverage(file_text, words)
            if found > most:
                text, file_name, most = file_text, name, found
    # A question's id is stored negated (``schema.numeric_id``); its type tells it apart.
    return Hit(item_id=abs(int(data["id"])), title=shown.get("title", ""), url=shown.get("url", ""),
               site_name=shown.get("site_name", ""), site_host=shown.get("site_host", ""),
               type=data.get("type", ""), snippet=snippet(text, words),
               published_at=data.get("published_at", ""), score=score,
               file_name=file_name, tenant_id=int(data.get("tenant_id", 0)),
               tenant_path=data.get("tenant_path", ""), copy_key=data.get("copy_key", ""),
               copies=int(data.get("copies", 1)))


def _contains_any(text: str, words: list[str]) -> bool:
    return _coverage(text, words) > 0


def _coverage(text: str, words: list[str]) -> int:
    """How many of the (folded) ``words`` ``text`` holds. Each syllable is folded
    through the memo (``analysis.folded``): a hit's files hold thousands of them."""
    return len(set(analysis.folded(words)) & set(analysis.folded(analysis.syllables(text))))


def snippet(text: str, words: list[str], length: int = 240) -> str:
    """An HTML excerpt of ``text`` around the first match, every matching syllable
    (exact or folded) in ``<mark>``; everything else escaped."""
    text = analysis.normalise(text)
    wanted = set(analysis.folded(words))
    found = list(analysis._WORD.finditer(text))
    matches = [m for m, folded in zip(found, analysis.folded([m.group(0) for m in found]),
                                      strict=True) if folded in wanted]
    start = 0
    if matches and matches[0].start() > length // 3:
        start = text.rfind(" ", 0, matches[0].start() - length // 3) + 1
    end = min(len(text), start + length)
    if end < len(text):
        end = max(text.rfind(" ", start, end), start + 1)
    out, cursor = [], start
    for m in matches:
        if m.start() < start or m.end() > end:
            continue
        out.append(html.escape(text[cursor:m.start()]))
        out.append(f"<mark>{html.escape(m.group(0))}</mark>")
        cursor = m.end()
    out.append(html.escape(text[cursor:end]))
    return ("… " if start else "") + "".join(out) + (" …" if end < len(text) else "")
