"""A Redis that accepts connections and never answers (a hung server, a half-open
network) costs one short timeout per process, then nothing until the breaker's pause is
over: pages and the readiness check answer at once, without a 500."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from hub.core.redis import RedisUnavailable, shared_redis
from tests.conftest import _make_app
from tests.factories import host_client


@pytest.fixture
def silent_redis() -> Iterator[str]:
    """A port that accepts connections (the kernel's backlog) and never replies."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"


@pytest.fixture
def app(backend: str, request: pytest.FixtureRequest, tmp_path: Path,  # type: ignore[no-untyped-def]
        silent_redis: str):
    yield from _make_app(backend, request, tmp_path,
                         {"REDIS_URL": silent_redis, "REDIS_TIMEOUT": 0.2,
                          "REDIS_RETRY_SECONDS": 0.5})


def timed(call) -> tuple[object, float]:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    try:
        outcome: object = call()
    except RedisUnavailable:
        outcome = "unavailable"
    return outcome, time.monotonic() - started


def test_a_hung_redis_costs_one_timeout_then_nothing(app: Flask, two_sites):
    time.sleep(0.6)  # past the pause of the breaker the sites' set-up opened
    with app.app_context():
        link = shared_redis()
        first = timed(lambda: link.call(lambda client: client.get("x")))
        second = timed(lambda: link.call(lambda client: client.get("x")))
    assert first[0] == second[0] == "unavailable"
    assert 0.2 <= first[1] < 1  # one timeout, no retry
    assert second[1] < 0.01  # the breaker: no waiting at all
    client = host_client(app, "sokhcn.langson.localhost")
    pages = [timed(lambda: client.get("/").status_code) for _ in range(5)]
    assert [status for status, _ in pages] == [200] * 5
    ready = timed(lambda: app.test_client().get("/healthz/ready").status_code)
    assert ready[0] == 503 and ready[1] < 1  # the probe's own PING: one timeout
