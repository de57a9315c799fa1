"""Where rendered pages and per-tenant generation numbers live.

Two backends with the same small interface:

- ``MemoryStore``: an LRU bounded by entries and by bytes, per process. Generations
  live in files (one per tenant under ``PORTAL_PAGE_CACHE_DIR``) so a publish handled
  by one gunicorn worker invalidates the pages cached by the others on their next
  request, as ``tenants.resolution.HostVersion`` does for domains.
- ``RedisStore``: pages under ``portal:page:<key>`` with a TTL, generations with
  ``INCR``; shared by every node.

A page's key contains its tenant's generation, so invalidation never deletes anything:
bumping the generation makes the old entries unreachable and the LRU (or the TTL)
drops them.
"""

from __future__ import annotations

import logging
import os
import pickle
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)


@dataclass
class CachedPage:
    """A response as stored: enough to rebuild it without running the view."""
    body: bytes
    headers: list[tuple[str, str]]
    etag: str
    stored_at: float
    stats_item_id: int | None = None  # the item the page shows, for the view counter
    extra: dict[str, Any] = field(default_factory=dict)


class MemoryStore:
    def __init__(self, max_entries: int, max_bytes: int, ttl: int, gen_dir: str) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.ttl = ttl
        self.gen_dir = Path(gen_dir)
        self._pages: OrderedDict[str, CachedPage] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    # --- pages ---------------------------------------------------------------------
    def get(self, key: str) -> CachedPage | None:
        with self._lock:
            page = self._pages.get(key)
            if page is None:
                return None
            if time.monotonic() - page.stored_at > self.ttl:
                self._drop(key)
                return None
            self._pages.move_to_end(key)
            return page

    def set(self, key: str, page: CachedPage) -> None:
        size = len(page.body)
        if size > self.max_bytes // 4:
            return  # one huge page must not evict everything else
        with self._lock:
            if key in self._pages:
                self._drop(key)
            self._pages[key] = page
            self._bytes += size
            while self._pages and (len(self._pages) > self.max_entries
                                   or self._bytes > self.max_bytes):
                self._drop(next(iter(self._pages)))

    def _drop(self, key: str) -> None:
        page = self._pages.pop(key)
        self._bytes -= len(page.body)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._pages)

    # --- generations -----------------------------------------------------------------
    def generation(self, tenant_id: int) -> str:
        try:
            return (self.gen_dir / str(tenant_id)).read_text()
        except FileNotFoundError:
            return "0"

    def bump(self, tenant_id: int) -> None:
        self.gen_dir.mkdir(parents=True, exist_ok=True)
        path = self.gen_dir / str(tenant_id)
        temporary = path.with_name(f".{tenant_id}.{uuid.uuid4().hex}")
        temporary.write_text(uuid.uuid4().hex[:12])
        os.replace(temporary, path)  # atomic: readers see the old or the new number


class RedisStore:
    PAGE_PREFIX = "portal:page:"
    GEN_PREFIX = "portal:pagegen:"

    def __init__(self, url: str, ttl: int) -> None:
        import redis
        self.client = redis.Redis.from_url(url, socket_timeout=0.5)
        self.ttl = ttl

    def get(self, key: str) -> CachedPage | None:
        try:
            raw = self.client.get(self.PAGE_PREFIX + key)
        except Exception:  # noqa: BLE001 - Redis down: render the page instead
            return None
        # Only this application writes these keys; pickle keeps headers and bytes as-is.
        return pickle.loads(raw) if raw else None  # noqa: S301

    def set(self, key: str, page: CachedPage) -> None:
        try:
            self.client.set(self.PAGE_PREFIX + key, pickle.dumps(page), ex=self.ttl)
        except Exception:  # noqa: BLE001 - a page not cached is only slower
            logger.warning("could not store a page in Redis", exc_info=True)

    def clear(self) -> None:
        for key in self.client.scan_iter(self.PAGE_PREFIX + "*"):
            self.client.delete(key)

    def generation(self, tenant_id: int) -> str:
        try:
            value = self.client.get(f"{self.GEN_PREFIX}{tenant_id}")
        except Exception:  # noqa: BLE001
            return "down"  # a key no entry has: nothing stale is served
        return value.decode() if value else "0"

    def bump(self, tenant_id: int) -> None:
        try:
            self.client.incr(f"{self.GEN_PREFIX}{tenant_id}")
        except Exception:  # noqa: BLE001 - entries still expire through their TTL
            logger.warning("could not invalidate the page cache in Redis", exc_info=True)
