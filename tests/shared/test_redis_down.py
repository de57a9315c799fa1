"""Redis dies in the middle of the day, and comes back.

Meanwhile every process goes on alone: pages are rendered (none cached), logins and
citizens' forms are answered, rate limits are counted in memory, views are kept in
memory for the flush, and each request pays nothing for the dead Redis (the breaker of
``hub.core.redis``); readiness says Redis is unreachable. When Redis answers again its
shared state is used again, and what changed meanwhile is announced before anything is
read from it: a publish or a new site made during the outage is not hidden by a page or
a host map from before it, even when Redis comes back with its data (persistence)."""

from __future__ import annotations

import time

import pytest
import redis
from flask import Flask

from hub.cache.pages import page_cache
from hub.extensions import db
from hub.stats.operations import EXTENSION as VIEW_COUNTER
from hub.stats.operations import flush_views
from tests.cache.conftest import A_HOST, publish, staff  # noqa: F401
from tests.factories import create_site, csrf_from, host_client, login
from tests.questions.test_public import PROVINCE, make_world, post_question
from tests.services import RedisServer
from tests.shared.conftest import RETRY_SECONDS

pytestmark = pytest.mark.slow
RESET = "/dang-nhap/quen-mat-khau"


def reset_requests(app: Flask, host: str, times: int) -> list[int]:
    client = host_client(app, host)
    token = csrf_from(client.get(RESET).text)
    return [client.post(RESET, data={"email": f"x{i}@example.vn", "csrf_token": token})
            .status_code for i in range(times)]


def timed_get(client, path: str) -> tuple[int, float]:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    status = client.get(path).status_code
    return status, time.monotonic() - started


def snapshot(url: str) -> dict[bytes, tuple[bytes, int]]:
    """Every key with its value and time to live, as a persistent Redis keeps them."""
    client = redis.Redis.from_url(url)
    return {key: (client.dump(key), max(client.pttl(key), 0)) for key in client.keys("*")}


def restore(url: str, saved: dict[bytes, tuple[bytes, int]]) -> None:
    client = redis.Redis.from_url(url)
    for key, (value, ttl) in saved.items():
        client.restore(key, ttl, value, replace=True)


def back_again(server: RedisServer, saved: dict | None = None) -> None:
    """Redis running again (with ``saved`` data), past every process's breaker pause."""
    server.start()
    if saved:
        restore(server.url, saved)
    time.sleep(RETRY_SECONDS * 2)


def test_the_portal_keeps_serving_while_redis_is_down(app: Flask, province,
                                                     redis_server: RedisServer):
    make_world(app, province)
    client = host_client(app, PROVINCE)
    assert client.get("/").status_code == 200
    redis_server.stop()

    timings = [timed_get(client, "/") for _ in range(5)]
    assert [status for status, _ in timings] == [200] * 5
    assert max(seconds for _, seconds in timings[1:]) < 0.5  # the breaker: no waiting
    assert app.extensions[VIEW_COUNTER].pending()  # views kept for this process's flush
    assert login(host_client(app, PROVINCE), "bientap@langson.gov.vn").status_code == 302
    assert post_question(host_client(app, PROVINCE)).status_code == 303
    # The limits still hold, counted in this process's memory.
    assert reset_requests(app, PROVINCE, 6) == [200] * 5 + [429]
    ready = app.test_client().get("/healthz/ready")
    assert ready.status_code == 503
    assert ready.get_json()["checks"]["redis"]["status"] == "error"

    back_again(redis_server)
    assert reset_requests(app, PROVINCE, 1) == [200]  # a new window
    assert list(redis.Redis.from_url(redis_server.url).scan_iter("*password_reset*"))
    assert app.test_client().get("/healthz/ready").get_json()["checks"]["redis"]["status"] == "ok"


def test_a_publish_while_redis_is_down_is_not_hidden_by_a_page_cached_before(
        app: Flask, other_node: Flask, two_sites, staff, listings,  # noqa: F811
        redis_server: RedisServer):
    ours, theirs = listings
    publish(app, two_sites[0], "Tin trước sự cố")
    mine, other = host_client(app, A_HOST), host_client(other_node, A_HOST)
    mine.get("/_test/tin")
    assert "Tin trước sự cố" in other.get("/_test/tin").text
    assert (ours[A_HOST], theirs[A_HOST]) == (1, 0)  # one page, in Redis
    saved = snapshot(redis_server.url)
    redis_server.stop()

    publish(app, two_sites[0], "Tin đăng khi mất Redis")
    assert "Tin đăng khi mất Redis" in mine.get("/_test/tin").text  # fresh, not cached

    back_again(redis_server, saved)  # with the stale page and generation of before
    assert "Tin đăng khi mất Redis" in mine.get("/_test/tin").text
    assert "Tin đăng khi mất Redis" in other.get("/_test/tin").text
    rendered = theirs[A_HOST]
    assert "Tin đăng khi mất Redis" in other.get("/_test/tin").text
    assert theirs[A_HOST] == rendered  # cached in Redis again


def test_a_site_made_while_redis_is_down_is_resolved_everywhere_once_it_is_back(
        app: Flask, other_node: Flask, province, redis_server: RedisServer):
    mine = host_client(app, "xamoi.langson.localhost")
    theirs = host_client(other_node, "xamoi.langson.localhost")
    assert mine.get("/").status_code == theirs.get("/").status_code == 404
    saved = snapshot(redis_server.url)
    redis_server.stop()

    create_site(app, "xamoi.langson", "Xã Mới", "commune", parent=province,
                hosts=("xamoi.langson.localhost",))
    assert mine.get("/").status_code == 200

    back_again(redis_server, saved)  # with the host-map version of before
    assert mine.get("/").status_code == 200
    assert theirs.get("/").status_code == 200


def test_counts_made_while_redis_is_down_are_written_and_redis_used_again(
        app: Flask, two_sites, listings, redis_server: RedisServer):
    client = host_client(app, A_HOST)
    client.get("/_test/tin")
    redis_server.stop()
    client.get("/_test/tin")
    back_again(redis_server)
    client.get("/_test/tin")
    with app.app_context():
        assert flush_views() == 1  # memory and Redis together: one row, the site's
        db.session.commit()
    assert app.extensions[VIEW_COUNTER].pending() == {}


def test_a_redis_restarted_empty_never_hands_out_a_generation_seen_before(
        app: Flask, two_sites, redis_server: RedisServer):
    """Memos are kept per process under the generation: one handed out again after a
    restart would serve data older than a publish made in between."""
    site_id = two_sites[0].id
    with app.app_context():
        seen = {page_cache().generation(site_id)}
        page_cache().bump(site_id)
        seen.add(page_cache().generation(site_id))
        versions = {app.extensions["portal_hosts"].version.read()}
    redis_server.stop()
    back_again(redis_server)  # empty
    with app.app_context():
        assert page_cache().generation(site_id) not in seen
        assert app.extensions["portal_hosts"].version.read() not in versions
