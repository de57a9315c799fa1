"""Visitor statistics (thống kê truy cập): page views per item and per site.

Counting: every GET of a public HTML page (``hub.cache.pages.is_public_page``; feeds and the
JSON API are not visits) answered 200 (or 304) adds one view to the site, and one to
the item the page shows when the view called ``count_item_view(item.id)``. It runs in
an ``after_request``, so pages served from the page cache are counted too (the cached
entry remembers its item).
Nothing is written per request: ``hub.stats.counters`` batches the counts.

Reading: ``item_views(item_id)`` for the staff report (a Jinja global); the public
block's figures are read with the public pages' statements
(``hub.public.queries.visit_stats``), kept until ``views_written()`` moves or the flush
interval has passed.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time

from flask import Flask, Response, current_app, g, request
from sqlalchemy import func, select

from hub.extensions import db
from hub.stats.counters import ViewCounter, write_counts
from hub.stats.models import PageViewCount
from tenants.context import current_site

logger = logging.getLogger(__name__)
EXTENSION = "portal_view_counter"


def count_item_view(item_id: int) -> None:
    """Called by an item's page view: its visit also counts for this item."""
    g.stats_item_id = int(item_id)


def view_counter() -> ViewCounter:
    return current_app.extensions[EXTENSION]


def flush_views() -> int:
    """Write the pending counts (a job: flushes, the caller commits); rows written."""
    counter = current_app.extensions.get(EXTENSION)
    if counter is None:
        return 0
    counts = counter.take()
    try:
        written = write_counts(counts)
    except Exception:
        counter.give_back(counts)
        raise
    if written:
        counter.writes += 1
    return written


def views_written() -> int:
    """How many times this process has written counts: figures read before the last
    write are out of date."""
    counter = current_app.extensions.get(EXTENSION)
    return counter.writes if counter is not None else 0


def item_views(item_id: int) -> int:
    """All views of one item of the current site (committed counts)."""
    return int(db.session.scalar(
        select(func.coalesce(func.sum(PageViewCount.views), 0))
        .where(PageViewCount.item_id == item_id)) or 0)


def _flush_written(app: Flask) -> None:
    """Write the pending counts in an app context of its own (outside any request)."""
    with app.app_context():
        try:
            flush_views()
            db.session.commit()
        except Exception:  # noqa: BLE001 - counts were given back; retried next time
            db.session.rollback()
            logger.exception("could not write page views")
        finally:
            db.session.remove()


def init_app(app: Flask) -> None:
    from hub.cache.pages import is_public_page
    from hub.core.jobs import register_job
    from hub.core.lifecycle import attach
    from hub.core.redis import shared_redis

    counter = ViewCounter(shared_redis(app))
    app.extensions[EXTENSION] = counter
    # Each process counts in its own memory (without Redis): each must flush its own.
    register_job("flush_page_views", flush_views, exclusive=False)
    app.add_template_global(item_views)
    # Tests flush explicitly; a web process writes at most every ``interval`` seconds,
    # once the response that found the interval over has been sent (``call_on_close``),
    # so no visitor waits for the write. It runs in the thread that served the request,
    # on the connection that thread already used: a thread of its own would keep a
    # second pooled connection, with its own page cache and memory map of a SQLite
    # file, for every worker.
    state = {"last": time.monotonic(), "running": False}
    lock = threading.Lock()

    def count_view(response: Response) -> Response:
        site = current_site()
        # A visit is an HTML page; feeds, sitemaps and the JSON API are not visits.
        if (site is None or request.method != "GET" or response.status_code not in (200, 304)
                or (response.status_code == 200 and response.mimetype != "text/html")
                or not g.get("public_page", is_public_page(app, request.endpoint))):
            return response
        counter.record(site.tenant_id, g.get("stats_item_id"))
        interval = float(app.config["STATS_FLUSH_SECONDS"])
        if not app.testing and time.monotonic() - state["last"] >= interval:
            with lock:
                if not state["running"]:
                    state.update(last=time.monotonic(), running=True)
                    response.call_on_close(_flush_after_response)
        return response

    def _flush_after_response() -> None:
        try:
            _flush_written(app)
        finally:
            state["running"] = False

    attach(app, "count_view", count_view)
    if not app.testing:
        atexit.register(_flush_written, app)
