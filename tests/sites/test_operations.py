"""The province office creates, suspends, merges, renames and moves sites (Đ4, Đ14.2).

Old addresses keep working: a merged, renamed or moved site's former host answers with
a 301 to the new one, same path and query. A suspended site answers 503 with the
province office's contact. A hostname that is taken is refused, never suffixed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from flask_babel import force_locale
from sqlalchemy import func, select

from hub.audit.models import AuditEntry
from hub.extensions import db
from hub.sites import operations
from hub.sites.operations import DomainCollision, TenantOperationError
from tenants.context import unscoped
from tenants.models import Domain, Tenant, TenantStatus
from tests.factories import host_client


@contextmanager
def office(app: Flask) -> Iterator[None]:
    """The province office at work: one transaction, committed at the end."""
    with app.app_context(), unscoped():
        yield
        db.session.commit()


def site(slug: str) -> Tenant:
    return db.session.scalars(select(Tenant).filter_by(slug=slug)).one()


def audit_actions(tenant_id: int) -> list[str]:
    with unscoped():
        return list(db.session.scalars(select(AuditEntry.action)
                                       .where(AuditEntry.tenant_id == tenant_id)
                                       .order_by(AuditEntry.id)))


def counts() -> tuple[int, int, int]:
    with unscoped():
        return tuple(db.session.scalar(select(func.count()).select_from(model))  # type: ignore[return-value]
                     for model in (Tenant, Domain, AuditEntry))


@pytest.fixture
def legacy_district(app: Flask, province: Tenant) -> None:
    """Huyện Cao Lộc with Xã Song Giáp on the 5th level, and a school under the commune."""
    with office(app):
        district = operations.create_tenant("Huyện Cao Lộc", "district", parent=site("langson"))
        commune = operations.create_tenant("Xã Song Giáp", "commune", parent=district)
        operations.create_tenant("Trường Tiểu học Song Giáp", "unit", parent=commune,
                                label="thsonggiap")


def test_a_commune_directly_under_the_province_is_on_the_4th_level(app, province):
    with office(app):
        commune = operations.create_tenant("Xã Thống Nhất", "commune", parent=site("langson"))
        assert commune.host == "xathongnhat.langson.localhost"  # seed 000
        assert commune.slug == "xathongnhat.langson"
        assert commune.path == f"/{province.id}/{commune.id}/"
        assert audit_actions(commune.id) == ["tenant.created"]

    page = host_client(app, "xathongnhat.langson.localhost").get("/")
    assert page.status_code == 200
    assert "Xã Thống Nhất" in page.text


def test_a_commune_under_its_district_is_on_the_5th_level_without_its_unit_type(
        app, province, legacy_district):
    with app.app_context(), unscoped():
        commune = site("songgiap.caoloc.langson")
        assert commune.host == "songgiap.caoloc.langson.localhost"  # Đ4.2.c
        assert site("caoloc.langson").host == "caoloc.langson.localhost"  # Đ4.2.b
        assert commune.ancestor_ids[:2] == [province.id, site("caoloc.langson").id]


def test_a_department_takes_the_abbreviated_label_it_is_given(app, province):
    with office(app):
        department = operations.create_tenant("Sở Khoa học và Công nghệ", "department",
                                             parent=site("langson"), label="sokhcn")
        assert department.host == "sokhcn.langson.localhost"  # Đ4.2.a


def test_a_suspended_site_answers_503_with_the_province_office_contact(app, province):
    with office(app):
        commune = operations.create_tenant("Xã Thống Nhất", "commune", parent=site("langson"))
        operations.suspend(commune, reason="planned maintenance")

    page = host_client(app, "xathongnhat.langson.localhost").get("/")
    assert page.status_code == 503
    assert "0205 3812 345" in page.text
    assert "Văn phòng UBND tỉnh Lạng Sơn" in page.text


def test_a_resumed_site_is_served_again(app, province):
    with office(app):
        commune = operations.create_tenant("Xã Thống Nhất", "commune", parent=site("langson"))
        operations.suspend(commune)
        operations.resume(commune)
        assert audit_actions(commune.id) == [
            "tenant.created", "tenant.suspended", "tenant.resumed"]
    assert host_client(app, "xathongnhat.langson.localhost").get("/").status_code == 200


def test_a_merged_site_redirects_to_its_successor_with_the_same_path_and_query(
        app, province):
    with office(app):
        langson = site("langson")
        old = operations.create_tenant("Xã Song Giáp", "commune", parent=langson)
        new = operations.create_tenant("Xã Đồng Đăng", "commune", parent=langson)
        operations.merge(old, into=new)
        assert old.status == TenantStatus.MERGED and old.successor_id == new.id

    response = host_client(app, "xasonggiap.langson.localhost").get("/tin-tuc/le-hoi?trang=2")
    assert response.status_code == 301
    assert response.headers["Location"] == \
        "http://xadongdang.langson.localhost/tin-tuc/le-hoi?trang=2"


def test_a_renamed_site_has_a_new_host_and_the_old_one_redirects(app, province):
    with office(app):
        commune = operations.create_tenant("Xã Thống Nhất", "commune", parent=site("langson"))
        operations.rename(commune, "Xã Thống Nhất Mới")
        assert commune.host == "xathongnhatmoi.langson.localhost"
        old = db.session.scalars(select(Domain).filter_by(
            hostname="xathongnhat.langson.localhost")).one()
        assert (old.is_redirect, old.is_primary, old.tenant_id) == (True, False, commune.id)

    response = host_client(app, "xathongnhat.langson.localhost").get("/gioi-thieu")
    assert response.status_code == 301
    assert response.headers["Location"] == "http://xathongnhatmoi.langson.localhost/gioi-thieu"
    assert host_client(app, "xathongnhatmoi.langson.localhost").get("/").status_code == 200


def test_a_site_renamed_back_takes_its_old_host_again(app, province):
    with office(app):
        commune = operations.create_tenant("Xã Thống Nhất", "commune", parent=site("langson"))
        operations.rename(commune, "Xã Thống Nhất Mới")
        operations.rename(commune, "Xã Thống Nhất")
        assert commune.host == "xathongnhat.langson.localhost"
    assert host_client(app, "xathongnhatmoi.langson.localhost").get("/").status_code == 301


def test_moving_a_commune_under_the_province_moves_its_sub_sites_and_redirects(
        app, province, legacy_district):
    with office(app):
        commune = site("songgiap.caoloc.langson")
        operations.move(commune, site("langson"))
        school = site("thsonggiap.songgiap.caoloc.langson")  # the slug is stable
        assert commune.host == "songgiap.langson.localhost"
        assert commune.path == f"/{province.id}/{commune.id}/"
        assert school.path == f"/{province.id}/{commune.id}/{school.id}/"
        assert school.host == "thsonggiap.songgiap.langson.localhost"
        assert "tenant.moved" in audit_actions(commune.id)
        assert "tenant.rehosted" in audit_actions(school.id)

    old = host_client(app, "songgiap.caoloc.langson.localhost").get("/thong-bao?so=7")
    assert old.status_code == 301
    assert old.headers["Location"] == "http://songgiap.langson.localhost/thong-bao?so=7"
    old_school = host_client(app, "thsonggiap.songgiap.caoloc.langson.localhost").get("/")
    assert old_school.headers["Location"] == "http://thsonggiap.songgiap.langson.localhost/"


def test_a_host_that_is_taken_is_refused_and_nothing_is_written(app, province):
    with office(app):
        operations.create_tenant("Xã Thống Nhất", "commune", parent=site("langson"))
        operations.create_tenant("Xã Văn Lãng", "commune", parent=site("langson"))

    with app.app_context(), unscoped():
        before = counts()
        with pytest.raises(DomainCollision) as refused:
            operations.create_tenant("Xã Thống Nhất", "commune", parent=site("langson"))
        assert "xathongnhat.langson.localhost" in str(refused.value)
        assert "Xã Thống Nhất (xathongnhat.langson)" in str(refused.value)

        other = site("xavanlang.langson")
        with pytest.raises(DomainCollision, match="Xã Văn Lãng"):
            operations.rename(other, "Xã Thống Nhất")
        with pytest.raises(DomainCollision):
            operations.add_domain(other, "XaThongNhat.langson.localhost")
        assert other.name == "Xã Văn Lãng"
        assert not (db.session.new or db.session.dirty or db.session.deleted)
        db.session.commit()
        assert counts() == before


def test_operations_that_would_break_the_tree_are_refused(app, province, legacy_district):
    # Outside a request the refusals are in the hub's default language; in English here.
    with app.app_context(), unscoped(), force_locale("en"):
        district, commune = site("caoloc.langson"), site("songgiap.caoloc.langson")
        with pytest.raises(TenantOperationError, match="under itself"):
            operations.move(district, commune)
        with pytest.raises(TenantOperationError, match="into itself"):
            operations.merge(commune, commune)
        with pytest.raises(TenantOperationError, match="live sub-sites"):
            operations.merge(district, site("langson"))
        with pytest.raises(TenantOperationError, match="province portal"):
            operations.archive(site("langson"))
        with pytest.raises(TenantOperationError, match="cannot be active"):
            operations.resume(commune)


def test_an_archived_site_answers_410(app, province):
    with office(app):
        operations.archive(operations.create_tenant("Xã Thống Nhất", "commune",
                                                  parent=site("langson")))
    assert host_client(app, "xathongnhat.langson.localhost").get("/").status_code == 410


def test_an_english_host_serves_the_site_in_english(app, province):
    with office(app):
        department = operations.create_tenant("Sở Ngoại vụ", "department",
                                             parent=site("langson"), label="songoaivu")
        operations.add_domain(department, "english.songoaivu.langson.localhost",
                             locale="en", primary=True)
        assert audit_actions(department.id) == ["tenant.created", "domain.added"]
    page = host_client(app, "english.songoaivu.langson.localhost").get("/")
    assert page.status_code == 200
    assert '<html lang="en">' in page.text


def test_the_office_cli_merges_and_reports_errors_without_writing(app, province):
    runner = app.test_cli_runner()
    with office(app):
        operations.create_tenant("Xã Song Giáp", "commune", parent=site("langson"))
        operations.create_tenant("Xã Đồng Đăng", "commune", parent=site("langson"))

    done = runner.invoke(args=["tenants", "merge", "xasonggiap.langson",
                               "--into", "xadongdang.langson.localhost"])
    assert done.exit_code == 0, done.output
    assert "Merged Xã Song Giáp" in done.output

    unknown = runner.invoke(args=["tenants", "suspend", "khongco.langson"])
    assert unknown.exit_code == 1 and "khongco.langson" in unknown.output

    with app.app_context(), unscoped():
        before = counts()
    taken = runner.invoke(args=["tenants", "create", "Xã Đồng Đăng", "--kind", "commune",
                                "--parent", "langson"])
    assert taken.exit_code == 1
    assert "xadongdang.langson.localhost is already the address of" in taken.output
    moved = runner.invoke(args=["tenants", "rename", "xadongdang.langson",
                                "--name", "Xã Song Giáp"])
    assert moved.exit_code == 1  # the merged site still holds its host
    with app.app_context(), unscoped():
        assert counts() == before
        assert site("xadongdang.langson").name == "Xã Đồng Đăng"
