"""Page-view counters kept in memory (or in Redis) and written in batches.

A view adds one to an in-process ``Counter`` keyed (tenant, item, day), or does one
``HINCRBY`` when Redis is configured. ``flush_views`` moves the pending counts into
``PageViewCount`` with one upsert per key; it runs as the ``flush_page_views`` job
(``flask worker`` / the in-process loop), in each web process at most every
``PORTAL_STATS_FLUSH_SECONDS`` (after a response has been sent), and at process exit. Item 0 is
the site's total.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from datetime import date
from typing import Any

from redis.exceptions import ResponseError

from hub.core.clock import local_today
from hub.core.database import conflict_insert
from hub.core.redis import RedisUnavailable, SharedRedis
from hub.extensions import db
from hub.stats.models import PageViewCount
from tenants.context import unscoped

logger = logging.getLogger(__name__)
REDIS_KEY = "portal:stats:pending"

Key = tuple[int, int, date]


class ViewCounter:
    def __init__(self, link: SharedRedis | None = None) -> None:
        self._pending: Counter[Key] = Counter()
        self._lock = threading.Lock()
        self._redis = link
        self.writes = 0  # batches this process wrote (``operations.views_written``)

    def record(self, tenant_id: int, item_id: int | None) -> None:
        """One view of the site (and of ``item_id`` when the page shows an item)."""
        day = local_today()  # the visitors' day, which the counters are kept by
        keys = [(tenant_id, 0, day)]
        if item_id:
            keys.append((tenant_id, int(item_id), day))
        if self._redis is not None:
            def count(client: Any) -> None:
                pipe = client.pipeline(transaction=False)
                for key in keys:
                    pipe.hincrby(REDIS_KEY, _field(key), 1)
                pipe.execute()
            try:
                self._redis.call(count)
                return
            except RedisUnavailable:  # count in memory; this process flushes them
                pass
        with self._lock:
            for key in keys:
                self._pending[key] += 1

    def pending(self) -> dict[Key, int]:
        with self._lock:
            return dict(self._pending)

    def take(self) -> dict[Key, int]:
        """Remove and return every pending count (memory and Redis)."""
        with self._lock:
            taken: Counter[Key] = self._pending
            self._pending = Counter()
        if self._redis is not None:
            try:
                taken.update(self._redis.call(_take_redis))
            except RedisUnavailable:  # left in Redis for the next flush
                logger.warning("could not read pending views from Redis")
        return dict(taken)

    def give_back(self, counts: dict[Key, int]) -> None:
        """Put counts back after a failed write, so no view is lost."""
        with self._lock:
            self._pending.update(counts)


def _take_redis(client: Any) -> dict[Key, int]:
    # RENAME is atomic: views counted from now on go to a fresh hash.
    batch = f"{REDIS_KEY}:flushing"
    if not client.exists(batch):
        try:
            client.rename(REDIS_KEY, batch)
        except ResponseError:  # no such key: nothing pending
            return {}
    raw = client.hgetall(batch)
    client.delete(batch)
    return {_parse(name.decode()): int(value) for name, value in raw.items()}


def _field(key: Key) -> str:
    return f"{key[0]}:{key[1]}:{key[2].isoformat()}"


def _parse(name: str) -> Key:
    tenant_id, item_id, day = name.split(":")
    return int(tenant_id), int(item_id), date.fromisoformat(day)


def write_counts(counts: dict[Key, int]) -> int:
    """Add ``counts`` to ``PageViewCount`` (flush only; the caller commits)."""
    if not counts:
        return 0
    table = PageViewCount.__table__
    rows = [{"tenant_id": t, "item_id": i, "day": d, "views": n}
            for (t, i, d), n in sorted(counts.items())]
    statement = conflict_insert(table)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.tenant_id, table.c.item_id, table.c.day],
        set_={"views": table.c.views + statement.excluded.views})
    with unscoped():  # one batch holds the views of every site
        db.session.execute(statement, rows)
    return len(rows)
