"""Nothing Vietnamese on the demo's English host, except personal names and quoted
titles (003 Article 7; the English portal and the translation workflow).

A crawler starts at ``/`` of ``english.langson.localhost`` after ``flask demo seed``
and follows every link of that host it finds — in pages, feeds, the sitemap and the
open-data API's answers (whose index links every endpoint) — and reads every page's
visible text and the attributes a reader meets (``alt``, ``title``, ``aria-label``,
``placeholder``, the description). A word with a Vietnamese letter (ă â đ ê ô ơ ư or a
tone mark) is allowed only in:

- the names of the people of the site's English directory, which are written as their
  holders write them ("Hồ Tiến Thiệu"), read from the directory itself;
- the name of the Vietnamese language in itself on the language switch ("Tiếng Việt");
- a title quoted in curly quotes (“…”), and the number and symbol of a legal document
  or licence, which is its name ("Decree 13/2023/NĐ-CP");
- what the open-data API marks as written in another language (the title of an item's
  Vietnamese version in its ``translations``, with ``"locale": "vi"``).

Site names are not allowed: the English host names every unit in English or without
diacritics (``Tenant.name_in``).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import parse_qs, urldefrag, urljoin, urlsplit
from xml.etree import ElementTree as ET

import pytest
from sqlalchemy import select

from hub.directory.models import Person
from hub.extensions import db
from hub.public.layout import LANGUAGE_NAMES
from tenants.context import tenant_scope, unscoped
from tenants.models import Domain, Tenant
from tests.factories import host_client
from tests.search.conftest import drain_all, search_backend

__all__ = ["search_backend"]

HOST = "english.langson.localhost"
ROOTS = ("/", "/rss.xml", "/sitemap.xml", "/api/v1", "/tim-kiem?q=Lang+Son",
         "/tim-kiem?q=conference", "/api/v1/search?q=Lang+Son&scope=all")
MAX_PAGES = 800
VARIANTS = 4  # addresses read of each shape (path and parameter names)
ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
# Not pages to read: files, staff's area, actions.
SKIPPED = re.compile(r"^/(quan-tri|tep|static|dang-xuat)(/|$)|/(luu-tru)$")
QUOTED = re.compile(r"“[^”]*”|\d+(?:/\d{4})?/[A-ZĐ][A-ZĐ0-9&-]*")
VIETNAMESE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323",  # tones
                    "\u0306", "\u0302", "\u031b"}                        # ă â ơ ư


def vietnamese_words(text: str) -> list[str]:
    """The words of ``text`` written with a Vietnamese letter."""
    def is_vietnamese(char: str) -> bool:
        return char in "đĐ" or any(mark in VIETNAMESE_MARKS
                                   for mark in unicodedata.normalize("NFD", char)[1:])
    return [word for word in text.split() if any(is_vietnamese(char) for char in word)]


class _Page(HTMLParser):
    """The visible text, the attributes readers meet and the links of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "style"):
            self._hidden += 1
        if tag in ("a", "link") and values.get("href"):
            if tag == "a" or values.get("rel") in ("alternate", "next", "prev"):
                if not values.get("hreflang") or values.get("hreflang") == "en":
                    self.links.append(str(values["href"]))
        self.texts += [str(values[name]) for name in ATTRIBUTES if values.get(name)]
        if tag == "meta" and values.get("name") == "description":
            self.texts.append(str(values.get("content") or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.texts.append(data)


def _json_strings(value: object) -> list[str]:
    if isinstance(value, dict):
        if value.get("locale", "en") != "en":
            return []
        return [text for item in value.values() for text in _json_strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _json_strings(item)]
    return [value] if isinstance(value, str) else []


def read(content_type: str, body: str) -> tuple[list[str], list[str]]:
    """(texts, links) of one answer, by its type."""
    if "json" in content_type:
        strings = _json_strings(json.loads(body))
        return strings, [s for s in strings if s.startswith(f"http://{HOST}/")]
    if "xml" in content_type:
        root = ET.fromstring(body.encode())  # noqa: S314 - the app's own feed
        texts = [text for element in root.iter() for text in (element.text, element.tail)
                 if text and text.strip()]
        links = [str(element.text) for element in root.iter()
                 if element.tag.endswith(("}loc", "link")) and element.text]
        return texts, links
    page = _Page()
    page.feed(body)
    return page.texts, page.links


def _same_host(base: str, href: str) -> str | None:
    url = urldefrag(urljoin(base, href))[0]
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.hostname != HOST:
        return None
    path = parts.path or "/"
    if SKIPPED.search(path):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def _shape(address: str) -> tuple[str, frozenset[str]]:
    """An address's path and the names of its parameters: the pages of one list with
    other filters, sorts or page numbers have the same shape."""
    parts = urlsplit(address)
    return parts.path, frozenset(parse_qs(parts.query, keep_blank_values=True))


def crawl(client, allowed: list[str]) -> tuple[dict[str, list[str]], set[str]]:  # type: ignore[no-untyped-def]
    """Every page reached from the roots: (Vietnamese words found by address, addresses).
    Of the addresses of one shape only the first few are read: the same list with every
    combination of its filters adds no other words."""
    queue, seen, found = list(ROOTS), set(ROOTS), {}
    shapes: Counter[tuple[str, frozenset[str]]] = Counter(_shape(root) for root in ROOTS)

    def follow(target: str | None) -> None:
        if target and target not in seen and shapes[_shape(target)] < VARIANTS:
            shapes[_shape(target)] += 1
            seen.add(target)
            queue.append(target)

    while queue and len(seen) < MAX_PAGES:
        address = queue.pop(0)
        response = client.get(address)
        if response.status_code in (301, 302, 303, 307, 308):
            follow(_same_host(f"http://{HOST}{address}", response.headers["Location"]))
            continue
        assert response.status_code == 200, (address, response.status_code)
        texts, links = read(response.content_type, response.get_data(as_text=True))
        words = []
        for text in texts:
            text = QUOTED.sub(" ", text)
            for name in allowed:
                text = text.replace(name, " ")
            words += vietnamese_words(text)
        if words:
            found[address] = words
        for href in links:
            follow(_same_host(f"http://{HOST}{address}", href))
    return found, seen


def english_directory_names(app) -> list[str]:  # type: ignore[no-untyped-def]
    """The people of the English host's directory, longest first (a name inside a
    longer one is taken out after it)."""
    with app.app_context():
        with unscoped():
            site_id = db.session.scalar(select(Tenant.id).join(Domain)
                                        .where(Domain.hostname == HOST))
        with tenant_scope(site_id):
            names = db.session.scalars(select(Person.name).where(Person.locale == "en"))
            return sorted(set(names), key=len, reverse=True)


@pytest.mark.slow  # the whole demo, seeded and crawled: about a minute
def test_the_english_host_shows_nothing_vietnamese_but_names(app, search_backend):
    result = app.test_cli_runner().invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    drain_all(app, search_backend)
    names = english_directory_names(app)
    assert names, "the English host's directory lists nobody (003 Article 7.1)"

    found, seen = crawl(host_client(app, HOST), [*names, LANGUAGE_NAMES["vi"]])

    assert not found, "\n".join(f"{address}: {' '.join(dict.fromkeys(words))}"
                                 for address, words in found.items())
    # The crawl reached the pages 003 Article 7.1 asks for, the news, the feeds and the
    # open data, and was not cut short.
    assert len(seen) < MAX_PAGES, sorted(seen)
    for address in ("/lanh-dao", "/danh-ba", "/co-cau-to-chuc", "/gioi-thieu",
                    "/gioi-thieu/organisation", "/gioi-thieu/functions-duties-and-powers",
                    "/thu-tuc"):
        assert address in seen, address
    assert any(address.startswith("/api/v1/") for address in seen)


def test_the_detector_finds_vietnamese_letters_only():
    assert vietnamese_words("Xã Tân Đoàn, Lang Son Province") == ["Xã", "Tân", "Đoàn,"]
    assert vietnamese_words("Luong Van Tri Ward, No. 2 Hoang Van Thu Street") == []
    assert vietnamese_words("đ ư ơ ô ê â ă ạ") == ["đ", "ư", "ơ", "ô", "ê", "â", "ă", "ạ"]
