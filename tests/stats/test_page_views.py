"""Page views: counted per site and per item, cached pages included, written only in
batches (the table is unchanged until the flush), right after it."""

from __future__ import annotations

from collections import Counter

from flask import Flask, render_template_string
from sqlalchemy import func, select

from hub.core.clock import local_today as today
from hub.core.jobs import JOBS, run_pass
from hub.extensions import db
from hub.public.queries import visit_stats
from hub.stats.models import PageViewCount
from hub.stats.operations import flush_views, item_views
from tenants.context import tenant_scope, unscoped
from tests.cache.conftest import A_HOST, B_HOST, publish, renders, staff  # noqa: F401
from tests.factories import host_client, statements_sent


def stored_rows(app: Flask) -> list[tuple[int, int, int]]:
    with app.app_context(), unscoped():
        db.session.remove()
        return [tuple(row) for row in db.session.execute(
            select(PageViewCount.tenant_id, PageViewCount.item_id, PageViewCount.views)
            .order_by(PageViewCount.tenant_id, PageViewCount.item_id))]


def test_views_are_batched_and_counted_after_the_flush(app: Flask, two_sites, staff,  # noqa: F811
                                                       renders: Counter) -> None:  # noqa: F811
    a, b = two_sites
    item_id = publish(app, a, "Thông báo tuyển dụng công chức")
    client = host_client(app, A_HOST)
    for _ in range(3):
        assert client.get(f"/_test/tin/{item_id}").status_code == 200
    client.get("/_test/tin")
    host_client(app, B_HOST).get("/_test/tin")
    client.get("/_test/khong-co")  # a 404 is no page view
    assert renders[A_HOST] == 2  # the item's page came twice from the cache ...
    assert stored_rows(app) == []  # ... and nothing was written per request

    with app.app_context():
        assert flush_views() == 3
        db.session.commit()
    assert stored_rows(app) == [(a.id, 0, 4), (a.id, item_id, 3), (b.id, 0, 1)]

    client.get(f"/_test/tin/{item_id}")
    assert "flush_page_views" in JOBS
    with app.app_context():
        assert run_pass()["flush_page_views"] == 2  # the job adds to the day's rows
    assert stored_rows(app) == [(a.id, 0, 5), (a.id, item_id, 4), (b.id, 0, 1)]

    with app.app_context(), tenant_scope(a.id):
        stats = visit_stats(a.id)
        assert (stats.today, stats.this_month, stats.total) == (5, 5, 5)
        assert item_views(item_id) == 4
    with app.app_context(), tenant_scope(b.id):
        assert item_views(item_id) == 0  # another site's item: not visible here


def test_the_statistics_block(app: Flask, two_sites) -> None:
    a = two_sites[0]
    with app.app_context(), unscoped():
        yesterday = today().replace(day=1) if today().day > 1 else today()
        db.session.add_all([
            PageViewCount(tenant_id=a.id, item_id=0, day=today(), views=1234),
            PageViewCount(tenant_id=a.id, item_id=0, day=yesterday.replace(year=2020),
                          views=1000),
        ])
        db.session.commit()
    with app.test_request_context("/", headers={"Host": A_HOST}):
        app.preprocess_request()
        html = render_template_string('{% include "stats/_block.html" %}')
    assert "1.234" in html and "2.234" in html
    with app.app_context(), unscoped():
        assert db.session.scalar(select(func.count()).select_from(PageViewCount)) == 2


def test_the_figures_are_read_once_per_flush_interval_and_after_a_write(
        app: Flask, two_sites) -> None:
    """The counts reach the table at most every ``PORTAL_STATS_FLUSH_SECONDS`` per
    process: the block reads them once in that time, and anew once this process wrote."""
    a = two_sites[0]

    def figures() -> tuple[int, int]:
        with app.app_context(), tenant_scope(a.id), statements_sent(app) as sent:
            total = visit_stats(a.id).total
        return total, len([sql for sql in sent if "set_config" not in sql])  # RLS's

    assert figures() == (0, 1)
    assert host_client(app, A_HOST).get("/").status_code == 200  # a view, counted
    assert figures() == (0, 0)  # kept: nothing was written
    with app.app_context():
        flush_views()
        db.session.commit()
    assert figures() == (1, 1)
    app.config["STATS_FLUSH_SECONDS"] = 0  # the interval over: read again
    assert figures() == (1, 1)


def test_feeds_and_json_are_not_visits(app: Flask, two_sites) -> None:
    from flask import jsonify
    app.add_url_rule("/_test/api", "public.test_api", lambda: jsonify(items=[]))
    client = host_client(app, A_HOST)
    assert client.get("/_test/api").status_code == 200
    with app.app_context():
        assert flush_views() == 0


def test_a_web_process_writes_the_counts_once_the_response_is_sent(
        app: Flask, two_sites, staff, renders: Counter) -> None:  # noqa: F811
    """Outside tests the counts are written after a response has gone out, in the
    thread that served it and on its connection: the pool keeps one connection, not a
    second one for a writer thread (with a page cache and a file mapping of its own)."""
    a = two_sites[0]
    item_id = publish(app, a, "Lịch tiếp công dân tháng 12")
    app.config.update(TESTING=False, STATS_FLUSH_SECONDS=0)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    client = host_client(app, A_HOST)
    response = client.get(f"/_test/tin/{item_id}", buffered=True)  # buffered: closed at once
    assert response.status_code == 200
    assert stored_rows(app) == [(a.id, 0, 1), (a.id, item_id, 1)]
    assert client.get("/", buffered=True).status_code == 200  # the site's real home
    assert stored_rows(app) == [(a.id, 0, 2), (a.id, item_id, 1)]
    with app.app_context():
        pool = db.engine.pool
        assert (pool.checkedout(), pool.checkedin()) == (0, 1)
