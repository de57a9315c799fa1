"""The feeds tests read the same published world as the API tests."""

import pytest

from tests.api.content import World, build_world


@pytest.fixture
def world(app, province, two_sites) -> World:
    return build_world(app, province, *two_sites)
