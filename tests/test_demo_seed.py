"""``flask demo seed`` builds the demo province of Lạng Sơn once, with every role.

Both layouts are there: 2025 communes on the 4th level (``xathongnhat``) and a legacy
district with a 5th-level commune (``songgiap.caoloc``), so an office member can try a
move; the translation office (Sở Ngoại vụ) has translators.
"""

from __future__ import annotations

import unicodedata

from markupsafe import escape
from sqlalchemy import func, select

from hub.accounts.models import HubRole, Membership, SiteRole, User
from hub.api.structure import structure_of_sites
from hub.demo.seed import DEMO_PASSWORD, demo_is_seeded, seed_demo
from hub.extensions import db
from tenants.context import unscoped
from tenants.models import FOOTER_FACTS, Domain, Tenant, TenantKind
from tests.factories import host_client


def host_of(slug: str) -> str | None:
    return db.session.scalars(select(Tenant).filter_by(slug=slug)).one().host


def test_the_demo_province_has_its_sites_on_both_layouts(app):
    with app.app_context(), unscoped():
        assert not demo_is_seeded()
        summary = seed_demo()
        db.session.commit()
        assert summary.created and demo_is_seeded()
        assert summary.site_count == 1 + 4 + 65 + 2
        assert host_of("langson") == "langson.localhost"
        assert host_of("sokhcn.langson") == "sokhcn.langson.localhost"
        assert host_of("songoaivu.langson") == "songoaivu.langson.localhost"
        assert host_of("xathongnhat.langson") == "xathongnhat.langson.localhost"
        assert host_of("songgiap.caoloc.langson") == "songgiap.caoloc.langson.localhost"
        english = db.session.scalars(select(Domain).filter_by(
            hostname="english.langson.localhost")).one()
        assert english.locale == "en" and english.is_primary
        province = db.session.scalars(select(Tenant).filter_by(slug="langson")).one()
        assert province.setting("governing_agency") == \
            "Văn phòng Ủy ban nhân dân tỉnh Lạng Sơn"
        assert province.setting("languages") == ["vi", "en"]
        assert all(province.setting(key) for key in (
            "responsible_person", "address", "phone", "email", "licence"))
        with unscoped():
            communes = db.session.scalar(select(func.count()).select_from(Tenant).where(
                Tenant.kind == TenantKind.COMMUNE, Tenant.parent_id == province.id))
        assert communes == 65

    assert host_client(app, "xathongnhat.langson.localhost").get("/").status_code == 200
    assert host_client(app, "english.langson.localhost").get("/").status_code == 200
    every_sub_site_has_its_own_footer_facts(app)


def every_sub_site_has_its_own_footer_facts(app) -> None:  # type: ignore[no-untyped-def]
    """Circular 22/2023: no demo site lacks a footer fact; each sub-site's are its own,
    written in composed Unicode (TCVN 6909), and its public footer shows them."""
    with app.app_context(), unscoped():
        sites = list(db.session.scalars(select(Tenant)))
        states = structure_of_sites([site.id for site in sites])
        assert {site.slug: states[site.id].missing_facts for site in sites
                if states[site.id].missing_facts} == {}
        subs = [site for site in sites if site.parent_id is not None]
        for key in FOOTER_FACTS:
            values = [str(site.setting(key)) for site in subs]
            assert all(unicodedata.is_normalized("NFC", value) for value in values)
            if key != "governing_agency":  # a department's, say, names its province
                assert len(set(values)) == len(subs), key
        commune = next(site for site in subs if site.slug == "xathongnhat.langson")
        assert commune.setting("governing_agency") == "Ủy ban nhân dân xã Thống Nhất"
        assert commune.setting("email") == "xathongnhat@langson.gov.vn"
        legacy = next(site for site in subs if site.slug == "songgiap.caoloc.langson")
        assert "xã Song Giáp, huyện Cao Lộc, tỉnh Lạng Sơn" in legacy.setting("address")
        department = next(site for site in subs if site.slug == "sokhcn.langson")
        assert department.setting("governing_agency") == \
            "Sở Khoa học và Công nghệ tỉnh Lạng Sơn"
        office = next(site for site in subs if site.slug == "vpubnd.langson")
        assert office.setting("governing_agency") == \
            "Văn phòng Ủy ban nhân dân tỉnh Lạng Sơn"
        facts = {key: commune.setting(key) for key in FOOTER_FACTS}
    for host in ("xathongnhat.langson.localhost", "songgiap.caoloc.langson.localhost"):
        assert host_client(app, host).get("/api/v1/structure").get_json()["data"][
            "missing_footer_facts"] == []
    footer = host_client(app, "xathongnhat.langson.localhost").get("/").text
    footer = footer[footer.index('class="site-footer"'):]
    for value in facts.values():
        assert escape(value) in footer


