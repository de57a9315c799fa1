"""Rate limits for anything posted from outside: logins, reset requests, citizens'
questions, ratings, reports and comments, and the API's tracking look-ups.

Counting is the ``limits`` library's (the engine of Flask-Limiter, by the same
maintainers): one storage and strategy per app, on Redis when ``PORTAL_REDIS_URL`` is
set (so a limit holds across workers and nodes), else in memory (the embedded mode:
still bounds a flood per process). Flask-Limiter itself was weighed and left out: its
decorators answer a refused request themselves and its hook runs on every request
(about 140 µs, a tenth of a cached page), while our rules are checked inside the views,
because a form that is refused must answer with itself and what was typed
(``hub.intake.proof.screen``), and because a site's whole traffic
(``per_client=False``) is limited as well as one client's: each check is one ``hit``
keyed (rule, site, client address). An exceeded limit answers 429 with the Vietnamese
error page and a ``Retry-After`` header (``check``, ``rate_limited``) or the form with
its message.

The strategy is the fixed window: one ``INCR`` (with its expiry) per hit, a counter per
key, exactly the behaviour the limits were tuned with. A moving window would keep up to
``limit`` timestamps per key (5,000 for the ratings' site-wide rule) and run a Lua
script per hit, to smooth a burst at a window's edge that these abuse limits can bear.

When Redis is down (``hub.core.redis``: its breaker answers at once) each process
counts in memory until Redis answers again, then goes back to the shared counters:
a request is never refused, or failed with a 500, because Redis is gone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, current_app, request
from limits import RateLimitItemPerSecond
from limits.storage import MemoryStorage, RedisStorage
from limits.strategies import FixedWindowRateLimiter, RateLimiter
from werkzeug.exceptions import TooManyRequests

from hub.core.http import client_ip
from hub.core.redis import RedisUnavailable, shared_redis
from tenants.context import current_site

EXTENSION = "portal_limiter"
FALLBACK = "portal_limiter_fallback"
NAMESPACE = "portal-rl"


@dataclass(frozen=True)
class Rule:
    name: str
    limit: int
    window_seconds: int

    @property
    def item(self) -> RateLimitItemPerSecond:
        return RateLimitItemPerSecond(self.limit, self.window_seconds, namespace=NAMESPACE)


def _client_key() -> str:
    return client_ip() or "-"


def init_app(app: Flask) -> None:
    """One counter per app (two apps in one process, as in the tests, count apart)."""
    link = shared_redis(app)
    storage = (RedisStorage(app.config["REDIS_URL"], key_prefix=NAMESPACE,
                            # The shared client's pool: the same short timeouts as
                            # every Redis call.
                            connection_pool=link.client.connection_pool)
               if link else MemoryStorage())
    app.extensions[EXTENSION] = FixedWindowRateLimiter(storage)
    app.extensions[FALLBACK] = FixedWindowRateLimiter(MemoryStorage())


def _hit(rule: Rule, *identifiers: str) -> bool:
    limiter: RateLimiter = current_app.extensions[EXTENSION]
    link = shared_redis()
    if link is None:
        return limiter.hit(rule.item, *identifiers)
    try:
        return link.call(lambda _client: limiter.hit(rule.item, *identifiers))
    except RedisUnavailable:
        fallback: RateLimiter = current_app.extensions[FALLBACK]
        return fallback.hit(rule.item, *identifiers)


def allowed(rule: Rule, *, per_client: bool = True) -> bool:
    """Count this request against ``rule``: per client and site (the default), or for
    the whole site (``per_client=False``: a flood from many addresses). False once the
    limit is exceeded; a form that must keep what was typed answers that itself."""
    if not current_app.config.get("RATE_LIMITS_ENABLED", True):
        return True
    site = current_site()
    who = _client_key() if per_client else "*"
    return _hit(rule, rule.name, str(site.tenant_id if site else "-"), who)


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
