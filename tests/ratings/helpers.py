"""The world of the rating tests: the province (with its English host), a department
and a commune, staff on each, and a visitor who rates as a browser would."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import func, select

from hub.extensions import db
from hub.intake.proof import solve
from hub.ratings.models import DailyKey, PageUsefulness, Rating, SeenToday
from tenants.context import unscoped
from tests.factories import HostClient, host_client

PROVINCE = "langson.localhost"
ENGLISH = "english.langson.localhost"
DEPARTMENT = "sokhcn.langson.localhost"
COMMUNE = "xathongnhat.langson.localhost"

MARKS = {"interface": "4", "content": "5", "quality": "3", "support": "2"}


def visitor(app: Flask, host: str, address: str = "203.0.113.7") -> HostClient:
    """A browser on ``host`` from ``address`` (the damping's client)."""
    app.config["POW_MAX_NUMBER"] = 1000  # a browser's work, made small for the tests
    client = host_client(app, host)
    client.environ_base["REMOTE_ADDR"] = address
    return client


def proof_for(client: Any) -> str:
    answer = client.get("/danh-gia/thu-thach")
    assert answer.status_code == 200, answer.text
    return solve(answer.get_json())


def post_rating(client: Any, *, proof: str | None = "solve", **values: Any) -> Any:
    """The rating form as a browser sends it: no token, no cookie, a solved proof."""
    data: dict[str, Any] = {**MARKS, "comment": ""}
    if proof == "solve":
        data["altcha"] = proof_for(client)
    elif proof is not None:
        data["altcha"] = proof
    data.update(values)
    data = {key: value for key, value in data.items() if value is not None}
    return client.post("/danh-gia", data=data)


def post_useful(client: Any, page: str = "/tin-tuc", useful: str = "yes",
                **headers: str) -> Any:
    return client.post("/danh-gia/trang", data={"page": page, "useful": useful},
                       headers=headers)


def stored(app: Flask) -> dict[str, int]:
    """How many rows of each table, in the whole database."""
    with app.app_context(), unscoped():
        return {model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
                for model in (Rating, PageUsefulness, DailyKey, SeenToday)}


def ratings(app: Flask) -> list[Rating]:
    with app.app_context(), unscoped():
        rows = db.session.scalars(select(Rating).order_by(Rating.id)).all()
        for row in rows:
            db.session.expunge(row)
        return list(rows)


def vi(app: Flask, text: str, **values: Any) -> str:
    """``text`` as a Vietnamese host shows it (the catalogue's translation, or the
    message itself while it has none), so the tests read the same before and after
    the catalogue is updated."""
    from flask_babel import force_locale, gettext
    with app.test_request_context(), force_locale("vi"):
        return gettext(text, **values)


def rating_on(app: Flask, site: Any, *, comment: str | None = "Góp ý",
              rated_on: Any = None, locale: str = "vi", **marks: int) -> int:
    """A rating stored on ``site`` as the form would store it (for figures and the
    foreign-id table); returns its id."""
    from hub.core.clock import local_today
    from hub.ratings.models import CommentState
    from tenants.context import tenant_scope
    values = {"interface": 4, "content": 4, "quality": 4, "support": 4, **marks}
    with app.app_context(), tenant_scope(site.id):
        rating = Rating(rated_on=rated_on or local_today(), locale=locale, comment=comment,
                        comment_state=CommentState.NEW if comment else None, **values)
        db.session.add(rating)
        db.session.commit()
        return rating.id
