"""The layout of Circular 22/2023 on every site: emblem, name, search box, menu, footer
facts; the province lists its component sites by kind (``/don-vi``); sub-sites link
back; the English host shows only English published items, with a switch to the counterpart page."""

from __future__ import annotations

import re

from hub.core.clock import local_today
from hub.extensions import db
from tenants.context import tenant_scope
from tests.public.conftest import (
    A_HOST,
    B_HOST,
    ENGLISH,
    PROVINCE,
    client_for,
    publish,
    slug_of,
)


def test_the_header_and_footer_follow_the_circular(app, sites):
    html = client_for(app, A_HOST).get("/").text
    assert 'class="skip-link" href="#main"' in html
    assert '<img class="emblem" src="/static/emblem.svg"' in html and 'alt="' in html
    assert "Sở Khoa học và Công nghệ" in html
    assert 'action="/tim-kiem"' in html and 'name="q"' in html
    for fact in ("UBND tỉnh Lạng Sơn", "Nguyễn Văn Bình", "Giấy phép số 12/GP-TTĐT"):
        assert fact in html
    assert "chinhphu.vn" in html


def test_the_province_lists_its_sites_by_kind_and_sub_sites_link_back(app, sites):
    assert 'href="/don-vi"' in client_for(app, PROVINCE).get("/").text
    html = client_for(app, PROVINCE).get("/don-vi").text
    departments = html.index('data-kind="department"')
    communes = html.index('data-kind="commune"')
    assert html.index(f'href="//{A_HOST}/"') > departments
    assert html.index(f'href="//{B_HOST}/"') > communes > departments
    for host in (A_HOST, B_HOST):
        sub = client_for(app, host).get("/").text
        assert f'href="//{PROVINCE}/"' in sub and "Tỉnh Lạng Sơn" in sub
        assert 'data-kind="department"' not in sub


def test_the_main_menu_comes_from_the_sites_menus(app, sites):
    from hub.directory.models import Menu, MenuItem
    with app.app_context(), tenant_scope(sites["a"].id):
        menu = Menu(location="main", locale="vi")
        db.session.add(menu)
        db.session.flush()
        db.session.add(MenuItem(menu_id=menu.id, label="Văn bản pháp luật", url="/van-ban"))
        db.session.commit()
    html = client_for(app, A_HOST).get("/tin-tuc").text
    assert 'class="main-menu"' in html and "Văn bản pháp luật" in html
    assert "Văn bản pháp luật" not in client_for(app, B_HOST).get("/").text


def test_the_english_host_shows_english_items_and_switches_to_the_counterpart(app, sites):
    source = publish(app, sites["province"], "article", title="Tin tiếng Việt")
    source_slug = slug_of(app, sites["province"], source)
    translation = publish(app, sites["province"], "article", title="News in English",
                          locale="en", translation_of_id=source, slug="news-in-english")
    assert slug_of(app, sites["province"], translation) == "news-in-english"
    english = client_for(app, ENGLISH)
    listing = english.get("/tin-tuc").text
    assert '<html lang="en">' in listing
    assert "News in English" in listing and "Tin tiếng Việt" not in listing
    assert english.get(f"/tin-tuc/{source_slug}").status_code == 404
    page = english.get("/tin-tuc/news-in-english").text
    assert f'href="http://{PROVINCE}/tin-tuc/{source_slug}"' in page
    assert 'hreflang="vi"' in page
    vietnamese = client_for(app, PROVINCE).get(f"/tin-tuc/{source_slug}").text
    assert f'href="http://{ENGLISH}/tin-tuc/news-in-english"' in vietnamese
    assert "News in English" not in client_for(app, PROVINCE).get("/tin-tuc").text
    # English dates: "Monday, 23 November 2026" style.
    assert re.search(r"[A-Z][a-z]+day, \d{1,2} [A-Z][a-z]+ \d{4}", listing)
    # Each request renders the interface in its host's language, whichever came before.
    assert "Skip to content" in page and "Bỏ qua, đến nội dung chính" not in page
    assert "Bỏ qua, đến nội dung chính" in vietnamese and "Skip to content" not in vietnamese
    assert "Skip to content" in english.get("/").text


def test_sites_without_an_english_host_offer_no_switch(app, sites):
    assert 'class="language-switch"' not in client_for(app, A_HOST).get("/").text
    home = client_for(app, PROVINCE).get("/").text
    assert f'class="language-switch" href="http://{ENGLISH}/"' in home


def test_error_pages_of_unknown_hosts_still_render(app, sites):
    response = client_for(app, "khongco.langson.localhost").get("/")
    assert response.status_code == 404


