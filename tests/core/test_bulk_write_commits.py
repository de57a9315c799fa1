"""A request whose only write is a bulk statement (session.execute(update(...))) is
committed like any other: the lifecycle notes statement writes, not only flushes."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select, update

from hub.extensions import db
from tenants.context import unscoped
from tenants.models import Tenant


def test_a_request_that_only_sends_an_update_statement_is_committed(app: Flask, province):
    @app.get("/_test/rename")
    def rename():  # type: ignore[no-untyped-def]
        with unscoped():
            db.session.execute(update(Tenant).where(Tenant.id == province.id)
                               .values(name="Tỉnh Lạng Sơn (đổi tên)"))
        return "ok"

    assert app.test_client().get("/_test/rename",
                                 headers={"Host": "langson.localhost"}).status_code == 200
    with app.app_context(), unscoped():
        db.session.remove()
        assert db.session.scalar(select(Tenant.name).where(Tenant.id == province.id)) == \
            "Tỉnh Lạng Sơn (đổi tên)"
