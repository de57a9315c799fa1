"""Helpers of the site-administration tests: the office logged in on the province host,
posting forms with their CSRF token, reading the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from hub.audit.models import AuditEntry
from hub.core import clock
from hub.extensions import db
from tenants.context import unscoped
from tenants.models import Tenant
from tests.factories import create_user, csrf_from, host_client, login

PROVINCE_HOST = "langson.localhost"
SITES = "/quan-tri/tinh/don-vi"


def office_client(app: Flask, email: str = "office@langson.gov.vn",
                  hub_role: str = "hub_admin") -> Any:
    create_user(app, email, hub_role=hub_role)
    client = host_client(app, PROVINCE_HOST)
    assert login(client, email).status_code == 302
    return client


def post_form(client: Any, path: str, data: dict[str, Any], form_path: str | None = None) -> Any:
    """GET the form's page for its token, then POST ``data`` to ``path``."""
    page = client.get(form_path or path)
    assert page.status_code == 200, page.text[:500]
    return client.post(path, data={**data, "csrf_token": csrf_from(page.data)})


def tenant(app: Flask, slug: str) -> Tenant:
    with app.app_context(), unscoped():
        row = db.session.scalars(select(Tenant).filter_by(slug=slug)).one()
        for _domain in row.domains:
            pass
        db.session.expunge_all()
        return row


def audit(app: Flask, tenant_id: int) -> list[tuple[str, int | None]]:
    """(action, actor id) of the site's audit entries, oldest first."""
    with app.app_context(), unscoped():
        return [(row.action, row.actor_id) for row in db.session.scalars(
            select(AuditEntry).where(AuditEntry.tenant_id == tenant_id)
            .order_by(AuditEntry.id))]


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A clock the test moves: ``frozen(datetime)`` sets now (aware, UTC)."""
    moment: list[datetime] = [clock.utcnow()]

    def set_now(when: datetime) -> datetime:
        moment[:] = [clock.as_utc(when)]
        return moment[0]

    monkeypatch.setattr(clock, "utcnow", lambda: moment[0])
    return set_now
