"""The world the security tests probe: the open-data tests' published sites, and a site
admin of the department that holds most of it."""

from __future__ import annotations

import pytest

from tests.api.content import World, build_world
from tests.factories import create_user

ADMIN = "quantri@sokhcn.gov.vn"


@pytest.fixture
def world(app, province, two_sites) -> World:  # type: ignore[no-untyped-def]
    world = build_world(app, province, *two_sites)
    create_user(app, ADMIN, {world.a: "site_admin"})
    return world
