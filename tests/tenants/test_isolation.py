"""A site sees only its own rows: enforced by the ORM on every database, and again by
PostgreSQL's row-level security for the application's role."""

from __future__ import annotations

import gc
import weakref
from datetime import UTC, datetime

import pytest
from sqlalchemy import event, func, select, text, update

from hub.accounts.models import Membership, SiteRole, User
from hub.extensions import db
from tenants.context import TenantContextMissing, TenantMismatch, tenant_scope, unscoped
from tests.factories import create_user


@pytest.fixture
def staff(app, two_sites):
    a, b = two_sites
    create_user(app, "a@sokhcn.gov.vn", roles={a: ["editor", "approver"]})
    create_user(app, "b@thongnhat.gov.vn", roles={b: "editor"})
    create_user(app, "both@langson.gov.vn", roles={a: "site_admin", b: "site_admin"})
    return a, b


def test_a_query_of_tenant_owned_rows_without_a_tenant_raises(app, staff):
    with app.app_context(), pytest.raises(TenantContextMissing):
        db.session.scalars(select(Membership)).all()


def test_a_scoped_query_sees_only_its_own_tenant(app, staff):
    a, b = staff
    with app.app_context():
        with tenant_scope(a.id):
            tenants = set(db.session.scalars(select(Membership.tenant_id)).all())
            count = db.session.scalar(select(func.count()).select_from(Membership))
        assert tenants == {a.id}
        assert count == 3
        with tenant_scope(b.id):
            assert set(db.session.scalars(select(Membership.tenant_id))) == {b.id}


def test_get_by_id_of_another_tenants_row_finds_nothing(app, staff):
    a, b = staff
    with app.app_context():
        with unscoped():
            foreign_id = db.session.scalar(select(Membership.id).filter_by(tenant_id=b.id))
        db.session.expunge_all()  # nothing cached in the identity map
        with tenant_scope(a.id):
            assert db.session.get(Membership, foreign_id) is None


def test_relationship_loads_are_scoped_too(app, staff):
    a, b = staff
    with app.app_context(), tenant_scope(a.id):
        user = db.session.scalar(select(User).filter_by(email="both@langson.gov.vn"))
        assert {m.tenant_id for m in user.memberships} == {a.id}


def test_a_row_loaded_for_one_tenant_loads_its_relations_in_the_scope_current_then(
        app, staff):
    # The criteria do not travel with a loaded row: its later lazy loads are scoped by
    # the hook to whatever is current when they run (all of them inside unscoped()).
    a, b = staff
    with app.app_context():
        with tenant_scope(a.id):
            user = db.session.scalar(select(User).filter_by(email="both@langson.gov.vn"))
        with unscoped():
            assert {m.tenant_id for m in user.memberships} == {a.id, b.id}
        db.session.expire(user, ["memberships"])
        with tenant_scope(b.id):
            assert {m.tenant_id for m in user.memberships} == {b.id}


def test_new_rows_take_the_current_tenant(app, staff):
    a, _ = staff
    with app.app_context(), tenant_scope(a.id):
        user = db.session.scalar(select(User).filter_by(email="b@thongnhat.gov.vn"))
        membership = Membership(user_id=user.id, role=SiteRole.CONTRIBUTOR)
        db.session.add(membership)
        db.session.flush()
        assert membership.tenant_id == a.id
        db.session.rollback()


def test_a_row_for_another_tenant_raises(app, staff):
    a, b = staff
    with app.app_context(), tenant_scope(a.id):
        user = db.session.scalar(select(User).filter_by(email="a@sokhcn.gov.vn"))
        db.session.add(Membership(user_id=user.id, role=SiteRole.EDITOR, tenant_id=b.id))
        with pytest.raises(TenantMismatch):
            db.session.flush()
        db.session.rollback()


def test_a_row_cannot_move_to_another_tenant(app, staff):
    a, b = staff
    with app.app_context(), unscoped():
        membership = db.session.scalar(select(Membership).filter_by(tenant_id=a.id).limit(1))
        membership.tenant_id = b.id
        with pytest.raises(TenantMismatch):
            db.session.flush()
        db.session.rollback()


