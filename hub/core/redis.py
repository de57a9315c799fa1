"""The app's one Redis (``PORTAL_REDIS_URL``): a client with short timeouts, and a
memory of failure that every user of Redis shares.

What lives in Redis is shared by every process and node: the page cache and its
generations (``hub.cache.store``), the host-map version (``tenants.resolution``), the
rate-limit counters (``hub.core.ratelimit``), pending page views (``hub.stats``) and the
jobs' heartbeat. None of it is needed to answer a request, so a dead Redis must cost
little: connecting and reading give up after ``PORTAL_REDIS_TIMEOUT`` seconds with no
retry, and once a call has failed the link is "down" for ``PORTAL_REDIS_RETRY_SECONDS``
(a circuit breaker, per process): callers get ``RedisUnavailable`` at once and use
their local fallback. The first call after that pause tries again; if Redis answers, the
hooks registered with ``on_return`` run first (they replay what was changed meanwhile,
e.g. cache generations bumped during the outage), then the call itself.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app

logger = logging.getLogger(__name__)
EXTENSION = "portal_redis"
T = TypeVar("T")


class RedisUnavailable(Exception):
    """Redis did not answer now, or failed a moment ago: use the local fallback."""


class SharedRedis:
    """A client of one Redis and the state of the breaker in front of it."""

    def __init__(self, url: str, *, timeout: float, retry_seconds: float) -> None:
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry
        self.client = redis.Redis.from_url(
            url, socket_timeout=timeout, socket_connect_timeout=timeout,
            retry=Retry(NoBackoff(), 0))  # the breaker decides when to try again
        self.retry_seconds = retry_seconds
        # Redis unreachable opens the breaker; an error of one command does not.
        self._unreachable = (redis.ConnectionError, redis.TimeoutError, OSError)
        self._errors = (redis.RedisError, OSError)
        self._lock = threading.Lock()
        self._retry_at = 0.0
        self.outage: str | None = None  # an id per outage while Redis is down
        self._on_return: list[Callable[[Any], None]] = []

    @property
    def down(self) -> bool:
        return self.outage is not None

    def on_return(self, hook: Callable[[Any], None]) -> None:
        """Run ``hook(client)`` when Redis answers again after an outage, before any
        other call; a hook that fails leaves Redis down."""
        self._on_return.append(hook)

    def call(self, action: Callable[[Any], T]) -> T:
        """``action(client)``, or ``RedisUnavailable`` (at once while the breaker is
        open)."""
        if self.outage is not None:
            if time.monotonic() < self._retry_at:
                raise RedisUnavailable(self.outage)
            self._come_back()
        try:
            return action(self.client)
        except self._errors as exc:
            if isinstance(exc, self._unreachable):
                self._trip(exc)
            raise RedisUnavailable(self.outage or type(exc).__name__) from exc

    def ping(self) -> None:
        """A real PING whatever the breaker says (the readiness check)."""
        self._retry_at = 0.0
        self.call(lambda client: client.ping())

    def _come_back(self) -> None:
        with self._lock:
            if self.outage is None:
                return  # another thread got there first
            try:
                self.client.ping()
                for hook in self._on_return:
                    hook(self.client)
            except self._errors as exc:
                self._trip(exc)
                raise RedisUnavailable(self.outage) from exc
            logger.warning("Redis answers again: shared state is back in use")
            self.outage = None

    def _trip(self, exc: BaseException) -> None:
        self._retry_at = time.monotonic() + self.retry_seconds
        if self.outage is None:
            self.outage = uuid.uuid4().hex[:12]
            logger.warning("Redis is unreachable (%s): local fallbacks for %s s",
                           type(exc).__name__, self.retry_seconds)


def shared_redis(app: Flask | None = None) -> SharedRedis | None:
    """The app's Redis, or None when ``PORTAL_REDIS_URL`` is not set."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    url = app.config.get("REDIS_URL")
    if not url:
        return None
    link = app.extensions.get(EXTENSION)
    if link is None:
        link = app.extensions.setdefault(EXTENSION, SharedRedis(
            url, timeout=float(app.config.get("REDIS_TIMEOUT", 0.25)),
            retry_seconds=float(app.config.get("REDIS_RETRY_SECONDS", 5))))
    return link
