"""Fixtures of the problem-report tests (``helpers`` builds the world)."""

import pytest
from flask import Flask

from tenants.models import Tenant
from tests.problems.helpers import World, build_world


@pytest.fixture
def world(app: Flask, province: Tenant) -> World:
    return build_world(app, province)
