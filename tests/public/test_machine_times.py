"""Machines read the moments the pages show with their offset: every ``<time
datetime>`` with a time of day on the demo's public pages, the feeds' dates and the
API's timestamps are ISO 8601 (RFC 822 in RSS) in the portal's time zone, +07:00, to
the second; a date alone stays ``YYYY-MM-DD``. Every page announces the site's feed,
and a list with a feed of its own announces and links it."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from tests.browser.seed import COMMUNE_HOST, ENGLISH_HOST, PROVINCE_HOST, seed
from tests.factories import host_client

MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
RFC822 = re.compile(r"^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0700$")
SKIPPED = ("/quan-tri", "/dang-nhap", "/dang-xuat", "/tai-ve", "/rss.xml", "/api/",
           "/tep/", "/static/", "/hoi-dap/gui", "/tim-kiem")
MAX_PAGES = 80


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.times: list[str] = []
        self.links: list[str] = []
        self.feeds: list[dict[str, str | None]] = []
        self.feed_anchors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "time" and "datetime" in found:
            self.times.append(found["datetime"] or "")
        elif tag == "a" and found.get("href"):
            self.links.append(found["href"] or "")
            if found.get("type") == "application/rss+xml":
                self.feed_anchors.append(found["href"] or "")
        elif tag == "link" and found.get("type") == "application/rss+xml":
            self.feeds.append(found)


def _crawl(client: Any, start: list[str]) -> dict[str, _Page]:
    """The site's public pages reachable from ``start`` (same host, at most MAX_PAGES)."""
    seen: dict[str, _Page] = {}
    queue = list(start)
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        response = client.get(path)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        page = _Page()
        page.feed(response.text)
        seen[path] = page
        for href in page.links:
            href = href.split("#")[0]
            if href.startswith("/") and not href.startswith("//") \
                    and not any(part in href for part in SKIPPED):
                queue.append(href)
    return seen


@pytest.mark.slow
def test_every_page_time_feed_and_api_timestamp_has_its_offset(app):
    seeded = seed(app)
    article = seeded.province.first("article")[1]
    for host in (PROVINCE_HOST, COMMUNE_HOST, ENGLISH_HOST):
        client = host_client(app, host)
        start = ["/", "/tin-tuc", "/van-ban-quy-pham-phap-luat", "/van-ban-chi-dao-dieu-hanh",
                 "/lich-cong-tac", "/cong-khai", "/thu-tuc"]
        if host == PROVINCE_HOST:
            start.append(f"/tin-tuc/{article}/in")  # the print view
        pages = _crawl(client, start)
        assert len(pages) > 10, host
        moments = 0
        for path, page in pages.items():
            for value in page.times:
                assert MOMENT.match(value) or DAY.match(value), (host, path, value)
                moments += "T" in value
            if path.endswith("/in"):
                continue  # the print view is the item alone, without the layout
            # Every page announces the site's feed.
            assert any(feed["href"] == "/rss.xml" and feed.get("title")
                       for feed in page.feeds), (host, path)
        assert moments > 0, host
        if host == PROVINCE_HOST:
            assert f"/tin-tuc/{article}/in" in pages
            assert any("T" in value for value in pages[f"/tin-tuc/{article}/in"].times)
        _feeds_have_offsets(client)
        _api_has_offsets(client)


def test_lists_link_their_own_feed(app):
    seeded = seed(app)
    client = host_client(app, PROVINCE_HOST)
    category = seeded.province.categories[0][1]
    for path, feed in (("/tin-tuc", "/rss.xml"),
                       (f"/chuyen-muc/{category}", f"/chuyen-muc/{category}/rss.xml"),
                       ("/van-ban-quy-pham-phap-luat", "/van-ban-quy-pham-phap-luat/rss.xml"),
                       ("/van-ban-chi-dao-dieu-hanh", "/van-ban-chi-dao-dieu-hanh/rss.xml")):
        page = _Page()
        page.feed(client.get(path).text)
        assert feed in page.feed_anchors, path
        assert any(found["href"] == feed and found.get("title") for found in page.feeds)
        assert client.get(feed).status_code == 200, feed


def _feeds_have_offsets(client: Any) -> None:
    root = ET.fromstring(client.get("/rss.xml").data)  # noqa: S314 - our own output
    dates = [element.text or "" for element in root.iter()
             if element.tag in ("pubDate", "lastBuildDate")]
    assert dates and all(RFC822.match(value) for value in dates), dates
    sitemap = ET.fromstring(client.get("/sitemap.xml").data)  # noqa: S314 - our own output
    modified = [element.text or "" for element in sitemap.iter()
                if element.tag.endswith("lastmod")]
    assert modified and all(MOMENT.match(value) for value in modified), modified


def _timestamps(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in (
            [item] if isinstance(item, str) and (key.endswith("_at") or key == "last_updated")
            else _timestamps(item))]
    if isinstance(value, list):
        return [found for item in value for found in _timestamps(item)]
    return []


def _api_has_offsets(client: Any) -> None:
    found: list[str] = []
    for path in ("/api/v1/articles", "/api/v1/legal-documents", "/api/v1/structure"):
        answer = client.get(path).get_json()
        found += _timestamps(answer)
        for entry in answer["data"][:2] if isinstance(answer["data"], list) else []:
            found += _timestamps(client.get(entry["api_url"]).get_json())
    assert found and all(MOMENT.match(value) for value in found), found
