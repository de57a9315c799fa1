"""The demo shows the translation workflow at work: the province's organisation and
functions pages translated by the Department of Foreign Affairs and published in
English, a news article in the translator's queue."""

from __future__ import annotations

from hub.demo.profiles import profile_for
from hub.demo.seed import DEMO_PASSWORD
from tenants.models import TenantKind
from tests.factories import host_client, login


def test_the_demo_has_published_translations_and_one_in_progress(app):
    result = app.test_cli_runner().invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output

    english = host_client(app, "english.langson.localhost")
    page = english.get("/gioi-thieu/organisation")
    assert page.status_code == 200
    assert "The Provincial People's Committee consists of" in page.text.replace("&#39;", "'")
    assert "/gioi-thieu/organisation" in english.get("/sitemap.xml").text
    # The Vietnamese original links to it through the language switch.
    original = host_client(app, "langson.localhost").get("/gioi-thieu/co-cau-to-chuc")
    assert original.status_code == 200
    assert "english.langson.localhost/gioi-thieu/organisation" in original.text

    translator = host_client(app, "songoaivu.langson.localhost")
    assert login(translator, "biendich1.songoaivu@langson.gov.vn",
                 DEMO_PASSWORD).status_code == 302
    queue = translator.get("/quan-tri/ban-dich?state=in_progress").text
    # The province's first article is the one being translated.
    first_article = profile_for(TenantKind.PROVINCE, "tỉnh Lạng Sơn").articles[0]["title"]
    assert first_article in queue
    published = translator.get("/quan-tri/ban-dich?state=published").text
    assert "Cơ cấu tổ chức" in published
    assert "Chức năng, nhiệm vụ, quyền hạn" in published


    # The province's English set of 003 Article 7.1 is complete on the coverage screen.
    with app.app_context():
        from hub.translation.queries import english_coverage
        coverage = next(row for row in english_coverage() if row.site.parent_id is None)
        assert coverage.complete, coverage.parts
    for address in ("/lanh-dao", "/danh-ba"):
        assert "Hồ Tiến Thiệu" in english.get(address).text, address


def test_every_link_of_the_demo_main_menu_leads_to_a_page(app):
    import re
    assert app.test_cli_runner().invoke(args=["demo", "seed"]).exit_code == 0
    client = host_client(app, "langson.localhost")
    home = client.get("/").text
    nav = home[home.index('<nav class="main-menu"'):] if '<nav class="main-menu"' in home \
        else home
    links = set(re.findall(r'href="(/[^"#?]*)"', nav[:nav.index("</nav>")]))
    assert links, "the main menu has no links"
    for path in sorted(links):
        assert client.get(path).status_code == 200, path
    # The English menu covers what exists in English, and only that.
    english = host_client(app, "english.langson.localhost")
    home = english.get("/").text
    nav = home[home.index('<nav class="main-menu"'):]
    links = set(re.findall(r'href="(/[^"#?]*)"', nav[:nav.index("</nav>")]))
    assert {"/gioi-thieu", "/co-cau-to-chuc", "/lanh-dao", "/danh-ba", "/thu-tuc"} <= links
    for path in sorted(links):
        page = english.get(path)
        assert page.status_code == 200, path
        assert 'class="empty"' not in page.text, path
    # The home page does not read the document register's filters.
    assert client.get("/?loai=x&co-quan=abc").status_code == 200
