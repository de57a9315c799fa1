"""Where rendered pages and per-tenant generation numbers live.

Two backends with the same small interface:

- ``MemoryStore``: an LRU bounded by entries and by bytes, per process. Generations
  live in files (one per tenant under ``PORTAL_PAGE_CACHE_DIR``) so a publish handled
  by one gunicorn worker invalidates the pages cached by the others on their next
  request, as the host map's version does for domains (``hub.core.versions``).
- ``RedisStore``: pages under ``portal:page:<key>`` with a TTL, generations as
  random tokens under ``portal:pagegen:<tenant>``; shared by every node.

A generation is a token never used before (not a count): Redis restarted empty must not
hand out again a number a process has memoised data under (``hub.cache.memo``). While
Redis is down (``hub.core.redis``) no page is cached; a process's generation is one of
that outage and of the node's generation file, which its publishes still bump, so its
memos stay right; the tenants bumped meanwhile are bumped in Redis as soon as it
answers again, before any page is read from it, so no page cached before the outage is
served after it.

A page's key contains its tenant's generation, so invalidation never deletes anything:
bumping the generation makes the old entries unreachable and the LRU (or the TTL)
drops them.
"""

from __future__ import annotations

import logging
import pickle
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hub.core.redis import RedisUnavailable, SharedRedis
from hub.core.versions import SharedVersions

logger = logging.getLogger(__name__)
GEN_PREFIX = "portal:pagegen:"


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
        self.generations = SharedVersions(Path(gen_dir), None, GEN_PREFIX)
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
        return self.generations.read(str(tenant_id))

    def bump(self, tenant_id: int) -> None:
        self.generations.bump(str(tenant_id))


class RedisStore:
    PAGE_PREFIX = "portal:page:"

    def __init__(self, link: SharedRedis, ttl: int, gen_dir: str) -> None:
        self.link = link
        self.ttl = ttl
        self.generations = SharedVersions(Path(gen_dir), link, GEN_PREFIX)

    def get(self, key: str) -> CachedPage | None:
        try:
            raw = self.link.call(lambda client: client.get(self.PAGE_PREFIX + key))
        except RedisUnavailable:
            return None  # render the page instead
        # Only this application writes these keys; pickle keeps headers and bytes as-is.
        return pickle.loads(raw) if raw else None  # noqa: S301

    def set(self, key: str, page: CachedPage) -> None:
        if key.split(":", 2)[1].startswith("down-"):
            return  # rendered while Redis was down: its key must not outlive the outage
        try:
            self.link.call(lambda client: client.set(self.PAGE_PREFIX + key,
                                                     pickle.dumps(page), ex=self.ttl))
        except RedisUnavailable:
            pass  # a page not cached is only slower

    def clear(self) -> None:
        def clear(client: Any) -> None:
            for key in client.scan_iter(self.PAGE_PREFIX + "*"):
                client.delete(key)
        self.link.call(clear)

    def generation(self, tenant_id: int) -> str:
        return self.generations.read(str(tenant_id))

    def bump(self, tenant_id: int) -> None:
        self.generations.bump(str(tenant_id))
