"""The home page leads with the featured story, then the latest news as cards, the
documents, procedures, the leaders' week, drafts open for comment and answered
questions; the component sites are in their own directory (``/don-vi``), grouped by
kind and, for communes still under one, by legacy district, and searchable by name
without JavaScript, accents optional ("tan doan" finds "Tân Đoàn")."""

from __future__ import annotations

import re

import pytest

from hub.core.clock import local_today
from hub.extensions import db
from tenants.context import unscoped
from tenants.models import Tenant
from tests.factories import create_site, statements_sent
from tests.public.conftest import A_HOST, B_HOST, ENGLISH, PROVINCE, client_for, publish
from tests.questions.helpers import published_question_of


def section(html: str, heading_id: str) -> str:
    """The HTML of the home's section whose heading has ``heading_id``."""
    start = html.index(f'aria-labelledby="{heading_id}"')
    return html[start:html.index("</section>", start)]


def test_the_home_leads_with_the_featured_story_then_news_cards(app, sites):
    site = sites["a"]
    for n in range(3):
        publish(app, site, "article", title=f"Tin thường số {n}")
    publish(app, site, "article", title="Tin nổi bật của Sở", featured=True)
    publish(app, site, "article", title="Tin mới nhất")
    html = client_for(app, A_HOST).get("/").text
    news = section(html, "featured-news")
    lead = news.split('class="featured-item"')[1].split("</article>")[0]
    assert "Tin nổi bật của Sở" in lead and "Sáng 23/11 khai mạc." in lead
    assert re.search(r'<time class="item-date" datetime="[^"]+">', lead)
    cards = news.split('class="card-grid"')[1]
    assert cards.count('class="card"') == 4  # the others, newest first, lead left out
    assert "Tin nổi bật của Sở" not in cards
    assert cards.index("Tin mới nhất") < cards.index("Tin thường số 2")


def test_without_a_featured_story_the_newest_leads(app, sites):
    publish(app, sites["a"], "article", title="Tin duy nhất")
    news = section(client_for(app, A_HOST).get("/").text, "featured-news")
    assert "Tin duy nhất" in news.split('class="featured-item"')[1]
    assert 'class="card-grid"' not in news


def test_the_home_shows_open_drafts_and_answered_questions(app, sites):
    site = sites["province"]
    today = local_today()
    publish(app, site, "consultation", title="Dự thảo đang lấy ý kiến",
            opens_on=today.isoformat(), closes_on=today.replace(year=today.year + 1).isoformat())
    publish(app, site, "consultation", title="Dự thảo đã đóng",
            opens_on="2024-01-02", closes_on="2024-02-02")
    html = client_for(app, PROVINCE).get("/").text
    drafts = section(html, "open-consultations")
    assert "Dự thảo đang lấy ý kiến" in drafts and "Dự thảo đã đóng" not in drafts
    assert 'href="/du-thao"' in drafts
    assert 'id="home-questions"' not in html  # none published yet

    published_question_of(app, site)
    html = client_for(app, PROVINCE).get("/?lan=2").text
    questions = section(html, "home-questions")
    assert re.search(r'href="/hoi-dap/\d+"', questions) and 'href="/hoi-dap"' in questions
    # A site with neither shows neither block.
    other = client_for(app, B_HOST).get("/").text
    assert 'id="open-consultations"' not in other and 'id="home-questions"' not in other


def test_the_home_reads_its_sections_once_per_content_generation(app, sites):
    """Rendered anew (a new query string misses the page cache), the home reads nothing
    until the site's content changes (the visitor figures are kept too,
    ``tests/stats``); a publication shows at once."""
    site = sites["a"]
    publish(app, site, "article", title="Tin đầu tiên")
    client = client_for(app, A_HOST)
    assert "Tin đầu tiên" in client.get("/?lan=1").text
    with statements_sent(app) as sent:
        html = client.get("/?lan=2").text
    assert "Tin đầu tiên" in html and 'id="visit-stats-title"' in html
    assert sent == []
    publish(app, site, "article", title="Tin mới đăng")
    assert "Tin mới đăng" in section(client.get("/?lan=3").text, "featured-news")


def test_the_province_home_offers_the_directory_not_seventy_links(app, sites):
    html = client_for(app, PROVINCE).get("/").text
    entry = section(html, "component-sites")
    assert 'action="/don-vi"' in entry and 'name="q"' in entry
    assert 'href="/don-vi"' in entry and "(2)" in entry
    assert f'href="//{B_HOST}/"' not in html
    assert 'aria-labelledby="component-sites"' not in client_for(app, B_HOST).get("/").text


@pytest.fixture
def legacy(app, sites):  # type: ignore[no-untyped-def]
    """A legacy district with two 5th-level communes, beside the 2025 communes."""
    district = create_site(app, "caoloc.langson", "Huyện Cao Lộc", "district",
                           parent=sites["province"], hosts=("caoloc.langson.localhost",))
    create_site(app, "tandoan.caoloc.langson", "Xã Tân Đoàn", "commune", parent=district,
                hosts=("tandoan.caoloc.langson.localhost",))
    create_site(app, "songgiap.caoloc.langson", "Xã Song Giáp", "commune",
                parent=district, hosts=("songgiap.caoloc.langson.localhost",))
    create_site(app, "tanthanh.langson", "Xã Tân Thành", "commune",
                parent=sites["province"], hosts=("tanthanh.langson.localhost",))
    return district


def test_the_directory_groups_communes_by_legacy_district(app, legacy):
    html = client_for(app, PROVINCE).get("/don-vi").text
    kinds = re.findall(r'data-kind="(\w+)"', html)
    assert kinds == ["department", "district", "commune", "commune"]
    groups = html.split('class="site-group"')
    district_group = next(group for group in groups if "Xã Song Giáp" in group)
    assert "Huyện Cao Lộc" in district_group and "Xã Tân Đoàn" in district_group
    assert "Xã Tân Thành" not in district_group
    assert 'href="//caoloc.langson.localhost/"' in district_group
    communes = next(group for group in groups if "Xã Tân Thành" in group)
    assert "Xã Thống Nhất" in communes and "Xã Song Giáp" not in communes


@pytest.mark.parametrize("query", ["tan doan", "Tân Đoàn", "TAN  ĐOAN", "doan tan"])
def test_the_directory_search_works_without_javascript(app, legacy, query):
    response = client_for(app, PROVINCE).get("/don-vi", query_string={"q": query})
    assert response.status_code == 200
    listed = re.findall(r'<li data-name="[^"]*"><a href="([^"]+)">([^<]+)</a>',
                        response.text)
    assert listed == [("//tandoan.caoloc.langson.localhost/", "Xã Tân Đoàn")]
    assert f'value="{query}"' in response.text
    # The district's group stays, so the reader sees where the commune was.
    assert "Huyện Cao Lộc" in response.text


def test_a_search_that_finds_nothing_says_so(app, legacy):
    response = client_for(app, PROVINCE).get("/don-vi?q=khong+co+xa+nay")
    assert response.status_code == 200
    assert "<li data-name" not in response.text and 'class="empty"' in response.text
    long = client_for(app, PROVINCE).get("/don-vi", query_string={"q": "x" * 500})
    assert long.status_code == 200


def test_the_english_directory_names_sites_in_english(app, sites):
    with app.app_context(), unscoped():
        tenant = db.session.get(Tenant, sites["a"].id)
        tenant.update_settings(name_en="Department of Science and Technology")
        db.session.commit()
    html = client_for(app, ENGLISH).get("/don-vi?q=science").text
    assert "Department of Science and Technology" in html
    assert f'href="//{A_HOST}/"' in html
