"""Comments sent with ratings are never public: staff who may moderate (site
administrators and approvers) read them in ``/quan-tri/danh-gia`` and mark them read or
hidden; a hidden comment leaves the list to read and appears nowhere public."""

from __future__ import annotations

import pytest
from flask import Flask

from hub.extensions import db
from hub.ratings.models import CommentState, Rating
from tenants.context import unscoped
from tenants.models import Tenant
from tests.factories import create_user, csrf_from, host_client, login
from tests.questions.helpers import build_world
from tests.ratings.helpers import DEPARTMENT, ENGLISH, PROVINCE, post_rating, rating_on, visitor

SECRET = "Góp ý riêng: nhân viên trả lời chậm"


@pytest.fixture
def world(app: Flask, province: Tenant):  # type: ignore[no-untyped-def]
    return build_world(app, province)


def moderator(app: Flask, site: Tenant, host: str, role: str = "approver"):  # type: ignore[no-untyped-def]
    email = f"kiemduyet-{role}-{site.id}@example.gov.vn"
    create_user(app, email, roles={site: role})
    client = host_client(app, host)
    assert login(client, email).status_code == 302
    return client


def state_of(app: Flask, rating_id: int) -> CommentState | None:
    with app.app_context(), unscoped():
        return db.session.get(Rating, rating_id).comment_state


def test_staff_read_and_hide_comments(app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    rating_id = rating_on(app, world.province, comment=SECRET)
    client = moderator(app, world.province, PROVINCE)
    listing = client.get("/quan-tri/danh-gia")
    assert listing.status_code == 200 and SECRET in listing.text
    token = csrf_from(listing.text)

    read = client.post(f"/quan-tri/danh-gia/{rating_id}/read", data={"csrf_token": token})
    assert read.status_code == 303 and state_of(app, rating_id) is CommentState.READ
    assert SECRET not in client.get("/quan-tri/danh-gia").text
    assert SECRET in client.get("/quan-tri/danh-gia?state=read").text

    hidden = client.post(f"/quan-tri/danh-gia/{rating_id}/hidden",
                         data={"csrf_token": token, "tab": "read"})
    assert hidden.status_code == 303 and hidden.location.endswith("?state=read")
    assert state_of(app, rating_id) is CommentState.HIDDEN
    assert SECRET not in client.get("/quan-tri/danh-gia?state=read").text
    assert SECRET in client.get("/quan-tri/danh-gia?state=hidden").text


def test_a_bad_state_or_list_is_400_and_a_post_without_token_is_refused(
        app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    rating_id = rating_on(app, world.province, comment=SECRET)
    client = moderator(app, world.province, PROVINCE, "site_admin")
    token = csrf_from(client.get("/quan-tri/danh-gia").text)
    assert client.post(f"/quan-tri/danh-gia/{rating_id}/published",
                       data={"csrf_token": token}).status_code == 400
    assert client.get("/quan-tri/danh-gia?state=all").status_code == 400
    assert client.post(f"/quan-tri/danh-gia/{rating_id}/hidden").status_code == 400
    no_comment = rating_on(app, world.province, comment=None)
    assert client.post(f"/quan-tri/danh-gia/{no_comment}/hidden",
                       data={"csrf_token": token}).status_code == 400
    assert state_of(app, rating_id) is CommentState.NEW


def test_only_administrators_and_approvers_moderate(app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    rating_on(app, world.province, comment=SECRET)
    editor = moderator(app, world.province, PROVINCE, "editor")
    assert editor.get("/quan-tri/danh-gia").status_code == 403
    anonymous = host_client(app, PROVINCE).get("/quan-tri/danh-gia")
    assert anonymous.status_code == 302 and "/dang-nhap" in anonymous.location


def test_a_site_moderates_its_own_comments_only(app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    rating_id = rating_on(app, world.province, comment=SECRET)
    client = moderator(app, world.department, DEPARTMENT)
    listing = client.get("/quan-tri/danh-gia")
    assert listing.status_code == 200 and SECRET not in listing.text
    assert client.post(f"/quan-tri/danh-gia/{rating_id}/hidden",
                       data={"csrf_token": csrf_from(listing.text)}).status_code == 404
    assert state_of(app, rating_id) is CommentState.NEW


def test_a_comment_appears_nowhere_public(app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    answer = post_rating(visitor(app, PROVINCE), comment=SECRET)
    assert answer.status_code == 303
    with app.app_context(), unscoped():
        rating_id = db.session.query(Rating.id).scalar()
    client = moderator(app, world.province, PROVINCE)
    token = csrf_from(client.get("/quan-tri/danh-gia").text)
    client.post(f"/quan-tri/danh-gia/{rating_id}/hidden", data={"csrf_token": token})
    for host in (PROVINCE, ENGLISH):
        public = host_client(app, host)
        for path in ("/", "/danh-gia", "/danh-gia/cam-on", "/api/v1/ratings",
                     "/tim-kiem?q=nh%C3%A2n+vi%C3%AAn", "/hoi-dap", "/rss.xml"):
            page = public.get(path)
            assert page.status_code == 200, (host, path)
            assert SECRET not in page.text and "trả lời chậm" not in page.text, (host, path)
