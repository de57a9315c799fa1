"""RSS 2.0 feeds, sitemap.xml with hreflang alternates, robots.txt."""

from __future__ import annotations

from email.utils import parsedate_to_datetime
from xml.etree import ElementTree as ET

from tests.api.content import A_HOST, B_HOST, EN_HOST, PUBLISH, VI_HOST, make_item, staff
from tests.factories import host_client

ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def parse(response) -> ET.Element:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.text
    return ET.fromstring(response.data)  # noqa: S314 - our own output, under test


def test_site_feed_is_rss_with_the_public_items(app, world):
    response = host_client(app, A_HOST).get("/rss.xml")
    assert response.mimetype == "application/rss+xml"
    root = parse(response)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel.findtext("title") == "Sở Khoa học và Công nghệ"
    assert channel.find(f"{ATOM}link").get("href") == f"http://{A_HOST}/rss.xml"
    items = channel.findall("item")
    titles = [item.findtext("title") for item in items]
    # News, legal documents and disclosures; never a draft, a take-down or site B's.
    assert sorted(titles) == sorted([
        "Hội nghị tổng kết <khoa học> & công nghệ",
        "Quyết định ban hành Quy chế quản lý Cổng thông tin điện tử",
        "Công khai dự toán ngân sách năm 2026"])
    article = next(i for i in items if i.findtext("title").startswith("Hội nghị"))
    link = article.findtext("link")
    assert link.startswith(f"http://{A_HOST}/tin-tuc/")
    assert article.findtext("guid") == link
    assert article.findtext("description") == "Sáng 20/11 &quot;hội nghị&quot; diễn ra."
    assert parsedate_to_datetime(article.findtext("pubDate")).tzinfo is not None
    assert article.findtext("{http://purl.org/dc/elements/1.1/}creator")
    assert "&lt;khoa học&gt; &amp; công nghệ" in response.text

    # The feed of a category (and its sub-categories), on its own site only.
    client = host_client(app, A_HOST)
    root = parse(client.get("/chuyen-muc/tin-hoat-dong/rss.xml"))
    assert [i.findtext("title") for i in root.iter("item")] == [
        "Hội nghị tổng kết <khoa học> & công nghệ"]
    assert client.get("/chuyen-muc/khong-co/rss.xml").status_code == 404
    assert host_client(app, B_HOST).get("/chuyen-muc/tin-hoat-dong/rss.xml"
                                        ).status_code == 404


def test_a_summary_is_text_in_readers_that_render_the_description_as_html(app, province):
    # A summary is plain text (``clean_text`` keeps angle brackets: they are text), and
    # RSS readers render <description> as HTML: once the XML is parsed, what a reader
    # gets must be the summary escaped for HTML, never live tags.
    editor, approver = staff(app, province)
    summary = 'Xem <script>alert(1)</script> và <img src=x onerror="alert(2)"> & "ảnh"'
    make_item(app, province, editor, title="Tin có ký tự đặc biệt", summary=summary,
              steps=PUBLISH, approver_email=approver)
    item = parse(host_client(app, VI_HOST).get("/rss.xml")).find("channel/item")
    description = item.findtext("description")
    assert description == ("Xem &lt;script&gt;alert(1)&lt;/script&gt; và "
                           "&lt;img src=x onerror=&quot;alert(2)&quot;&gt; "
                           "&amp; &quot;ảnh&quot;")
    assert "<script" not in description and "<img" not in description
    # The title stays plain text (RSS 2.0 does not make it HTML): escaped for XML only.
    assert item.findtext("title") == "Tin có ký tự đặc biệt"


def test_sitemap_lists_public_items_with_hreflang_alternates(app, world):
    root = parse(host_client(app, VI_HOST).get("/sitemap.xml"))
    urls = {u.findtext(f"{SM}loc"): u for u in root.findall(f"{SM}url")}
    article = urls["http://langson.localhost/tin-tuc/lang-son-don-khach"]
    alternates = {link.get("hreflang"): link.get("href")
                  for link in article.findall(f"{XHTML}link")}
    assert alternates == {
        "vi": "http://langson.localhost/tin-tuc/lang-son-don-khach",
        "en": f"http://{EN_HOST}/tin-tuc/lang-son-welcomes-guests"}
    assert article.findtext(f"{SM}lastmod")
    english = parse(host_client(app, EN_HOST).get("/sitemap.xml"))
    locs = [u.findtext(f"{SM}loc") for u in english.findall(f"{SM}url")]
    assert f"http://{EN_HOST}/tin-tuc/lang-son-welcomes-guests" in locs
    assert not any("unpublished" in loc for loc in locs)

    a_locs = [u.findtext(f"{SM}loc")
              for u in parse(host_client(app, A_HOST).get("/sitemap.xml")).iter(f"{SM}url")]
    assert len(a_locs) == 1 + len(world.public)  # home + one per public item
    assert all(loc.startswith(f"http://{A_HOST}/") for loc in a_locs)
    assert not [loc for loc in a_locs if "ban-nhap" in loc or "vi-pham" in loc]


def test_robots_txt(app, province):
    response = host_client(app, VI_HOST).get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    lines = response.text.splitlines()
    assert "User-agent: *" in lines and "Allow: /" in lines
    assert "Disallow: /quan-tri/" in lines and "Disallow: /dang-nhap" in lines
    assert f"Sitemap: http://{VI_HOST}/sitemap.xml" in lines


def test_feeds_refuse_overlong_query_strings(app, province):
    response = host_client(app, VI_HOST).get("/rss.xml?x=" + "a" * 2000)
    assert response.status_code == 400
