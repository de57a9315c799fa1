"""The audit log is append-only: written by the account actions, never rewritten."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from hub.audit.models import AuditEntry, AuditLogIsAppendOnly
from hub.audit.operations import record
from hub.extensions import db
from tenants.context import tenant_scope, unscoped
from tests.accounts.conftest import A_HOST, audit, site_client
from tests.factories import create_user, login


@pytest.fixture
def entry_id(app, site_a) -> int:  # type: ignore[no-untyped-def]
    create_user(app, "lan@sokhcn.gov.vn", {site_a: "editor"})
    login(site_client(app, A_HOST), "lan@sokhcn.gov.vn")
    entries = audit(app, "login.succeeded")
    assert len(entries) == 1 and entries[0].ip == "127.0.0.1"
    assert entries[0].actor_label == "lan@sokhcn.gov.vn"
    return entries[0].id


def test_the_orm_refuses_to_change_an_entry(app, site_a, entry_id):
    with app.app_context(), tenant_scope(site_a.id):
        entry = db.session.get(AuditEntry, entry_id)
        entry.action = "login.failed"
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.flush()
        db.session.rollback()
    assert audit(app)[0].action == "login.succeeded"


def test_the_orm_refuses_to_delete_an_entry(app, site_a, entry_id):
    with app.app_context(), tenant_scope(site_a.id):
        db.session.delete(db.session.get(AuditEntry, entry_id))
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.flush()
        db.session.rollback()
    assert len(audit(app)) == 1


def test_postgresql_refuses_even_a_raw_statement(app, site_a, entry_id):
    if app.config["PORTAL_TEST_BACKEND"] != "postgresql":
        pytest.skip("the database-level refusal is PostgreSQL's (no UPDATE/DELETE grant)")
    for statement in (update(AuditEntry).values(action="x"), delete(AuditEntry),
                      text("UPDATE audit_entry SET action = 'x'")):
        with app.app_context(), unscoped():
            with pytest.raises(DBAPIError):
                db.session.execute(statement)
            db.session.rollback()
    assert audit(app)[0].action == "login.succeeded"


def test_a_hub_level_entry_has_no_site(app):
    with app.app_context(), unscoped():
        record("user.created", actor_label="cli:test", object_type="User", object_id=1)
        db.session.commit()
        entry = db.session.scalars(select(AuditEntry)).one()
        assert entry.tenant_id is None and entry.ip is None
