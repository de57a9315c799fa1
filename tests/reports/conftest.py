"""Helpers of the report tests: two sites with seeded rules, logged-in staff clients."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from flask import Flask
from sqlalchemy import select

from hub.extensions import db
from tenants.context import unscoped
from tenants.models import Tenant
from tests.deadlines.builders import seed_regulation
from tests.factories import create_user, host_client, login

A_HOST = "sokhcn.langson.localhost"


@pytest.fixture
def sites(app, two_sites):  # type: ignore[no-untyped-def]
    """Site A is a department (quota 2 news a month), site B a commune (quota 3), both
    on the portal since 2020."""
    seed_regulation(app)
    with app.app_context(), unscoped():
        for tenant in db.session.scalars(select(Tenant)):
            tenant.created_at = datetime(2020, 1, 1, tzinfo=UTC)
        db.session.commit()
    return two_sites


def staff_client(app: Flask, site: Tenant, role: str | None, host: str = A_HOST,
                 hub_role: str | None = None):  # type: ignore[no-untyped-def]
    email = f"{role or hub_role}-{site.id}@example.gov.vn"
    create_user(app, email, roles={site: role} if role else None, hub_role=hub_role)
    client = host_client(app, host)
    assert login(client, email).status_code == 302
    return client


def count(html: str, state: str) -> int:
    """The figure in the report's counts table for ``state``."""
    match = re.search(rf'class="count-{state}">(\d+)<', html)
    assert match, f"no count for {state}"
    return int(match.group(1))
