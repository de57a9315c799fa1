"""Posting the comment form as a browser does, and reading what was stored."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import func, select

from hub.consultations.models import Comment
from hub.content.models import ContentItem
from hub.extensions import db
from hub.intake.proof import solve
from tenants.context import unscoped
from tests.factories import csrf_from

COMMENT = {"kind": "person", "name": "Nguyễn Văn An", "organisation": "",
           "email": "an.nguyen@example.vn", "clause": "Điều 5. Phân hạng chợ",
           "body": "Đề nghị bổ sung tiêu chí phân hạng chợ miền núi.", "consent": "y"}


def slug_of(app: Flask, item_id: int) -> str:
    with app.app_context(), unscoped():
        return db.session.get(ContentItem, item_id).slug  # type: ignore[union-attr]


def post_comment(client: Any, slug: str, *, proof: str | None = "solve",
                 **values: Any) -> Any:
    page = client.get(f"/du-thao/{slug}/gop-y")
    token = csrf_from(page.data) if page.status_code == 200 else csrf_from(
        client.get("/dang-nhap").data)
    data = {**COMMENT, "csrf_token": token}
    if proof == "solve":
        answer = client.get(f"/du-thao/{slug}/gop-y/thu-thach")
        assert answer.status_code == 200, answer.text
        data["altcha"] = solve(answer.get_json())
    elif proof is not None:
        data["altcha"] = proof
    data.update(values)
    data = {key: value for key, value in data.items() if value is not None}
    return client.post(f"/du-thao/{slug}/gop-y", data=data,
                       content_type="multipart/form-data")


def comments(app: Flask) -> list[Comment]:
    with app.app_context(), unscoped():
        rows = db.session.scalars(select(Comment).order_by(Comment.id)).all()
        for row in rows:
            db.session.expunge(row)
        return list(rows)


def comment_count(app: Flask) -> int:
    with app.app_context(), unscoped():
        return db.session.scalar(select(func.count(Comment.id))) or 0


def shown(app: Flask, message: str, **values: Any) -> str:
    """``message`` as a Vietnamese host's page shows it (HTML-escaped), whatever the
    catalog holds."""
    from flask_babel import gettext
    from markupsafe import escape
    with app.test_request_context(base_url="http://langson.localhost/"):
        return str(escape(gettext(message, **values)))
