"""A domain change is announced to every worker when it commits, never when it is rolled
back; a rolled-back savepoint does not cancel the announcement of the work around it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import select

from hub import create_app
from hub.accounts.models import User
from hub.extensions import db
from tenants.context import unscoped
from tenants.models import Domain, Tenant
from tests.factories import create_user, host_client

NEW_HOST = "congthongtin.langson.localhost"


@pytest.fixture
def other_worker(app: Flask) -> Iterator[Flask]:
    """A second application over the same database and host version file."""
    other = create_app({**app.config})
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def status(application: Flask, host: str = NEW_HOST) -> int:
    return host_client(application, host).get("/").status_code


def add_new_host(province: Tenant) -> None:
    db.session.add(Domain(hostname=NEW_HOST, tenant_id=province.id, locale="vi"))
    db.session.flush()


def test_a_committed_host_is_served_at_once_by_this_app_and_another(app, other_worker,
                                                                    province):
    """Both apps had their maps built; both serve the new host after the commit."""
    assert status(app) == status(other_worker) == 404
    with app.app_context(), unscoped():
        add_new_host(province)
        assert status(other_worker) == 404  # not committed yet
        db.session.commit()
    assert status(app) == 200
    assert status(other_worker) == 200


def test_a_rolled_back_host_is_neither_served_nor_announced(app, other_worker, province):
    """The shared version stays put even when the session commits other work later."""
    create_user(app, "lan@langson.gov.vn")
    assert status(app) == status(other_worker) == 404
    version = app.extensions["portal_hosts"].version
    before = version.read()
    with app.app_context(), unscoped():
        add_new_host(province)
        db.session.rollback()
        user = db.session.scalar(select(User).where(User.email == "lan@langson.gov.vn"))
        user.display_name = "Nguyễn Thị Lan"  # other work, committed by the same session
        db.session.commit()
    assert version.read() == before
    assert status(app) == status(other_worker) == 404


def test_a_rolled_back_savepoint_keeps_the_announcement_of_the_outer_change(app, other_worker,
                                                                          province):
    """The host added outside the savepoint is served by both apps after the commit."""
    assert status(app) == status(other_worker) == 404
    with app.app_context(), unscoped():
        add_new_host(province)
        savepoint = db.session.begin_nested()
        db.session.add(Domain(hostname="tam.langson.localhost", tenant_id=province.id))
        db.session.flush()
        savepoint.rollback()
        db.session.commit()
    assert status(app) == 200
    assert status(other_worker) == 200
    assert status(app, "tam.langson.localhost") == 404


def test_a_map_built_between_a_savepoint_and_the_commit_is_not_kept(app, other_worker,
                                                                    province):
    """A worker that reads the hosts before the commit still serves the host after it."""
    assert status(other_worker) == 404
    with app.app_context(), unscoped():
        add_new_host(province)
        db.session.begin_nested().commit()
        assert status(other_worker) == 404  # not committed yet
        db.session.commit()
    assert status(other_worker) == 200
