"""Every request is resolved to a site by its Host before anything else happens."""

from __future__ import annotations

import pytest

from hub import create_app
from hub.extensions import db
from tenants.context import unscoped
from tenants.models import Domain, Tenant, TenantStatus
from tenants.resolution import normalise_host
from tests.factories import create_site, host_client


@pytest.mark.parametrize("raw, expected", [
    ("langson.gov.vn", "langson.gov.vn"),
    ("LangSon.Gov.VN", "langson.gov.vn"),
    ("langson.gov.vn:8000", "langson.gov.vn"),
    ("langson.gov.vn.", "langson.gov.vn"),
    ("SOKHCN.langson.gov.vn.:443", "sokhcn.langson.gov.vn"),
    ("xãthốngnhất.langson.gov.vn", "xn--xthngnht-rza0037eyna.langson.gov.vn"),
    ("", None),
    ("   ", None),
    ("[::1]:8000", None),
    ("langson.gov.vn:80:80", None),
    ("langson.gov.vn:abc", None),
    ("lang son.gov.vn", None),
    ("langson..gov.vn", None),
    ("-langson.gov.vn", None),
    ("langson.gov.vn/evil", None),
    ("a" * 64 + ".gov.vn", None),
    ("x" * 400, None),
    ("<script>.gov.vn", None),
])
def test_hosts_are_normalised(raw, expected):
    assert normalise_host(raw) == expected


def test_two_sub_site_hosts_show_two_different_sites(app, two_sites):
    first = host_client(app, "sokhcn.langson.localhost").get("/")
    second = host_client(app, "xathongnhat.langson.localhost").get("/")
    assert first.status_code == second.status_code == 200
    assert "Sở Khoa học và Công nghệ" in first.text and "Xã Thống Nhất" not in first.text
    assert "Xã Thống Nhất" in second.text and "Sở Khoa học và Công nghệ" not in second.text


def test_the_province_home_links_its_component_sites_and_they_link_back(app, two_sites):
    home = host_client(app, "langson.localhost").get("/don-vi")
    assert 'href="//sokhcn.langson.localhost/"' in home.text
    assert 'href="//xathongnhat.langson.localhost/"' in home.text
    sub = host_client(app, "xathongnhat.langson.localhost").get("/")
    assert 'href="//langson.localhost/"' in sub.text


@pytest.mark.parametrize("host", [
    "SOKHCN.Langson.Localhost", "sokhcn.langson.localhost:8000",
    "sokhcn.langson.localhost.", "sokhcn.langson.localhost.:8000",
])
def test_host_variants_resolve_to_the_same_site(app, two_sites, host):
    response = host_client(app, host).get("/")
    assert response.status_code == 200
    assert "Sở Khoa học và Công nghệ" in response.text


@pytest.mark.parametrize("host", [
    "unknown.localhost", "langson.gov.vn", "xãthốngnhất.langson.localhost", "[::1]",
    "127.0.0.1", "bad host", "a..b", "%00", "x" * 300, "evil.com:99999999999999999999",
])
def test_an_unknown_or_garbage_host_is_404_never_a_default_site(app, two_sites, host):
    # The raw header as a client could send it (the test client would refuse to build
    # a URL from some of these).
    response = app.test_client().get("/", environ_overrides={"HTTP_HOST": host})
    assert response.status_code == 404
    assert "Tỉnh Lạng Sơn" not in response.text


def test_the_404_page_is_in_vietnamese(app, two_sites):
    response = host_client(app, "nowhere.localhost").get("/")
    assert "Không tìm thấy trang" in response.text
    assert '<html lang="vi">' in response.text


def test_a_redirect_domain_answers_301_to_the_primary_host_with_path_and_query(app, province):
    create_site(app, "caoloc.langson", "Huyện Cao Lộc", "district", parent=province,
                hosts=("caoloc.langson.localhost", "old-caoloc.langson.localhost"))
    with app.app_context(), unscoped():
        domain = db.session.query(Domain).filter_by(hostname="old-caoloc.langson.localhost").one()
        domain.is_redirect = True
        db.session.commit()
    response = host_client(app, "old-caoloc.langson.localhost:8000").get("/tin-tuc?page=2&q=đất")
    assert response.status_code == 301
    assert response.location == "http://caoloc.langson.localhost:8000/tin-tuc?page=2&q=%C4%91%E1%BA%A5t"


def test_a_merged_site_redirects_to_its_successor(app, province):
    old = create_site(app, "songgiap.caoloc.langson", "Xã Song Giáp", parent=province,
                      hosts=("songgiap.caoloc.langson.localhost",))
    new = create_site(app, "xadongdang.langson", "Xã Đồng Đăng", parent=province,
                      hosts=("xadongdang.langson.localhost",))
    with app.app_context(), unscoped():
        tenant = db.session.get(Tenant, old.id)
        tenant.status = TenantStatus.MERGED
        tenant.successor_id = new.id
        db.session.commit()
    response = host_client(app, "songgiap.caoloc.langson.localhost").get("/van-ban?nam=2024")
    assert response.status_code == 301
    assert response.location == "http://xadongdang.langson.localhost/van-ban?nam=2024"


def test_a_suspended_site_is_503_with_the_province_offices_contact(app, province):
    site = create_site(app, "xatanthanh.langson", "Xã Tân Thành", parent=province,
                       hosts=("xatanthanh.langson.localhost",))
    with app.app_context(), unscoped():
        db.session.get(Tenant, site.id).status = TenantStatus.SUSPENDED
        db.session.commit()
    response = host_client(app, "xatanthanh.langson.localhost").get("/")
    assert response.status_code == 503
    assert "0205 3812 345" in response.text
    assert "congthongtindientu@langson.gov.vn" in response.text
    assert "Văn phòng UBND tỉnh Lạng Sơn" in response.text


def test_healthz_answers_on_any_host_and_checks_the_database(app):
    response = app.test_client().get("/healthz", headers={"Host": "10.0.0.1"})
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_a_new_domain_is_seen_by_every_worker(app, province, tmp_path):
    """Two app instances stand for two gunicorn workers sharing one database."""
    other_worker = create_app({**app.config})
    assert host_client(other_worker, "sokhcn.langson.localhost").get("/").status_code == 404
    create_site(app, "sokhcn.langson", "Sở Khoa học và Công nghệ", "department",
                parent=province, hosts=("sokhcn.langson.localhost",))
    response = host_client(other_worker, "sokhcn.langson.localhost").get("/")
    assert response.status_code == 200
    with other_worker.app_context():
        db.engine.dispose()


def test_a_domain_change_rolled_back_does_not_invalidate(app, province):
    cache = app.extensions["portal_hosts"]
    host_client(app, "langson.localhost").get("/")
    before = cache.version.read()
    with app.app_context(), unscoped():
        db.session.add(Domain(hostname="tmp.localhost", tenant_id=province.id))
        db.session.flush()
        db.session.rollback()
    assert cache.version.read() == before
    assert host_client(app, "tmp.localhost").get("/").status_code == 404
