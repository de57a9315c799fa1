"""Cache of rendered public pages, per host + path + query + locale.

Which pages: the endpoints whose name starts with a prefix of
``PORTAL_PAGE_CACHE_ENDPOINTS`` (default ``public.``, the public site's blueprint), plus
any view decorated with ``@cached_page``; a view decorated with ``@uncached_page`` is
never cached (a form with a CSRF token, a per-visitor answer).

When: only anonymous GET/HEAD requests (no session cookie at all: staff never get nor
fill the cache), answered 200 without Set-Cookie and without touching the session.
Such a response gets ``Cache-Control: public, max-age=PORTAL_PAGE_CACHE_MAX_AGE`` and a
strong ``ETag``; a matching ``If-None-Match`` gets 304. A logged-in user's responses get
``private, no-store``, as do the staff blueprints' pages.

Invalidation: each tenant has a generation number that is part of every key of its
pages (``hub.cache.invalidation`` bumps it after a commit that changed the tenant's
rows, and the parents' when a site is created or renamed).

The hit path runs in a ``before_request`` right after the host is resolved, so a hit
costs a dictionary lookup and one small file read (or one Redis GET each).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from hashlib import blake2b
from pathlib import Path
from typing import Any, TypeVar

from flask import Flask, Response, current_app, g, request, session

from hub.cache.store import CachedPage, MemoryStore, RedisStore
from hub.core.redis import shared_redis
from tenants.context import current_site

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")
EXTENSION = "portal_page_cache"
MAX_QUERY_BYTES = 512  # longer query strings are answered but not cached
# Blueprints whose pages are for staff only: never stored by any shared cache.
STAFF_BLUEPRINTS = frozenset({"admin", "content", "directory", "reports", "accounts"})
# Headers that belong to one response, never replayed from the cache.
_NOT_STORED = frozenset({"set-cookie", "content-length", "date", "etag", "cache-control"})


def cached_page(view: F) -> F:
    """Mark a view as a cacheable public page (whatever its endpoint's name)."""
    view._page_cache = True  # type: ignore[attr-defined]
    return view


def uncached_page(view: F) -> F:
    """Keep a view out of the page cache even under a cached endpoint prefix."""
    view._page_cache = False  # type: ignore[attr-defined]
    return view


def generation(tenant_id: int) -> str:
    """The tenant's page-cache generation, read once per request (a file or a Redis GET
    each time otherwise; the page key and every memo of the page ask for it).
    ``hub.cache.invalidation`` forgets it when this request's commit bumps it."""
    seen: dict[int, str] = g.setdefault("_page_generations", {})
    if tenant_id not in seen:
        seen[tenant_id] = current_app.extensions[EXTENSION].generation(tenant_id)
    return seen[tenant_id]


def page_cache() -> Any:
    """The store of this app (``MemoryStore`` or ``RedisStore``)."""
    return current_app.extensions[EXTENSION]


def is_public_page(app: Flask, endpoint: str | None) -> bool:
    """Is this endpoint a public page (cacheable, and counted as a page view)?"""
    if not endpoint:
        return False
    view = app.view_functions.get(endpoint)
    marker = getattr(view, "_page_cache", None)
    if marker is not None:
        return bool(marker)
    return endpoint.startswith(app.config["PAGE_CACHE_ENDPOINTS"])


def _make_store(app: Flask) -> Any:
    ttl = int(app.config["PAGE_CACHE_TTL"])
    gen_dir = app.config.get("PAGE_CACHE_DIR") or str(
        Path(app.config["HOST_CACHE_FILE"]).parent / "page-generations")
    link = shared_redis(app)
    if link is not None:
        return RedisStore(link, ttl, gen_dir)
    return MemoryStore(int(app.config["PAGE_CACHE_MAX_ENTRIES"]),
                       int(app.config["PAGE_CACHE_MAX_BYTES"]), ttl, gen_dir)


def _prefixes(raw: Any) -> tuple[str, ...]:
    if isinstance(raw, str):
        raw = raw.split(",")
    return tuple(part.strip() for part in raw if part and part.strip())


def _key(site: Any) -> str:
    query = request.query_string.decode("latin-1")
    return (f"{site.tenant_id}:{generation(site.tenant_id)}:{g.get('locale', site.locale)}:"
            f"{site.hostname}:{request.path}?{query}")


def _public_headers(response: Response, max_age: int) -> None:
    response.headers["Cache-Control"] = f"public, max-age={max_age}"
    # Staff (with a cookie) see another page. Set directly when nothing else varies:
    # ``response.vary`` parses and rewrites the header on every page.
    if "Vary" in response.headers:
        response.vary.add("Cookie")
    else:
        response.headers["Vary"] = "Cookie"


# The request headers ``make_conditional`` answers; without any, it has nothing to do.
_CONDITIONAL = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH",
                "HTTP_IF_UNMODIFIED_SINCE", "HTTP_RANGE", "HTTP_IF_RANGE")


