"""The private Redis of the test session stops and comes back as a crash would."""

from __future__ import annotations

import pytest
import redis

from tests.services import RedisServer


def test_private_redis_stops_and_starts_empty(redis_server: RedisServer,
                                              redis_url: str) -> None:
    client = redis.Redis.from_url(redis_url, socket_timeout=1)
    client.set("portal:probe", "1")
    redis_server.stop()
    with pytest.raises(redis.ConnectionError):
        redis.Redis.from_url(redis_url, socket_timeout=1).ping()
    redis_server.start()
    assert redis.Redis.from_url(redis_url).get("portal:probe") is None
