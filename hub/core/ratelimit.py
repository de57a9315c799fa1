"""Rate limits for anything posted from outside: logins, reset requests, and later
citizens' questions and comments.

Fixed windows counted per (rule, client IP, site). With ``PORTAL_REDIS_URL`` the
counters live in Redis and hold across workers and nodes; without it (the embedded
mode) each worker counts in memory, which still bounds a flood per process. A limit that
is exceeded answers 429 with the Vietnamese error page and a ``Retry-After`` header.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from flask import current_app, request
from werkzeug.exceptions import TooManyRequests

from hub.core.http import client_ip
from tenants.context import current_site


@dataclass(frozen=True)
class Rule:
    name: str
    limit: int
    window_seconds: int


class MemoryCounter:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, tuple[int, float]] = {}

    def hit(self, key: str, window: int) -> int:
        now = time.monotonic()
        with self._lock:
            count, started = self._counts.get(key, (0, now))
            if now - started >= window:
                count, started = 0, now
            count += 1
            self._counts[key] = (count, started)
            if len(self._counts) > 100_000:  # forget finished windows now and then
                self._counts = {k: v for k, v in self._counts.items()
                                if now - v[1] < window}
            return count


class RedisCounter:
    def __init__(self, url: str) -> None:
        import redis
        self.client = redis.Redis.from_url(url, socket_timeout=0.5)

    def hit(self, key: str, window: int) -> int:
        slot = int(time.time() // window)
        name = f"portal:rl:{key}:{slot}"
        pipe = self.client.pipeline()
        pipe.incr(name)
        pipe.expire(name, window + 1)
        return int(pipe.execute()[0])


def _counter() -> Any:
    counter = current_app.extensions.get("portal_rate_counter")
    if counter is None:
        url = current_app.config.get("REDIS_URL")
        counter = RedisCounter(url) if url else MemoryCounter()
        current_app.extensions["portal_rate_counter"] = counter
    return counter


def allowed(rule: Rule, *, per_client: bool = True) -> bool:
    """Count this request against ``rule``: per client and site (the default), or for
    the whole site (``per_client=False``: a flood from many addresses). False once the
    limit is exceeded; a form that must keep what was typed answers that itself."""
    if not current_app.config.get("RATE_LIMITS_ENABLED", True):
        return True
    site = current_site()
    who = (client_ip() or "-") if per_client else "*"
    key = f"{rule.name}:{site.tenant_id if site else '-'}:{who}"
    try:
        count = _counter().hit(key, rule.window_seconds)
    except Exception:  # noqa: BLE001 - Redis down: fail open, but say so
        current_app.logger.warning("rate limiter unavailable", exc_info=True)
        return True
    return count <= rule.limit


def check(rule: Rule) -> None:
    """Count this request against ``rule``; raise 429 when the limit is exceeded."""
    if not allowed(rule):
        raise TooManyRequests(retry_after=rule.window_seconds)


F = TypeVar("F", bound=Callable[..., Any])


def rate_limited(name: str, limit: int, per_seconds: int,
                 methods: tuple[str, ...] = ("POST",)) -> Callable[[F], F]:
    """View decorator: at most ``limit`` requests per client and site per window."""
    rule = Rule(name, limit, per_seconds)

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if request.method in methods:
                check(rule)
            return view(*args, **kwargs)
        return wrapped  # type: ignore[return-value]
    return decorator