def test_bulk_update_touches_only_the_current_tenant(app, staff):
    a, b = staff
    with app.app_context():
        with tenant_scope(a.id):
            db.session.execute(update(Membership).where(Membership.role == SiteRole.EDITOR)
                               .values(role=SiteRole.CONTRIBUTOR))
            db.session.commit()
        with unscoped():
            roles_b = set(db.session.scalars(select(Membership.role).filter_by(tenant_id=b.id)))
        assert roles_b == {SiteRole.EDITOR, SiteRole.SITE_ADMIN}


def test_a_bulk_update_by_primary_key_is_refused(app, staff):
    # Many parameter sets in one UPDATE is SQLAlchemy's "bulk by primary key", which
    # takes no loader criteria: it would write another site's rows, so it is refused.
    a, b = staff
    with app.app_context():
        with unscoped():
            ids = list(db.session.scalars(select(Membership.id)))
            before = {row.id: row.created_at for row in db.session.scalars(select(Membership))}
        with tenant_scope(a.id), pytest.raises(TenantMismatch, match="bulk UPDATE"):
            db.session.execute(update(Membership), [
                {"id": member_id, "created_at": datetime(2001, 1, 1, tzinfo=UTC)}
                for member_id in ids])
        db.session.rollback()
        with unscoped():
            after = {row.id: row.created_at for row in db.session.scalars(select(Membership))}
    assert after == before


def test_every_tenant_runs_the_same_compiled_statement(app, staff):
    # The tenant is a bound parameter of the criteria, not part of the statement: a
    # query compiled for one site serves every site (and gives each its own rows).
    a, b = staff
    statements: list[str] = []
    with app.app_context():
        engine = db.engine
        record = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", record)
        try:
            seen = {}
            for tenant in (a.id, b.id):
                with tenant_scope(tenant):
                    seen[tenant] = set(db.session.scalars(select(Membership.tenant_id)))
                db.session.rollback()
        finally:
            event.remove(engine, "before_cursor_execute", record)
    queries = [sql for sql in statements if "membership" in sql]
    assert len(queries) == 2 and queries[0] == queries[1]
    assert str(a.id) not in queries[0].split("WHERE")[1].replace("tenant_id", "")
    assert seen == {a.id: {a.id}, b.id: {b.id}}


def test_a_statement_built_once_is_scoped_once_and_serves_every_tenant(app, staff):
    # Pages build their statements once and run them for every site: the scoped form
    # is made once per statement (so SQLAlchemy works out its cache key once), and each
    # execution still reads the rows of the tenant current then, never the first one's.
    from tenants import isolation
    a, b = staff
    statement = select(Membership.tenant_id)
    seen: dict[int, set[int]] = {}
    with app.app_context():
        for tenant in (a.id, b.id, a.id):
            with tenant_scope(tenant):
                seen.setdefault(tenant, set()).update(db.session.scalars(statement))
            db.session.rollback()
        with unscoped():
            assert set(db.session.scalars(statement)) == {a.id, b.id}
    assert seen == {a.id: {a.id}, b.id: {b.id}}
    assert isolation._scoped(statement) is isolation._scoped(statement)
    assert isolation._scoped(statement) is not statement
    # A statement built for one request is not kept alive by the cache.
    with app.app_context(), tenant_scope(a.id):
        once = select(Membership.id).where(Membership.tenant_id > 0)
        db.session.scalars(once).all()
        alive = weakref.ref(once)
        del once
    gc.collect()
    assert alive() is None


def test_an_unscoped_block_reads_across_tenants(app, staff):
    a, b = staff
    with app.app_context(), unscoped():
        assert set(db.session.scalars(select(Membership.tenant_id))) == {a.id, b.id}


# --- PostgreSQL: the database enforces it as well -----------------------------------