def test_the_home_page_shows_news_documents_procedures_and_this_weeks_schedule(app, sites):

    with app.app_context():
        today = local_today().isoformat()
    publish(app, sites["a"], "article", featured=True)
    publish(app, sites["a"], "legal_document")
    publish(app, sites["a"], "procedure")
    publish(app, sites["a"], "schedule_entry", day=today, title="Làm việc với huyện")
    html = client_for(app, A_HOST).get("/").text
    for expected in ('id="featured-news"', "Hội nghị khoa học năm 2026", "40/2024/QĐ-UBND",
                     "Cấp giấy phép hoạt động", "Làm việc với huyện", "Giám đốc Nguyễn Văn An"):
        assert expected in html


def test_every_item_has_a_print_stylesheet_without_navigation():
    from pathlib import Path
    css = (Path(__file__).resolve().parents[2] / "hub" / "static" / "portal.css").read_text()
    print_rules = css[css.index("@media print"):]
    assert ".main-menu" in print_rules and ".site-header" in print_rules


def test_menus_and_categories_kept_with_the_layout_follow_every_change(app, sites):
    """The layout (menus, footer) and the categories are kept between requests; a change
    of the site's content shows on the next page."""
    from hub.directory.models import Category, Menu, MenuItem
    site = sites["a"]
    client = client_for(app, A_HOST)
    assert 'class="footer-menu"' not in client.get("/").text  # kept from here on
    with app.app_context(), tenant_scope(site.id):
        news = Category(name="Tin hoạt động", slug="tin-hoat-dong")
        db.session.add(news)
        db.session.flush()
        for location, label in (("main", "Thông báo của Sở"), ("footer", "Sơ đồ cổng"),
                                ("links", "Chuyên mục hoạt động")):
            menu = Menu(location=location, locale="vi")
            db.session.add(menu)
            db.session.flush()
            db.session.add(MenuItem(menu_id=menu.id, label=label,
                                    category_id=news.id if location == "links" else None,
                                    url=None if location == "links" else "/van-ban"))
        db.session.commit()
        news_id = news.id
    home = client.get("/").text
    main_menu = home.split('class="main-menu"')[1].split("</nav>")[0]
    assert "Thông báo của Sở" in main_menu
    footer = home.split('class="site-footer"')[1].split("</footer>")[0]
    assert 'class="footer-menu"' in footer and "Sơ đồ cổng" in footer
    links = home.split('id="links"')[1].split("</section>")[0]
    assert '<a href="/chuyen-muc/tin-hoat-dong">Chuyên mục hoạt động</a>' in links

    article = publish(app, site, "article", category_id=news_id)
    page = client.get(f"/tin-tuc/{slug_of(app, site, article)}").text
    assert '<a href="/chuyen-muc/tin-hoat-dong">Tin hoạt động</a>' in page
    with app.app_context(), tenant_scope(site.id):
        db.session.get(Category, news_id).name = "Hoạt động của Sở"
        db.session.commit()
    page = client.get(f"/tin-tuc/{slug_of(app, site, article)}?lan=2").text
    assert '<a href="/chuyen-muc/tin-hoat-dong">Hoạt động của Sở</a>' in page
    assert "Hội nghị khoa học năm 2026" in client.get("/chuyen-muc/tin-hoat-dong").text
    # Another site keeps its own layout.
    assert "Thông báo của Sở" not in client_for(app, B_HOST).get("/").text


def test_public_pages_read_in_few_statements(app, sites):
    """What every site repeats is kept between requests; a page reads its own content
    in a fixed number of statements, however much the site has."""
    from sqlalchemy import event
    site = sites["a"]
    for n in range(4):
        publish(app, site, "article", title=f"Tin số {n}", featured=n == 0)
    publish(app, site, "legal_document")
    publish(app, site, "procedure")
    client = client_for(app, A_HOST)
    with app.app_context():
        engine = db.engine
    sent: list[str] = []
    listener = lambda *args: sent.append(args[2])  # noqa: E731
    # The home: one statement per section (lead story, news, documents, procedures,
    # drafts open for comment, answered questions, the week, the visitor figures).
    expected = {"/": 8, "/tin-tuc": 2, "/gioi-thieu": 2}
    for path, most in expected.items():
        assert client.get(f"{path}?lan=warm-up").status_code == 200
        sent.clear()
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert client.get(path).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        queries = [sql for sql in sent if "set_config" not in sql]
        assert len(queries) <= most, (path, queries)
