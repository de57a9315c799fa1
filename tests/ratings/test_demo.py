"""The demo's ratings: six months on the province and on Xã Thống Nhất, seeded once, so
the reports page draws its chart and the API has figures on a fresh ``make run``."""

from __future__ import annotations

from sqlalchemy import func, select

from hub.core.clock import local_today
from hub.demo.ratings import seed_demo_ratings
from hub.demo.seed import seed_demo
from hub.extensions import db
from hub.ratings.figures import figures
from hub.ratings.models import CommentState, Rating
from tenants.context import unscoped
from tenants.models import Tenant
from tests.factories import host_client

BASE = "langson.localhost"


def test_the_demo_has_months_of_ratings_on_the_province_and_a_commune(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        seed_demo()
        db.session.commit()
        assert seed_demo_ratings(BASE) > 0
        assert seed_demo_ratings(BASE) == 0  # once
        with unscoped():
            by_site = dict(db.session.execute(
                select(Tenant.slug, func.count(Rating.id))
                .join(Tenant, Tenant.id == Rating.tenant_id).group_by(Tenant.slug)).all())
            months = db.session.scalars(select(Rating.rated_on)).all()
            states = set(db.session.scalars(select(Rating.comment_state)))
            province = db.session.scalar(select(Tenant).filter_by(slug="langson"))
            today = local_today()
            current = figures(province.id, today.replace(day=1), today)
        assert set(by_site) == {"langson", "xathongnhat.langson"}
        assert len({(day.year, day.month) for day in months}) == 6
        assert {CommentState.NEW, CommentState.READ, CommentState.HIDDEN} <= states
        assert current.ratings > 0 and current.useful > 0
    body = host_client(app, BASE).get("/api/v1/ratings").get_json()
    assert sum(row["ratings"] for row in body["data"]) > 0
