"""A real province's sites come from the official list of units (2025 layout).

Communes and wards sit directly under the province on the 4th level
(``xathongnhat.langson.gov.vn``). Two units whose names fold to one label are reported to
the operator and skipped, never told apart by an invented suffix; an overrides file of
unit code -> label resolves them. Importing twice changes nothing.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from hub.extensions import db
from hub.sites.importer import (
    find_province,
    import_province,
    import_provinces,
    load_overrides,
    ward_code,
)
from tenants.context import unscoped
from tenants.models import Tenant, TenantKind
from tests.factories import host_client

THAI_NGUYEN_TWINS = {"Xã Văn Lăng", "Xã Văn Lang"}  # both fold to "xavanlang"


def count_sites(kind: TenantKind | None = None) -> int:
    query = select(func.count()).select_from(Tenant)
    if kind is not None:
        query = query.where(Tenant.kind == kind)
    with unscoped():
        return db.session.scalar(query)  # type: ignore[return-value]


def test_lang_son_becomes_a_province_site_with_its_65_communes_and_wards(app):
    with app.app_context(), unscoped():
        report = import_province("Lạng Sơn")
        db.session.commit()
        assert report.province_created and report.created == 65 and not report.collisions
        assert count_sites(TenantKind.PROVINCE) == 1
        assert count_sites(TenantKind.COMMUNE) == 65
        province = db.session.scalars(select(Tenant).filter_by(slug="langson")).one()
        assert province.host == "langson.localhost"  # BASE_DOMAIN's suffix in development
        assert province.setting("label_includes_unit_type") is True
        commune = db.session.scalars(select(Tenant).filter_by(
            slug="xathongnhat.langson")).one()
        assert commune.parent_id == province.id
        assert commune.path == f"/{province.id}/{commune.id}/"
        assert commune.admin_code is not None and len(commune.admin_code) == 5

    page = host_client(app, "xathongnhat.langson.localhost").get("/")
    assert page.status_code == 200
    assert "Xã Thống Nhất" in page.text
    assert host_client(app, "phuongkylua.langson.localhost").get("/").status_code == 200


def test_importing_again_changes_nothing(app):
    with app.app_context(), unscoped():
        import_province("Lạng Sơn")
        db.session.commit()
        again = import_province("Lạng Sơn")
        db.session.commit()
        assert not again.province_created and again.created == 0
        assert again.already_present == 65
        assert count_sites() == 66


def test_a_province_may_leave_the_unit_type_out_of_its_commune_labels(app):
    with app.app_context(), unscoped():
        import_province("Lạng Sơn", suffix="gov.vn", include_unit_type=False)
        province = db.session.scalars(select(Tenant).filter_by(slug="langson")).one()
        assert province.host == "langson.gov.vn"
        assert province.setting("label_includes_unit_type") is False
        hosts = {t.host for t in province.children}
        assert "thongnhat.langson.gov.vn" in hosts and "kylua.langson.gov.vn" in hosts


def test_colliding_labels_are_reported_and_skipped_not_suffixed(app):
    with app.app_context(), unscoped():
        report = import_province("Thái Nguyên")
        db.session.commit()
        [collision] = report.collisions
        assert collision.hostname == "xavanlang.thainguyen.localhost"
        assert {name for _, name in collision.units} == THAI_NGUYEN_TWINS
        assert any("COLLISION xavanlang.thainguyen.localhost" in line
                   for line in report.lines())
        wards = find_province("Thái Nguyên")
        assert report.created == len(list(_wards(wards))) - 2
        with unscoped():
            names = set(db.session.scalars(select(Tenant.name)))
        assert not names & THAI_NGUYEN_TWINS
        assert not [n for n in names if n.endswith(("-2", " 2"))]


def test_an_overrides_file_resolves_the_reported_collision(app, tmp_path):
    with app.app_context(), unscoped():
        first = import_province("Thái Nguyên")
        db.session.commit()
        codes = {name: code for code, name in first.collisions[0].units}
        labels = tmp_path / "labels.json"
        labels.write_text(json.dumps({
            codes["Xã Văn Lăng"].lstrip("0"): "xavanlang-daitu",  # leading zeros optional
            codes["Xã Văn Lang"]: "xavanlang-dinhhoa",
        }), encoding="utf-8")
        second = import_province("Thái Nguyên", overrides=load_overrides(labels))
        db.session.commit()
        assert second.created == 2 and not second.collisions
    assert host_client(app, "xavanlang-dinhhoa.thainguyen.localhost").get("/").status_code == 200


def test_a_unit_whose_host_is_already_taken_is_reported(app):
    with app.app_context(), unscoped():
        import_province("Lạng Sơn")
        thong_nhat = db.session.scalars(select(Tenant).filter_by(
            slug="xathongnhat.langson")).one()
        code = thong_nhat.admin_code
        thong_nhat.admin_code = None  # as if the site had been created by hand
        db.session.commit()
        report = import_province("Lạng Sơn")
        [collision] = report.collisions
        assert collision.units == [(code, "Xã Thống Nhất")]
        assert collision.taken_by == "Xã Thống Nhất (xathongnhat.langson)"


def test_the_import_command_reports_and_is_idempotent(app, tmp_path):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["tenants", "import-province", "lang son"])
    assert result.exit_code == 0, result.output
    assert "66 sites created" in result.output
    again = runner.invoke(args=["tenants", "import-province", "Lạng Sơn"])
    assert "0 sites created" in again.output and "65 already present" in again.output

    thai = runner.invoke(args=["tenants", "import-province", "Thái Nguyên",
                               "--suffix", "gov.vn"])
    assert thai.exit_code == 0
    assert "COLLISION xavanlang.thainguyen.gov.vn" in thai.output
    assert "--labels" in thai.output

    unknown = runner.invoke(args=["tenants", "import-province", "Atlantis"])
    assert unknown.exit_code == 1 and "Atlantis" in unknown.output
    bad = tmp_path / "bad.json"
    bad.write_text('{"5665": "Xã Văn Lăng"}', encoding="utf-8")
    refused = runner.invoke(args=["tenants", "import-province", "Thái Nguyên",
                                  "--labels", str(bad)])
    assert refused.exit_code == 1 and "not a valid domain label" in refused.output


def test_every_province_can_be_imported_at_once(app):
    """All 34 provinces and 3,321 units: a few seconds, in bulk, no duplicates."""
    with app.app_context(), unscoped():
        report = import_provinces()
        db.session.commit()
        skipped = sum(len(c.units) for c in report.collisions)
        assert count_sites(TenantKind.PROVINCE) == 34
        assert count_sites(TenantKind.COMMUNE) == 3321 - skipped
        assert 0 < skipped < 40  # the few twins, e.g. Thái Nguyên's Văn Lăng/Văn Lang
        assert report.seconds < 60
        again = import_provinces()
        assert again.created == 0


def _wards(province):  # type: ignore[no-untyped-def]
    from vietnam_provinces import Ward
    return Ward.iter_by_province(province.code)


@pytest.mark.parametrize("query", ["Lạng Sơn", "lang son", "Tỉnh Lạng Sơn", "lang_son", "20"])
def test_a_province_is_found_by_name_codename_or_code(query):
    assert find_province(query).name == "Lạng Sơn"


def test_unit_codes_keep_their_leading_zeros():
    ward = next(iter(_wards(find_province("Lạng Sơn"))))
    assert ward_code(ward) == f"{int(ward.code):05d}"
