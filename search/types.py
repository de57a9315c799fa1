"""What goes into the index and what comes out of it: the contract of every backend.

A ``SearchDocument`` is one published item, or one published question and its answer,
as the index sees it; a ``SearchQuery`` is a citizen's search already parsed and
validated; ``SearchResults`` is what a backend answers. Backends (``search.backends``)
translate these to their engine and back, so the controllers, the API and the behaviour
tests are the same for every backend.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

from hub.core.clock import site_timezone

Scope = Literal["site", "subtree", "all"]  # this site / this site and sub-sites / all
Sort = Literal["relevance", "date"]
# Where a document comes from: a content item, or a citizen's question (Hỏi – Đáp).
# Each source has its own ids, so a document is known by its source and its id.
Source = Literal["item", "question"]
SOURCES: tuple[Source, ...] = ("item", "question")
QUESTION = "question"  # the ``type`` of question documents (beside ContentType values)

# Facets every backend computes when asked (name -> document field).
FACETS = ("type", "site", "document_type", "issuer", "field", "year")


def document_key(source: str, source_id: int) -> str:
    """The id of a document in the index: an item's id as it always was ("42"), a
    question's prefixed with its source ("question:42"), so the two never collide."""
    return str(source_id) if source == "item" else f"{source}:{source_id}"


def parse_key(key: int | str) -> tuple[str, int]:
    """(source, id) of a document key (``document_key``); a bare number is an item."""
    text = str(key)
    source, _colon, number = text.rpartition(":")
    return (source or "item"), int(number)


@dataclass(frozen=True)
class SearchDocument:
    item_id: int              # the id in its source's table (an item's, a question's)
    tenant_id: int
    tenant_path: str          # "/1/7/42/": ancestors then self, for the subtree scope
    site_name: str
    site_host: str            # primary host of the item's locale, for the hit's link
    url: str                  # absolute URL of the item on its site
    type: str                 # ContentType value
    locale: str
    title: str
    summary: str
    body_text: str            # the body as plain text (tags stripped)
    published_at: datetime
    category: str = ""
    document_type: str = ""   # LegalDocumentType value
    issuer: str = ""
    field: str = ""           # lĩnh vực (legal documents, procedures)
    document_number: str = ""  # "40/2024/QĐ-UBND" or a procedure code
    number_key: str = ""      # folded document number ("40/2024/qd-ubnd")
    source: Source = "item"
    # (file name, text) of each readable attached file: found, ranked below the rest.
    files: tuple[tuple[str, str], ...] = ()
    # Copies of one document on several sites (``search.collapse``): the key they
    # share ("" for none), the sites whose subtree this copy heads, the group's size.
    copy_key: str = ""
    heads: tuple[int, ...] = ()
    copies: int = 1

    @property
    def doc_id(self) -> str:
        return document_key(self.source, self.item_id)

    @property
    def year(self) -> int:
        """The year of publication in Viet Nam (the year facet): an item published at
        03:00 on 1 January in Lạng Sơn belongs to the new year, not to UTC's old one."""
        published = self.published_at
        if published.tzinfo is None:
            published = published.replace(tzinfo=UTC)
        return published.astimezone(site_timezone()).year


@dataclass(frozen=True)
class SearchQuery:
    text: str                              # NFC, trimmed, at most MAX_QUERY_LENGTH chars
    locale: str = "vi"
    scope: Scope = "all"
    tenant_id: int | None = None           # the site the search is made from
    tenant_path: str | None = None         # its path, for "subtree"
    types: tuple[str, ...] = ()
    site_ids: tuple[int, ...] = ()
    fields: tuple[str, ...] = ()           # category / field filter
    document_types: tuple[str, ...] = ()
    issuers: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    sort: Sort = "relevance"
    page: int = 1
    per_page: int = 10
    want_facets: bool = True
    # Every copy of one document (``search.collapse``), not one result per document.
    copies_of: str = ""

    def published_between(self) -> tuple[datetime | None, datetime | None]:
        """``date_from`` and ``date_to`` as instants in UTC: from the start of the first
        day to the start of the day after the last (excluded). The days are Viet Nam's,
        as on every page and in ``/api/v1``."""
        zone = site_timezone()

        def start(day: date) -> datetime:
            return datetime.combine(day, time.min, zone).astimezone(UTC)

        return (start(self.date_from) if self.date_from else None,
                start(self.date_to + timedelta(days=1)) if self.date_to else None)


@dataclass(frozen=True)
class Hit:
    item_id: int
    title: str
    url: str
    site_name: str
    site_host: str
    type: str
    snippet: str              # HTML: escaped text with <mark> around matches
    published_at: datetime
    score: float = 0.0
    file_name: str = ""       # the attached file the snippet is from, when it is
    tenant_id: int = 0
    tenant_path: str = ""
    copy_key: str = ""        # shared with its copies on other sites ("" for none)
    copies: int = 1           # how many sites publish this document


@dataclass(frozen=True)
class SearchResults:
    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    # "Did you mean": the query with its misspelt syllables corrected, given only when
    # the query found nothing and the corrected one finds something.
    suggestion: str = ""


@dataclass(frozen=True)
class Suggestion:
    title: str
    url: str


MAX_QUERY_LENGTH = 200


def file_holding(fragment: str, files: list[tuple[str, str]] | tuple[tuple[str, str], ...]
                 ) -> str:
    """The name of the file whose text holds ``fragment`` (a snippet's plain text,
    without its ellipses), or the first file's name."""
    needle = fragment.strip(" …")
    for name, text in files:
        if needle and needle in text:
            return name
    return files[0][0] if files else ""
