"""Staff land on their dashboard after logging in, every public page shows them the way
back to it, and the page cache never hands that link to a visitor."""

from __future__ import annotations

import pytest

from tests.factories import create_user, csrf_from, host_client, login

A_HOST = "sokhcn.langson.localhost"
PROVINCE_HOST = "langson.localhost"
EDITOR = "bientap@sokhcn.gov.vn"
AUDITOR = "kiemtra@langson.gov.vn"
STAFF_LINK = 'class="staff-dashboard" href="/quan-tri/"'


@pytest.fixture
def people(app, two_sites):  # type: ignore[no-untyped-def]
    site_a, _ = two_sites
    create_user(app, EDITOR, {site_a: "editor"})
    create_user(app, AUDITOR, hub_role="hub_auditor")
    return two_sites


def test_staff_land_on_their_dashboard(app, people):
    client = host_client(app, A_HOST)
    response = login(client, EDITOR)
    assert response.status_code == 302 and response.headers["Location"] == "/quan-tri/"
    assert client.get("/quan-tri/").status_code == 200
    # Already logged in, the login page sends them there too.
    assert client.get("/dang-nhap").headers["Location"] == "/quan-tri/"


def test_a_safe_next_wins_and_an_unsafe_one_is_ignored(app, people):
    for target, landing in (("/tim-kiem?q=dat", "/tim-kiem?q=dat"),
                            ("//evil.example/", "/quan-tri/"),
                            ("https://evil.example/", "/quan-tri/")):
        client = host_client(app, A_HOST)
        page = client.get("/dang-nhap", query_string={"next": target})
        response = client.post("/dang-nhap", data={
            "email": EDITOR, "password": "Mật-khẩu-đủ-dài-2026", "next": target,
            "csrf_token": csrf_from(page.data)})
        assert response.headers["Location"] == landing


def test_the_auditor_sees_a_read_only_dashboard(app, people):
    client = host_client(app, PROVINCE_HOST)
    assert login(client, AUDITOR).headers["Location"] == "/quan-tri/"
    response = client.get("/quan-tri/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'href="/quan-tri/tinh/nhat-ky"' in html
    assert 'href="/quan-tri/tinh/tai-khoan"' in html
    assert 'href="/quan-tri/bao-cao' in html
    main = html.split('class="admin-main"', 1)[1]
    assert 'method="post"' not in main and 'class="button"' not in main
    # On a site's host the auditor reads that site's log, not the office's.
    site_client = host_client(app, A_HOST)
    login(site_client, AUDITOR)
    html = site_client.get("/quan-tri/").get_data(as_text=True)
    assert 'href="/quan-tri/nhat-ky"' in html and "/quan-tri/tinh/nhat-ky" not in html


def test_public_pages_show_staff_the_way_to_their_dashboard(app, people):
    client = host_client(app, A_HOST)
    login(client, EDITOR)
    home = client.get("/")
    assert home.status_code == 200 and STAFF_LINK in home.get_data(as_text=True)
    auditor = host_client(app, PROVINCE_HOST)
    login(auditor, AUDITOR)
    assert STAFF_LINK in auditor.get("/").get_data(as_text=True)


def test_the_cache_never_gives_a_visitor_the_staff_link(app, people):
    visitor = host_client(app, A_HOST)
    first = visitor.get("/")
    assert first.headers["Cache-Control"].startswith("public")
    assert STAFF_LINK not in first.get_data(as_text=True)

    staff = host_client(app, A_HOST)
    login(staff, EDITOR)
    for _ in range(2):  # a cached page is never served to staff, nor filled by them
        page = staff.get("/")
        assert STAFF_LINK in page.get_data(as_text=True)
        assert page.headers["Cache-Control"] == "private, no-store"

    for client in (visitor, host_client(app, A_HOST)):
        again = client.get("/")
        assert again.status_code == 200
        assert again.headers["Cache-Control"].startswith("public")
        assert STAFF_LINK not in again.get_data(as_text=True)
        assert again.get_data() == first.get_data()  # the page the visitor was cached
