"""English hosts the office adds, and the site's name in English on them.

"The office can give any site an English host": ``flask tenants add-domain <site>
<host> --locale en --primary`` gives a department an English host; every worker's host
map picks it up on its next request (the shared version of ``tenants.resolution``), the
host serves the department's English items in the English interface, and the
Vietnamese host offers the switch to it. The site setting ``name_en`` is the name shown
on English hosts — header, title, footer, feeds, the open-data API and search — with
the official Vietnamese name while it is unset.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from sqlalchemy import select

from hub.extensions import db
from tenants.context import unscoped
from tenants.models import Tenant
from tenants.resolution import HostCache, HostVersion
from tests.public.conftest import (
    A_HOST,
    ENGLISH,
    PROVINCE,
    client_for,
    publish,
    sites,
)
from tests.search.conftest import drain_all, search_backend

__all__ = ["search_backend", "sites"]  # fixtures shared with tests/public and tests/search

DEPARTMENT_EN = "english.sokhcn.langson.localhost"


def _set_names(app, **names: str) -> None:  # type: ignore[no-untyped-def]
    """``name_en`` of sites by slug, through the settings path the office uses."""
    with app.app_context(), unscoped():
        for slug, name in names.items():
            tenant = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
            tenant.update_settings(name_en=name)
        db.session.commit()


def test_the_office_gives_a_department_an_english_host_from_the_command_line(app, sites):
    department = sites["a"]
    publish(app, department, "article", title="Tin của Sở bằng tiếng Việt")
    publish(app, department, "article", locale="en", title="News of the department")
    # Another worker of the same machine, whose host map was built before the change.
    other_worker = HostCache(HostVersion(app.config["HOST_CACHE_FILE"], None))
    with app.app_context():
        assert other_worker.lookup(DEPARTMENT_EN) is None
    assert client_for(app, DEPARTMENT_EN).get("/").status_code == 404

    runner = app.test_cli_runner()
    refused = runner.invoke(args=["tenants", "add-domain", "sokhcn.langson", DEPARTMENT_EN,
                                  "--locale", "en-1", "--primary"])
    assert refused.exit_code == 1 and "is not a locale code" in refused.output
    done = runner.invoke(args=["tenants", "add-domain", "sokhcn.langson", DEPARTMENT_EN,
                               "--locale", "en", "--primary"])
    assert done.exit_code == 0, done.output
    assert f"{DEPARTMENT_EN} (en) now serves" in done.output

    with app.app_context():
        served = other_worker.lookup(DEPARTMENT_EN)
    assert served is not None and served.tenant_id == department.id
    assert (served.locale, served.action) == ("en", "serve")
    english = client_for(app, DEPARTMENT_EN)
    news = english.get("/tin-tuc")
    assert news.status_code == 200 and '<html lang="en">' in news.text
    assert "News of the department" in news.text
    assert "Tin của Sở bằng tiếng Việt" not in news.text
    # No English name yet: the official one without diacritics, never the Vietnamese.
    assert "So Khoa hoc va Cong nghe" in news.text
    assert "Sở Khoa học và Công nghệ" not in news.text
    home = client_for(app, A_HOST).get("/").text
    assert f'class="language-switch" href="http://{DEPARTMENT_EN}/"' in home


def test_english_hosts_name_the_site_in_english(app, sites):
    english = client_for(app, ENGLISH)
    before = english.get("/").text  # cached with the names of the rule
    assert "<title>Lang Son Province</title>" in before and "Tỉnh Lạng Sơn" not in before
    before = english.get("/don-vi").text
    assert "So Khoa hoc va Cong nghe" in before and "Tỉnh Lạng Sơn" not in before
    _set_names(app, **{"langson": "Lang Son Province",
                       "sokhcn.langson": "Department of Science and Technology"})

    home = english.get("/").text
    assert "<title>Lang Son Province</title>" in home
    assert '<meta property="og:site_name" content="Lang Son Province">' in home
    assert '<a href="/">Lang Son Province</a>' in home
    assert '<p class="footer-name">Lang Son Province</p>' in home
    assert "Tỉnh Lạng Sơn" not in home
    # The province's directory of sites names each site in English where it has a name.
    directory = english.get("/don-vi").text
    assert "Department of Science and Technology" in directory
    assert "Thong Nhat Commune" in directory
    assert "Tỉnh Lạng Sơn" not in directory and "Sở Khoa học và Công nghệ" not in directory
    assert "— Lang Son Province</title>" in english.get("/tin-tuc").text

    channel = ET.fromstring(english.get("/rss.xml").data).find("channel")  # noqa: S314
    assert channel.findtext("title") == "Lang Son Province"
    assert channel.findtext("description").endswith("Lang Son Province")
    assert english.get("/api/v1/site").get_json()["data"]["name"] == "Lang Son Province"
    assert english.get("/api/v1/structure").get_json()["data"]["site"] == "Lang Son Province"
    assert english.get("/api/v1/openapi.json").get_json()["info"]["title"] == \
        "Open data of Lang Son Province"

    # The Vietnamese hosts keep the official names.
    vietnamese = client_for(app, PROVINCE)
    home = vietnamese.get("/").text
    assert "<title>Tỉnh Lạng Sơn</title>" in home and "Lang Son Province" not in home
    assert "Sở Khoa học và Công nghệ" in vietnamese.get("/don-vi").text
    assert vietnamese.get("/api/v1/site").get_json()["data"]["name"] == "Tỉnh Lạng Sơn"
    channel = ET.fromstring(vietnamese.get("/rss.xml").data).find("channel")  # noqa: S314
    assert channel.findtext("title") == "Tỉnh Lạng Sơn"


def test_a_sub_sites_english_host_links_back_to_the_province_by_its_english_name(app, sites):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["tenants", "add-domain", "sokhcn.langson", DEPARTMENT_EN,
                               "--locale", "en", "--primary"]).exit_code == 0
    _set_names(app, langson="Lang Son Province")
    page = client_for(app, DEPARTMENT_EN).get("/").text
    assert f'<a href="//{ENGLISH}/">Lang Son Province</a>' in page
    assert "Back to Lang Son Province" in page
    assert f'<a href="//{PROVINCE}/">Tỉnh Lạng Sơn</a>' in client_for(app, A_HOST).get("/").text


def test_search_names_the_site_of_an_english_hit_in_english(app, sites, search_backend):  # type: ignore[no-untyped-def]
    _set_names(app, langson="Lang Son Province")
    publish(app, sites["province"], "article", locale="en", title="Lang Son investment news")
    publish(app, sites["province"], "article", title="Tin đầu tư Lạng Sơn")
    drain_all(app, search_backend)
    found = client_for(app, ENGLISH).get("/api/v1/search?q=investment").get_json()
    assert [(hit["title"], hit["site"]) for hit in found["results"]] == [
        ("Lang Son investment news", "Lang Son Province")]
    found = client_for(app, PROVINCE).get("/api/v1/search?q=đầu+tư").get_json()
    assert [hit["site"] for hit in found["results"]] == ["Tỉnh Lạng Sơn"]
    page = client_for(app, ENGLISH).get("/tim-kiem?q=investment").text
    assert '<span class="search-site">Lang Son Province</span>' in page


def test_the_demo_names_the_province_and_its_departments_in_english(app):
    from hub.demo.seed import seed_demo
    with app.app_context(), unscoped():
        seed_demo()
        db.session.commit()
        names = dict(db.session.execute(select(Tenant.slug, Tenant.settings)).all())
    assert names["langson"]["name_en"] == "Lang Son Province"
    assert names["songoaivu.langson"]["name_en"] == "Department of Foreign Affairs"
    assert names["sokhcn.langson"]["name_en"] == "Department of Science and Technology"
    home = client_for(app, ENGLISH).get("/").text
    assert "<title>Lang Son Province</title>" in home
    assert "Department of Foreign Affairs" in client_for(app, ENGLISH).get("/don-vi").text
