"""SQL run as the application's role cannot open another site's rows by changing the
settings the policies read: each is trusted only with its proof (``tenants.proofs``),
made with a key the role cannot read. PostgreSQL only."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import ProgrammingError

from hub.extensions import db
from tenants import proofs
from tenants.context import tenant_scope, unscoped
from tests.factories import create_site, create_user


@pytest.fixture
def sites(pg_app):
    province = create_site(pg_app, "langson", "Tỉnh Lạng Sơn", "province",
                           hosts=("langson.localhost",))
    a = create_site(pg_app, "sokhcn.langson", "Sở KH&CN", "department", parent=province,
                    hosts=("sokhcn.langson.localhost",))
    b = create_site(pg_app, "xathongnhat.langson", "Xã Thống Nhất", parent=province,
                    hosts=("xathongnhat.langson.localhost",))
    create_user(pg_app, "a@sokhcn.gov.vn", roles={a: "editor"})
    create_user(pg_app, "b@thongnhat.gov.vn", roles={b: ["editor", "approver"]})
    return pg_app, a, b


def _membership_tenants() -> set[int]:
    return set(db.session.scalars(text("SELECT tenant_id FROM membership")))


ESCAPES = [
    "SET LOCAL app.unscoped = 'on'",
    "SELECT set_config('app.unscoped', 'on', true)",
    "SET app.unscoped = 'on'",
    "SELECT set_config('app.unscoped_proof', 'on', true)",
    "SELECT set_config('app.unscoped_proof', repeat('0', 64), true)",
]


@pytest.mark.parametrize("escape", ESCAPES)
def test_a_setting_does_not_open_every_site(sites, escape):
    app, a, b = sites
    with app.app_context(), tenant_scope(a.id):
        db.session.execute(text(escape))
        assert _membership_tenants() == {a.id}
        db.session.rollback()


def test_naming_another_tenant_without_its_proof_opens_nothing(sites):
    app, a, b = sites
    with app.app_context(), tenant_scope(a.id):
        proof = db.session.scalar(text("SELECT current_setting('app.tenant_proof')"))
        db.session.execute(text("SELECT set_config('app.tenant_id', :b, true)"),
                           {"b": str(b.id)})
        assert _membership_tenants() == set()  # a's proof does not fit b
        db.session.execute(text("SELECT set_config('app.tenant_proof', :p, true)"),
                           {"p": proof})
        assert _membership_tenants() == set()
        db.session.rollback()


def test_a_proof_seen_in_one_cross_site_transaction_is_worth_nothing_in_the_next(sites):
    app, a, b = sites
    with app.app_context():
        with unscoped():
            assert _membership_tenants() == {a.id, b.id}  # the real block reads every site
            kept = db.session.scalar(text("SELECT current_setting('app.unscoped_proof')"))
            db.session.commit()
        with tenant_scope(a.id):
            db.session.execute(text("SELECT set_config('app.unscoped_proof', :p, true)"),
                               {"p": kept})
            assert _membership_tenants() == {a.id}
            db.session.rollback()


def test_the_key_is_out_of_the_application_roles_reach(sites):
    app, a, _ = sites
    with app.app_context(), tenant_scope(a.id):
        with pytest.raises(ProgrammingError, match="permission denied"):
            db.session.execute(text("SELECT * FROM portal_private.portal_database_key"))
        db.session.rollback()
        # Nor can it change the policies or the functions that check the proofs.
        for statement in ("ALTER TABLE membership DISABLE ROW LEVEL SECURITY",
                          "DROP POLICY tenant_isolation ON membership",
                          "CREATE OR REPLACE FUNCTION public.portal_unscoped() "
                          "RETURNS boolean LANGUAGE sql AS 'SELECT true'"):
            with pytest.raises(ProgrammingError, match="must be owner|permission denied"):
                db.session.execute(text(statement))
            db.session.rollback()


def test_a_forged_proof_needs_the_key(sites):
    app, a, b = sites
    with app.app_context(), tenant_scope(a.id):
        wrong_key = proofs.database_key("not the app's secret")
        db.session.execute(text("SELECT set_config('app.tenant_id', :b, true), "
                                "set_config('app.tenant_proof', :p, true)"),
                           {"b": str(b.id), "p": proofs.tenant_proof(wrong_key, b.id)})
        assert _membership_tenants() == set()
        db.session.rollback()


def test_writing_into_another_site_with_the_settings_changed_is_refused(sites):
    app, a, b = sites
    with app.app_context(), tenant_scope(a.id):
        user_id = db.session.execute(text("SELECT id FROM user_account LIMIT 1")).scalar_one()
        db.session.execute(text("SELECT set_config('app.unscoped', 'on', true)"))
        with pytest.raises(ProgrammingError, match="row-level security"):
            db.session.execute(text(
                "INSERT INTO membership (user_id, role, tenant_id, created_at) "
                "VALUES (:u, 'editor', :b, now())"), {"u": user_id, "b": b.id})
        db.session.rollback()


def test_no_policy_reads_a_setting_without_its_proof(pg_app):
    with pg_app.app_context():
        expressions = db.session.scalars(text(
            "SELECT coalesce(pg_get_expr(polqual, polrelid), '') || ' ' || "
            "coalesce(pg_get_expr(polwithcheck, polrelid), '') FROM pg_policy")).all()
    assert expressions
    for expression in expressions:
        assert "current_setting" not in expression
        assert "app.unscoped" not in expression


def test_a_site_reads_its_own_queued_mail_only(sites):
    # A reset link or a citizen's receipt waiting in the queue is its site's alone.
    from hub.core.mail import send_after_commit
    app, a, b = sites
    with app.app_context():
        for site in (a, b):
            with tenant_scope(site.id):
                send_after_commit(db.session(), f"someone@{site.slug}.vn", "Link",
                                  "https://example.invalid/dat-lai/secret")
                db.session.commit()
        with tenant_scope(a.id):
            recipients = set(db.session.scalars(text("SELECT recipient FROM mail_message")))
            db.session.execute(text("SELECT set_config('app.unscoped', 'on', true)"))
            assert set(db.session.scalars(text("SELECT recipient FROM mail_message"))) == (
                recipients)
            db.session.rollback()
    assert recipients == {"someone@sokhcn.langson.vn"}


def test_health_says_when_the_database_holds_another_key(pg_app):
    # A new PORTAL_SECRET_KEY without `flask db upgrade` would show every site empty.
    client = pg_app.test_client()
    assert client.get("/healthz").get_json() == {"status": "ok", "database": "ok"}
    pg_app.extensions["portal_database_key"] = proofs.database_key("a rotated secret")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "key-mismatch"
    assert "flask db upgrade" in response.get_json()["reason"]
