"""How an item is laid out in the tantivy index: the schema and the document of a
``SearchDocument``.

Text is analysed in Python (``search.analysis``) and handed to tantivy already split
into syllables, with its whitespace tokenizer: the exact field holds lowercase NFC
syllables, the folded field the same syllables folded by the project's one folding
function. Title, summary, body and the attached files' text are also indexed together,
folded, in ``text_fold``: that one list decides what a word matches (``query``), and
each two neighbouring folded syllables of each as one term (``pairs_fold``,
``analysis.pairs``): what tells the words a citizen typed from the same syllables
scattered, at the cost of one short posting list per pair typed. The files weigh
least, so an item found only through its files ranks below one whose own text holds
the words. What a hit shows is stored apart, as one JSON value
(``DISPLAY``, with each file's name and text), never indexed.

Copies of one document on several sites carry their shared ``copy_key`` and the
sites whose search shows another copy (``tails``, ``search.collapse``).

Every document is known by one integer ``id`` (what a write replaces or deletes): an
item's id, or a question's id negated (``numeric_id``). Items keep the ids they always
had, so adding questions changed neither the schema nor any index already built.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import tantivy

from search import analysis
from search.collapse import tails_of
from search.types import SearchDocument, parse_key

SCHEMA_VERSION = "5"  # the last change: neighbouring syllables as pairs (``pairs_fold``)
TEXT_FIELDS = {"title": 4.0, "summary": 2.0, "body": 1.0, "files": 0.2}  # field -> weight
# Between title, summary and body in ``text_fold`` (what decides a match): never a
# query syllable, so a phrase cannot match across the end of one and the next's start.
PART_BREAK = "¶"
KEYWORDS = ("type", "locale", "document_type", "issuer", "field", "number_key", "copy_key")
# What a hit shows, stored together as one JSON value and never indexed: indexing the
# body whole as one term made tantivy spend four fifths of a build on a term nobody
# searches for.
DISPLAY = ("url", "site_name", "site_host", "title", "summary", "body_text")


def build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_integer_field("id", stored=True, indexed=True, fast=True)
    sb.add_integer_field("tenant_id", stored=True, indexed=True, fast=True)
    sb.add_integer_field("ancestors", indexed=True, fast=False)  # one value per ancestor
    # The sites whose search shows another copy of this document (``collapse.tails_of``).
    sb.add_integer_field("tails", indexed=True, fast=False)
    sb.add_integer_field("copies", stored=True)
    sb.add_integer_field("year", indexed=True, fast=True)
    sb.add_date_field("published_at", stored=True, indexed=True, fast=True)
    for name in KEYWORDS:
        sb.add_text_field(name, tokenizer_name="raw", stored=True, fast=True)
    sb.add_text_field("number_parts", tokenizer_name="raw")
    sb.add_text_field("tenant_path", tokenizer_name="raw", stored=True)
    sb.add_bytes_field("display", stored=True)
    for name in TEXT_FIELDS:
        sb.add_text_field(f"{name}_exact", tokenizer_name="whitespace")
        sb.add_text_field(f"{name}_fold", tokenizer_name="whitespace")
    sb.add_text_field("text_fold", tokenizer_name="whitespace")
    # Scored by term frequency alone: a pair is one term, it needs no positions.
    sb.add_text_field("pairs_fold", tokenizer_name="whitespace", index_option="freq")
    return sb.build()


def numeric_id(key: int | str) -> int:
    """The ``id`` in this index of a document key (``search.types.document_key``):
    an item's own id, a question's negated."""
    source, source_id = parse_key(key)
    return source_id if source == "item" else -source_id


# What a document is made of, as plain values a worker process can hand back:
# (kind of value, field, value), kind naming ``tantivy.Document``'s adder.
Fields = list[tuple[str, str, Any]]
_ADD = {"integer": tantivy.Document.add_integer, "text": tantivy.Document.add_text,
        "date": tantivy.Document.add_date, "bytes": tantivy.Document.add_bytes}


def fields_of(doc: SearchDocument) -> Fields:
    """The values ``doc`` is indexed with: its text analysed (``analysis.index_texts``)
    — nearly all the cost of indexing an item in Python — and what a hit shows."""
    out: Fields = [("integer", "id", numeric_id(doc.doc_id)),
                   ("integer", "tenant_id", doc.tenant_id)]
    out += [("integer", "ancestors", int(part))
            for part in doc.tenant_path.strip("/").split("/") if part.isdigit()]
    out += [("integer", "tails", site) for site in sorted(tails_of(doc))]
    out += [("integer", "copies", doc.copies), ("integer", "year", doc.year),
            ("date", "published_at", _utc(doc.published_at))]
    out += [("text", name, getattr(doc, name) or "") for name in KEYWORDS]
    out += [("text", "number_parts", part) for part in analysis.number_prefixes(doc.number_key)]
    out.append(("text", "tenant_path", doc.tenant_path))
    shown = {name: getattr(doc, name) or "" for name in DISPLAY}
    shown["files"] = [list(file) for file in doc.files]
    out.append(("bytes", "display", json.dumps(shown, ensure_ascii=False).encode()))
    texts = {"title": doc.title + " " + doc.document_number, "summary": doc.summary,
             "body": doc.body_text,
             "files": f" {PART_BREAK} ".join(text for _name, text in doc.files)}
    every_folded, every_pair = [], []
    for name, text in texts.items():
        exact, folded = analysis.index_texts(text)
        out += [("text", f"{name}_exact", exact), ("text", f"{name}_fold", folded)]
        every_folded.append(folded)
        every_pair += analysis.pairs(folded.split())
    out.append(("text", "text_fold", f" {PART_BREAK} ".join(every_folded)))
    out.append(("text", "pairs_fold", " ".join(every_pair)))
    return out


def document_of(fields: Fields) -> tantivy.Document:
    d = tantivy.Document()
    for kind, name, value in fields:
        _ADD[kind](d, name, value)
    return d


def to_tantivy(doc: SearchDocument) -> tantivy.Document:
    return document_of(fields_of(doc))


def _utc(value: datetime) -> datetime:
    return (value.replace(tzinfo=UTC) if value.tzinfo is None else value).astimezone(UTC)
