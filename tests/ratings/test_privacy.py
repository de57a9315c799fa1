"""Nothing kept of a rating links it to a person (Decree 224/2026: ratings with privacy
protected): no address and no cookie in any response or row; a repeat the same day is
recognised only by a keyed hash under the site's key of the day, and the next day the
background job deletes the keys and the hashes, after which a second rating counts."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from flask import Flask
from sqlalchemy import select

from hub.core.clock import local_today
from hub.core.jobs import JOBS, run_pass
from hub.extensions import db
from hub.ratings import damping
from hub.ratings.models import DailyKey, PageUsefulness, Rating, SeenToday
from tenants.context import unscoped
from tenants.models import Tenant
from tests.questions.helpers import build_world
from tests.ratings.helpers import (
    COMMUNE,
    PROVINCE,
    post_rating,
    post_useful,
    ratings,
    stored,
    visitor,
)

ADDRESS = "198.51.100.77"


@pytest.fixture
def world(app: Flask, province: Tenant):  # type: ignore[no-untyped-def]
    return build_world(app, province)


def every_stored_value(app: Flask) -> str:
    with app.app_context(), unscoped():
        rows = [*db.session.scalars(select(Rating)), *db.session.scalars(select(PageUsefulness)),
                *db.session.scalars(select(DailyKey)), *db.session.scalars(select(SeenToday))]
        return " ".join(repr({k: v for k, v in vars(row).items() if not k.startswith("_")})
                        for row in rows)


def test_a_repeat_the_same_day_is_thanked_but_not_counted(app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    client = visitor(app, PROVINCE, ADDRESS)
    assert post_rating(client).headers["Location"].endswith("/danh-gia/cam-on")
    again = post_rating(client, interface="1")
    assert again.status_code == 303 and again.headers["Location"].endswith("?again=1")
    assert [r.interface for r in ratings(app)] == [4]
    # Another client, or the same client on another site, counts.
    assert "again" not in post_rating(visitor(app, PROVINCE, "192.0.2.8")).headers["Location"]
    assert "again" not in post_rating(visitor(app, COMMUNE, ADDRESS)).headers["Location"]
    assert len(ratings(app)) == 3


def test_no_address_and_no_cookie_anywhere(app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    client = visitor(app, PROVINCE, ADDRESS)
    responses = [client.get("/danh-gia"), client.get("/danh-gia/thu-thach"),
                 post_rating(client, comment="Tốt"), post_useful(client, "/"),
                 client.get("/danh-gia/cam-on?page=/"), post_rating(client, support="9")]
    for response in responses:
        assert "Set-Cookie" not in response.headers, response.request.path
    assert not list(client._cookies)  # noqa: SLF001 - the jar the browser would keep
    text = every_stored_value(app)
    assert ADDRESS not in text and ADDRESS.replace(".", "") not in text
    # The hashes are keyed: the plain hash of the address is not among them.
    import hashlib
    plain = hashlib.sha256(f"rating\0{ADDRESS}".encode()).hexdigest()
    assert plain not in text
    counts = stored(app)
    assert counts["rating_daily_key"] == 1 and counts["rating_seen"] == 2


def test_the_next_day_the_key_and_the_hashes_are_gone(app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    assert "ratings.forget_past_days" in JOBS
    client = visitor(app, PROVINCE, ADDRESS)
    post_rating(client)
    post_useful(client, "/tin-tuc")
    post_rating(visitor(app, COMMUNE, ADDRESS))
    assert stored(app)["rating_daily_key"] == 2 and stored(app)["rating_seen"] == 3
    with app.app_context():
        run_pass()  # today: nothing to forget yet
    assert stored(app)["rating_seen"] == 3

    tomorrow = local_today() + timedelta(days=1)
    with app.app_context(), mock.patch.object(damping, "local_today", return_value=tomorrow):
        run_pass()
    counts = stored(app)
    assert counts["rating_daily_key"] == 0 and counts["rating_seen"] == 0
    assert counts["rating"] == 2 and counts["page_usefulness"] == 1  # the ratings stay


def test_a_new_day_has_a_new_key(app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    client = visitor(app, PROVINCE, ADDRESS)
    post_rating(client)
    with app.app_context(), unscoped():
        [first] = db.session.scalars(select(DailyKey)).all()
        first_key = first.key
    tomorrow = local_today() + timedelta(days=1)
    with mock.patch.object(damping, "local_today", return_value=tomorrow):
        answer = post_rating(client)
    assert answer.headers["Location"].endswith("/danh-gia/cam-on")  # counted again
    with app.app_context(), unscoped():
        keys = db.session.scalars(select(DailyKey).order_by(DailyKey.day)).all()
        assert len(keys) == 2 and keys[1].key != first_key and len(keys[1].key) == 32
