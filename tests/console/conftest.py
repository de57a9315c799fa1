"""The console's world: the province with a department and a commune, staff of every
kind, and clients on the province's host."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import Flask
from sqlalchemy import select

from hub.extensions import db
from tenants.context import unscoped
from tenants.models import Tenant
from tests.console.reports_helpers import office_sites, publication_figures
from tests.deadlines.builders import seed_regulation
from tests.factories import create_site, create_user, host_client, login

PROVINCE_HOST = "langson.localhost"
# The fixtures of the reminders' and periodic reports' tests.
__all__ = ["office_sites", "publication_figures"]


@pytest.fixture
def sites(app: Flask, two_sites):  # type: ignore[no-untyped-def]
    """The department (quota 2 news a month) and the commune (3), on the portal since
    2020; the commune under the former district of Cao Lộc."""
    seed_regulation(app)
    with app.app_context(), unscoped():
        for tenant in db.session.scalars(select(Tenant)):
            tenant.created_at = datetime(2020, 1, 1, tzinfo=UTC)
        db.session.commit()
    return two_sites


def client_as(app: Flask, email: str, host: str = PROVINCE_HOST, **user):  # type: ignore[no-untyped-def]
    create_user(app, email, **user)
    client = host_client(app, host)
    assert login(client, email).status_code == 302
    return client


@pytest.fixture
def office(app: Flask, sites):  # type: ignore[no-untyped-def]
    """The province office (hub_admin) on the province's host."""
    return client_as(app, "vanphong@langson.gov.vn", hub_role="hub_admin")


@pytest.fixture
def auditor(app: Flask, sites):  # type: ignore[no-untyped-def]
    return client_as(app, "kiemtoan@langson.gov.vn", hub_role="hub_auditor")


def add_communes(app: Flask, province: Tenant, count: int, start: int = 0) -> list[Tenant]:
    district = create_site(app, f"caoloc{start}.langson", "Huyện Cao Lộc", "district",
                           parent=province, hosts=(f"caoloc{start}.langson.localhost",))
    return [create_site(app, f"xa{start + n}.caoloc{start}.langson", f"Xã số {start + n}",
                        "commune", parent=district,
                        hosts=(f"xa{start + n}.caoloc{start}.langson.localhost",))
            for n in range(count)]


def said(app: Flask, msgid: str, plural: str | None = None, num: int | None = None,
         **values) -> str:  # type: ignore[no-untyped-def]
    """``msgid`` as the province's host says it (its catalog, whatever it holds)."""
    from flask_babel import gettext, ngettext
    with app.test_request_context(base_url=f"http://{PROVINCE_HOST}/"):
        if plural is not None:
            return ngettext(msgid, plural, num, **values)  # type: ignore[arg-type]
        return gettext(msgid, **values)
