"""On PostgreSQL a site's SQL sees only its own ratings, page answers, daily key and
hashes, whatever the query says: row-level security, not only the ORM's criteria
(the ORM side is in ``test_figures`` and ``test_moderation``, on both databases)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from hub.extensions import db
from tenants.context import tenant_scope
from tests.factories import create_site
from tests.ratings.helpers import COMMUNE, DEPARTMENT, post_rating, post_useful, rating_on, visitor


def test_raw_sql_over_the_apps_connection_sees_no_other_sites_ratings(pg_app) -> None:  # type: ignore[no-untyped-def]
    province = create_site(pg_app, "langson", "Tỉnh Lạng Sơn", "province",
                           hosts=("langson.localhost",))
    department = create_site(pg_app, "sokhcn.langson", "Sở KH&CN", "department",
                             parent=province, hosts=(DEPARTMENT,))
    commune = create_site(pg_app, "xathongnhat.langson", "Xã Thống Nhất", "commune",
                          parent=province, hosts=(COMMUNE,))
    rating_on(pg_app, department, rated_on=date(2026, 3, 1))
    rating_on(pg_app, commune, rated_on=date(2026, 3, 1))
    assert post_rating(visitor(pg_app, COMMUNE)).status_code == 303
    assert post_useful(visitor(pg_app, COMMUNE), "/").status_code == 303
    with pg_app.app_context(), tenant_scope(department.id):
        for table in ("rating", "page_usefulness", "rating_daily_key", "rating_seen"):
            rows = db.session.execute(text(f"SELECT tenant_id FROM {table}")).all()  # noqa: S608
            assert {row.tenant_id for row in rows} <= {department.id}, table
        assert db.session.execute(text("SELECT count(*) FROM rating")).scalar_one() == 1
    with pg_app.app_context(), tenant_scope(commune.id):
        assert db.session.execute(text("SELECT count(*) FROM rating")).scalar_one() == 2
        assert db.session.execute(text("SELECT count(*) FROM rating_seen")).scalar_one() == 2
