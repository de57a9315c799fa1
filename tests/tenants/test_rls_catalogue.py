"""Every table with a tenant_id column is under row-level security, enabled and forced,
and the application connects as a role that cannot get around it."""

from __future__ import annotations

from sqlalchemy import text

from hub.extensions import db


def test_every_tenant_owned_table_has_rls_enabled_and_forced(pg_app):
    with pg_app.app_context():
        rows = db.session.execute(text(
            "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, "
            "  (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid) AS policies "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind = 'r' AND EXISTS ("
            "  SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid "
            "  AND a.attname = 'tenant_id' AND NOT a.attisdropped)")).all()
    assert rows, "no tenant-owned tables found"
    unprotected = [r.relname for r in rows
                   if not (r.relrowsecurity and r.relforcerowsecurity and r.policies)]
    assert unprotected == []
    assert {"membership", "audit_entry"} <= {r.relname for r in rows}


def test_every_tenant_owned_model_is_a_tenant_owned_table(pg_app):
    from tenants.database import tenant_owned_tables
    from tenants.isolation import TenantOwned
    with pg_app.app_context():
        tables = set(tenant_owned_tables(db.session.connection()))
        models = {mapper.local_table.name for mapper in db.Model.registry.mappers
                  if issubclass(mapper.class_, TenantOwned)}
    assert models <= tables


def test_the_application_role_does_not_own_the_tables_nor_bypass_rls(pg_app):
    with pg_app.app_context():
        me = db.session.execute(text(
            "SELECT current_user AS name, rolsuper, rolbypassrls FROM pg_roles "
            "WHERE rolname = current_user")).one()
        owners = set(db.session.scalars(text(
            "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = current_schema()")))
    assert not me.rolsuper and not me.rolbypassrls
    assert me.name not in owners


def test_domains_are_readable_by_every_site_but_written_only_by_the_office(pg_app):
    import pytest
    from sqlalchemy.exc import ProgrammingError

    from tenants.context import tenant_scope
    from tests.factories import create_site
    province = create_site(pg_app, "langson", "Tỉnh Lạng Sơn", "province",
                           hosts=("langson.localhost",))
    site = create_site(pg_app, "sokhcn.langson", "Sở KH&CN", "department", parent=province,
                       hosts=("sokhcn.langson.localhost",))
    with pg_app.app_context(), tenant_scope(site.id):
        hosts = set(db.session.scalars(text("SELECT hostname FROM domain")))
        assert hosts == {"langson.localhost", "sokhcn.langson.localhost"}
        changed = db.session.execute(text(
            "UPDATE domain SET hostname = 'evil.localhost' "
            "WHERE hostname = 'langson.localhost' RETURNING id")).all()
        assert changed == []
        with pytest.raises(ProgrammingError, match="row-level security"):
            db.session.execute(text(
                "INSERT INTO domain (hostname, tenant_id, locale, is_primary, is_redirect) "
                "VALUES ('evil.localhost', :t, 'vi', false, false)"), {"t": site.id})
        db.session.rollback()
