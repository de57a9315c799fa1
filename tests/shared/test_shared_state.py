"""What one process learns, every process and node learns through Redis: a page cached
by one node is served by another, and a publish on one drops it on both; a client's
requests count against its limit whichever node answers them; a site made through one
node is resolved by the other without a restart; views counted on both are written
once; the jobs' heartbeat written on one is read on the other.

Sessions are not among them: a session is a signed cookie, ended by a version kept in
the database (``hub.accounts.sessions``), so no Redis path is there to test."""

from __future__ import annotations

import redis
from flask import Flask
from sqlalchemy import select

from hub.core.jobs import last_heartbeat, write_heartbeat
from hub.extensions import db
from hub.stats.models import PageViewCount
from hub.stats.operations import flush_views
from tenants.context import unscoped
from tests.cache.conftest import A_HOST, publish, staff  # noqa: F401
from tests.factories import create_site, csrf_from, host_client

RESET = "/dang-nhap/quen-mat-khau"


def keys(redis_url: str, pattern: str) -> list[bytes]:
    return list(redis.Redis.from_url(redis_url).scan_iter(pattern))


def test_a_page_cached_by_one_node_is_served_by_the_other(
        app: Flask, other_node: Flask, two_sites, staff, listings, redis_url):  # noqa: F811
    ours, theirs = listings
    publish(app, two_sites[0], "Thông báo lịch tiếp công dân")
    assert "Thông báo lịch tiếp công dân" in host_client(app, A_HOST).get("/_test/tin").text
    assert keys(redis_url, "portal:page:*")

    page = host_client(other_node, A_HOST).get("/_test/tin")
    assert "Thông báo lịch tiếp công dân" in page.text
    assert (ours[A_HOST], theirs[A_HOST]) == (1, 0)  # the other node did not render it


def test_a_publish_on_one_node_drops_the_page_cached_on_the_other(
        app: Flask, other_node: Flask, two_sites, staff, listings):  # noqa: F811
    ours, theirs = listings
    theirs_client = host_client(other_node, A_HOST)
    theirs_client.get("/_test/tin")
    theirs_client.get("/_test/tin")
    assert theirs[A_HOST] == 1
    publish(app, two_sites[0], "Tin đăng qua nút khác")
    assert "Tin đăng qua nút khác" in theirs_client.get("/_test/tin").text
    assert theirs[A_HOST] == 2


def test_a_clients_requests_count_on_every_node(app: Flask, other_node: Flask, two_sites,
                                                redis_url):
    """Five reset requests per client and site in 15 minutes, however they are spread."""
    statuses = []
    for node, times in ((app, 3), (other_node, 3)):
        client = host_client(node, A_HOST)
        token = csrf_from(client.get(RESET).text)
        statuses += [client.post(RESET, data={"email": f"x{i}@example.vn",
                                              "csrf_token": token}).status_code
                     for i in range(times)]
    assert statuses == [200] * 5 + [429]
    assert keys(redis_url, "*portal-rl*password_reset*")


def test_a_site_made_through_one_node_is_resolved_by_the_other(app: Flask, other_node: Flask,
                                                               province):
    theirs = host_client(other_node, "xamoi.langson.localhost")
    assert theirs.get("/").status_code == 404  # the other node has its host map now
    create_site(app, "xamoi.langson", "Xã Mới", "commune", parent=province,
                hosts=("xamoi.langson.localhost",))
    assert theirs.get("/").status_code == 200


def test_views_counted_on_both_nodes_are_written_once(app: Flask, other_node: Flask,
                                                      two_sites, listings, redis_url):
    for node, times in ((app, 2), (other_node, 1)):
        for _ in range(times):
            assert host_client(node, A_HOST).get("/_test/tin").status_code == 200
    assert keys(redis_url, "portal:stats:pending")
    with other_node.app_context():
        assert flush_views() == 1
        db.session.commit()
    with app.app_context(), unscoped():
        assert flush_views() == 0  # nothing left anywhere
        views = db.session.scalars(select(PageViewCount.views).where(
            PageViewCount.tenant_id == two_sites[0].id, PageViewCount.item_id == 0)).all()
    assert views == [3]


def test_the_jobs_heartbeat_written_on_one_node_is_read_on_the_other(
        app: Flask, other_node: Flask, redis_url):
    with app.app_context():
        write_heartbeat(1_700_000_000.5)
    assert keys(redis_url, "portal:jobs:last-pass")
    with other_node.app_context():
        assert last_heartbeat() == 1_700_000_000.5
    ready = other_node.test_client().get("/healthz/ready").get_json()
    assert ready["checks"]["redis"]["status"] == "ok"
