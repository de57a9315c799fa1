"""Fixtures of the open-data tests: the published world of ``tests.api.content``."""

import pytest

from tests.api.content import World, build_world


@pytest.fixture
def world(app, province, two_sites) -> World:
    return build_world(app, province, *two_sites)