def _conditional(response: Response) -> Response:
    if any(name in request.environ for name in _CONDITIONAL):
        return response.make_conditional(request)
    return response


def _logged_in(app: Flask) -> bool:
    # Look at the session only when a cookie came: reading it marks it accessed.
    if not request.cookies.get(app.config["SESSION_COOKIE_NAME"]):
        return False
    return bool(session.get("_user_id"))


def init_app(app: Flask) -> None:
    """Install the cache. Call right after ``tenants.resolution.init_app`` and before
    ``hub.core.lifecycle.init_app``, so the page is stored after the commit succeeded."""
    app.config["PAGE_CACHE_ENDPOINTS"] = _prefixes(app.config["PAGE_CACHE_ENDPOINTS"])
    store = _make_store(app)
    app.extensions[EXTENSION] = store
    app.extensions["portal_tenant_memo"] = OrderedDict()  # hub.cache.memo
    enabled = bool(app.config["PAGE_CACHE"])
    max_age = int(app.config["PAGE_CACHE_MAX_AGE"])
    cookie_name = app.config["SESSION_COOKIE_NAME"]

    from hub.cache import invalidation
    from hub.core.lifecycle import attach
    invalidation.install()

    def serve_cached_page() -> Response | None:
        site = current_site()
        if site is None or site.action != "serve":
            return None
        g.public_page = is_public_page(app, request.endpoint)
        if not (enabled and g.public_page and request.method in ("GET", "HEAD")):
            return None
        if request.cookies.get(cookie_name) or len(request.query_string) > MAX_QUERY_BYTES:
            return None  # maybe staff, or a query nobody will ask for again
        key = _key(site)
        page = store.get(key)
        if page is None:
            g.page_cache_key = key
            return None
        g.page_cache_hit = True
        g.stats_item_id = page.stats_item_id
        # The stored headers already carry ETag, Cache-Control and Vary: a hit only
        # copies them (the conditional check is skipped when the client sent none).
        if request.if_none_match.contains(page.etag):
            return app.response_class(status=304, headers=[
                (name, value) for name, value in page.headers
                if name in ("ETag", "Cache-Control", "Vary")])
        return app.response_class(page.body, headers=page.headers)

    def store_page(response: Response) -> Response:
        if g.get("page_cache_hit"):
            return response
        if _logged_in(app) or request.blueprint in STAFF_BLUEPRINTS:
            response.headers["Cache-Control"] = "private, no-store"
            return response
        if not (g.get("public_page") and response.status_code == 200
                and request.method in ("GET", "HEAD") and not response.direct_passthrough
                and "Set-Cookie" not in response.headers and not session.modified
                and not response.headers.get("Cache-Control")):
            return response
        body = response.get_data()
        etag = blake2b(body, digest_size=16).hexdigest()
        key = g.get("page_cache_key")
        response.set_etag(etag)
        _public_headers(response, max_age)
        if key is not None:
            headers = [(name, value) for name, value in response.headers.items()
                       if name.lower() not in _NOT_STORED]
            headers += [("ETag", response.headers["ETag"]),
                        ("Cache-Control", response.headers["Cache-Control"])]
            store.set(key, CachedPage(body, headers, etag, time.monotonic(),
                                      stats_item_id=g.get("stats_item_id")))
        return _conditional(response)

    attach(app, "page_cache", serve_cached_page)
    attach(app, "store_page", store_page)
