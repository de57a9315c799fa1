from __future__ import annotations

import pytest
from flask import Flask

from tenants.models import Tenant
from tests.translation.helpers import World, build_world


@pytest.fixture
def world(app: Flask, province: Tenant) -> World:
    return build_world(app, province)
