"""Every shared path against a real Redis: the app of these tests is built with the
session's private Redis (``tests.services``), and ``other_node`` is a second app over the
same database and Redis but with an instance folder of its own (the host-version file,
the page generations, the heartbeat file of another machine). What the second node
learns from the first can only have come through Redis."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from hub import create_app
from hub.extensions import db
from tests.cache.conftest import add_listing
from tests.conftest import _make_app

# The breaker's pause, short here so a test can wait for Redis to be tried again.
RETRY_SECONDS = 0.2


@pytest.fixture
def app(backend: str, request: pytest.FixtureRequest, tmp_path: Path,  # type: ignore[no-untyped-def]
        redis_url: str):
    """The app on each database backend in turn, with the private Redis."""
    yield from _make_app(backend, request, tmp_path,
                         {"REDIS_URL": redis_url, "REDIS_RETRY_SECONDS": RETRY_SECONDS})


@pytest.fixture
def other_node(app: Flask, tmp_path: Path) -> Iterator[Flask]:
    """A second app (another process, on another machine) over the same database and
    Redis."""
    folder = tmp_path / "other-node"
    other = create_app({**app.config,
                        "HOST_CACHE_FILE": str(folder / "hosts.version"),
                        "PAGE_CACHE_DIR": str(folder / "page-generations"),
                        "JOBS_HEARTBEAT_FILE": str(folder / "jobs.heartbeat")})
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def listings(app: Flask, other_node: Flask) -> tuple[Counter, Counter]:
    """The test listing on both nodes, and how often each rendered it."""
    ours: Counter = Counter()
    theirs: Counter = Counter()
    add_listing(app, ours)
    add_listing(other_node, theirs)
    return ours, theirs