@pytest.fixture
def pg_staff(pg_app):
    from tests.factories import create_site
    province = create_site(pg_app, "langson", "Tỉnh Lạng Sơn", "province",
                           hosts=("langson.localhost",))
    a = create_site(pg_app, "sokhcn.langson", "Sở KH&CN", "department", parent=province,
                    hosts=("sokhcn.langson.localhost",))
    b = create_site(pg_app, "xathongnhat.langson", "Xã Thống Nhất", parent=province,
                    hosts=("xathongnhat.langson.localhost",))
    create_user(pg_app, "a@sokhcn.gov.vn", roles={a: "editor"})
    create_user(pg_app, "b@thongnhat.gov.vn", roles={b: ["editor", "approver"]})
    return pg_app, a, b


def test_raw_sql_over_the_apps_connection_sees_no_row_of_another_tenant(pg_staff):
    app, a, b = pg_staff
    with app.app_context(), tenant_scope(a.id):
        rows = db.session.execute(text("SELECT tenant_id FROM membership")).all()
        assert {row.tenant_id for row in rows} == {a.id}
        explicit = db.session.execute(
            text("SELECT count(*) FROM membership WHERE tenant_id = :b"), {"b": b.id})
        assert explicit.scalar_one() == 0


def test_no_tenant_set_means_no_rows(pg_staff):
    app, a, b = pg_staff
    with app.app_context():
        with db.engine.connect() as connection:  # straight past the ORM hooks
            assert connection.execute(text("SELECT count(*) FROM membership")).scalar_one() == 0
            assert connection.execute(text("SELECT count(*) FROM audit_entry")).scalar_one() == 0


def test_raw_sql_cannot_write_a_row_into_another_tenant(pg_staff):
    from sqlalchemy.exc import ProgrammingError
    app, a, b = pg_staff
    with app.app_context(), tenant_scope(a.id):
        user_id = db.session.execute(text("SELECT id FROM user_account LIMIT 1")).scalar_one()
        with pytest.raises(ProgrammingError, match="row-level security"):
            db.session.execute(text(
                "INSERT INTO membership (user_id, role, tenant_id, created_at) "
                "VALUES (:u, 'editor', :b, now())"), {"u": user_id, "b": b.id})
        db.session.rollback()


def test_the_tenant_setting_is_a_bound_parameter_not_sql(pg_staff):
    app, a, _ = pg_staff
    with app.app_context(), tenant_scope(a.id):
        setting = db.session.execute(text("SELECT current_setting('app.tenant_id')")).scalar_one()
        assert setting == str(a.id)


def test_the_tenant_setting_is_local_to_the_transaction(pg_staff):
    app, a, _ = pg_staff
    with app.app_context():
        with tenant_scope(a.id):
            db.session.execute(text("SELECT 1"))
            db.session.commit()
        with db.engine.connect() as connection:
            value = connection.execute(
                text("SELECT current_setting('app.tenant_id', true)")).scalar_one()
            assert value in (None, "")


def test_a_request_sets_its_tenant_for_the_database_once(pg_staff):
    # At the start of its transaction; the end of the request resets the tenant context
    # without a round trip to re-scope a transaction that is over.
    from tests.factories import host_client
    app, a, _ = pg_staff
    with app.app_context():
        engine = db.engine
    sent: list[str] = []
    record = lambda *args: sent.append(args[2])  # noqa: E731
    client = host_client(app, "sokhcn.langson.localhost")
    client.get("/tin-tuc?lan=warm-up")  # the site's layout is built and kept
    event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get("/tin-tuc").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    settings = [sql for sql in sent if "set_config" in sql]
    assert len(settings) == 1, sent
    assert sent.index(settings[0]) == 0


def test_the_audit_log_cannot_be_changed_by_the_application(pg_staff):
    from sqlalchemy.exc import ProgrammingError

    from hub.audit.operations import record
    app, a, _ = pg_staff
    with app.app_context(), tenant_scope(a.id):
        record("test.event", object_type="Thing", object_id=1)
        db.session.commit()
    with app.app_context(), tenant_scope(a.id):
        with pytest.raises(ProgrammingError, match="permission denied"):
            db.session.execute(text("UPDATE audit_entry SET action = 'forged'"))
        db.session.rollback()
        with pytest.raises(ProgrammingError, match="permission denied"):
            db.session.execute(text("DELETE FROM audit_entry"))
        db.session.rollback()