def test_seeding_twice_changes_nothing(app):
    with app.app_context(), unscoped():
        seed_demo()
        db.session.commit()
        with unscoped():
            before = (db.session.scalar(select(func.count()).select_from(Tenant)),
                      db.session.scalar(select(func.count()).select_from(User)))
        again = seed_demo()
        db.session.commit()
        assert not again.created
        assert "already exists" in again.lines()[0]
        with unscoped():
            assert before == (db.session.scalar(select(func.count()).select_from(Tenant)),
                              db.session.scalar(select(func.count()).select_from(User)))


def test_every_hub_and_site_role_has_a_demo_account(app):
    with app.app_context(), unscoped():
        seed_demo()
        db.session.commit()
        with unscoped():
            hub_roles = set(db.session.scalars(select(User.hub_role)
                                               .where(User.hub_role.is_not(None))))
            memberships = db.session.execute(
                select(Tenant.slug, Membership.role).join(Tenant,
                                                          Tenant.id == Membership.tenant_id)
            ).all()
        assert hub_roles == set(HubRole)
        admin = db.session.scalars(select(User).filter_by(email="admin@langson.gov.vn")).one()
        assert admin.hub_role == HubRole.HUB_ADMIN
        by_site: dict[str, set[SiteRole]] = {}
        for slug, role in memberships:
            by_site.setdefault(slug, set()).add(role)
        assert by_site["sokhcn.langson"] == {SiteRole.SITE_ADMIN, SiteRole.APPROVER,
                                             SiteRole.EDITOR, SiteRole.CONTRIBUTOR}
        assert by_site["xathongnhat.langson"] == {SiteRole.SITE_ADMIN, SiteRole.EDITOR}
        assert SiteRole.TRANSLATOR in by_site["songoaivu.langson"]
        assert set().union(*by_site.values()) == set(SiteRole)


def test_the_demo_password_logs_in(app):
    from hub.accounts.passwords import verify_password
    with app.app_context(), unscoped():
        seed_demo()
        db.session.commit()
        user = db.session.scalars(select(User).filter_by(
            email="capnhat.sokhcn@langson.gov.vn")).one()
        assert verify_password(user.password_hash, DEMO_PASSWORD)


def test_the_seed_command_prints_sites_and_logins_once(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "seed"])
    assert first.exit_code == 0, first.output
    assert "http://xathongnhat.langson.localhost:8000/" in first.output
    assert "http://songgiap.caoloc.langson.localhost:8000/" in first.output
    assert "admin@langson.gov.vn" in first.output and DEMO_PASSWORD in first.output
    # A backup of it all, made and verified (the office's page has one to show).
    assert "made and verified (/quan-tri/tinh/sao-luu" in first.output
    # The demo province carries every section Circular 22/2023 requires, as the
    # monitoring platform reads it (its introduction is a page of kind introduction).
    structure = host_client(app, "langson.localhost").get("/api/v1/structure").get_json()
    assert structure["data"]["complete"], [
        s["code"] for s in structure["data"]["sections"] if not s["non_empty"]]

    second = runner.invoke(args=["demo", "seed"])
    assert second.exit_code == 0 and "already exists" in second.output
    quiet = runner.invoke(args=["demo", "seed", "--if-empty"])
    assert quiet.exit_code == 0 and "not seeded" in quiet.output
    info = runner.invoke(args=["demo", "info", "--port", "8001"])
    assert "http://sokhcn.langson.localhost:8001/" in info.output
