"""Page-cache generations are shared by every application instance over one instance
folder (two gunicorn workers): a change committed through one is served fresh by the
other at once; a change rolled back invalidates nothing; a rolled-back savepoint does
not cancel the invalidation of the work around it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import select

from hub import create_app
from hub.accounts.models import User
from hub.content import operations
from hub.content.models import ContentItem
from hub.extensions import db
from tenants.context import tenant_scope
from tenants.models import Tenant
from tests.admin.helpers import email_of
from tests.cache.conftest import A_HOST, add_listing, publish
from tests.factories import host_client


@pytest.fixture
def other_worker(app: Flask) -> Iterator[Flask]:
    """A second application over the same database and instance folder."""
    other = create_app({**app.config})
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def edit_title(site: Tenant, item_id: int, title: str) -> None:
    """Save a new title as the site's editor in the open transaction (only flushes)."""
    editor = db.session.scalar(select(User).where(User.email == email_of("editor", site)))
    item = db.session.get(ContentItem, item_id)
    operations.save_item(item, {"title": title}, editor, expected_revision=item.revision)
    db.session.flush()


def test_a_publish_through_one_app_is_served_fresh_by_another(app, other_worker, two_sites,
                                                              staff, renders: Counter):
    """App B drops its cached page as soon as app A commits a publish."""
    counts: Counter = Counter()
    add_listing(other_worker, counts)
    client = host_client(other_worker, A_HOST)
    client.get("/_test/tin")
    client.get("/_test/tin")
    assert counts[A_HOST] == 1  # cached by app B
    publish(app, two_sites[0], "Tin đăng qua tiến trình khác")
    assert "Tin đăng qua tiến trình khác" in client.get("/_test/tin").text
    assert counts[A_HOST] == 2


def test_an_edit_through_one_app_is_served_fresh_by_both(app, other_worker, two_sites, staff,
                                                         renders: Counter):
    """Both apps' cached pages of the site give way to an edit committed through app A."""
    site = two_sites[0]
    item_id = publish(app, site, "Tiêu đề cũ của bản tin")
    counts: Counter = Counter()
    add_listing(other_worker, counts)
    ours, theirs = host_client(app, A_HOST), host_client(other_worker, A_HOST)
    assert "Tiêu đề cũ" in ours.get("/_test/tin").text
    assert "Tiêu đề cũ" in theirs.get("/_test/tin").text
    with app.app_context(), tenant_scope(site.id):
        edit_title(site, item_id, "Tiêu đề mới của bản tin")
        db.session.commit()
    assert "Tiêu đề mới" in ours.get("/_test/tin").text
    assert "Tiêu đề mới" in theirs.get("/_test/tin").text


def test_a_rolled_back_edit_keeps_the_cached_page(app, two_sites, staff, renders: Counter):
    """An edit rolled back invalidates nothing, even when the session commits later."""
    site = two_sites[0]
    item_id = publish(app, site, "Tin không đổi")
    client = host_client(app, A_HOST)
    client.get("/_test/tin")
    with app.app_context(), tenant_scope(site.id):
        edit_title(site, item_id, "Tin đã sửa rồi bỏ")
        db.session.rollback()
        db.session.commit()  # the same session goes on and commits other work
    assert "Tin không đổi" in client.get("/_test/tin").text
    assert renders[A_HOST] == 1  # still the cached page


def test_a_rolled_back_savepoint_keeps_the_invalidation_of_the_outer_edit(
        app, other_worker, two_sites, staff, renders: Counter):
    """The outer edit commits, so both apps serve it although a savepoint rolled back."""
    site = two_sites[0]
    item_id = publish(app, site, "Tin trước khi sửa")
    counts: Counter = Counter()
    add_listing(other_worker, counts)
    ours, theirs = host_client(app, A_HOST), host_client(other_worker, A_HOST)
    ours.get("/_test/tin")
    theirs.get("/_test/tin")
    with app.app_context(), tenant_scope(site.id):
        edit_title(site, item_id, "Tin sau khi sửa")
        savepoint = db.session.begin_nested()
        savepoint.rollback()
        db.session.commit()
    assert "Tin sau khi sửa" in ours.get("/_test/tin").text
    assert "Tin sau khi sửa" in theirs.get("/_test/tin").text


def test_a_page_rendered_between_a_savepoint_and_the_commit_is_not_kept(
        app, other_worker, two_sites, staff, renders: Counter):
    """A page another worker renders before the commit is not served after it."""
    site = two_sites[0]
    item_id = publish(app, site, "Tin trước khi sửa")
    counts: Counter = Counter()
    add_listing(other_worker, counts)
    theirs = host_client(other_worker, A_HOST)
    theirs.get("/_test/tin")
    with app.app_context(), tenant_scope(site.id):
        edit_title(site, item_id, "Tin sau khi sửa")
        db.session.begin_nested().commit()
        assert "Tin trước khi sửa" in theirs.get("/_test/tin").text  # not committed yet
        db.session.commit()
    assert "Tin sau khi sửa" in theirs.get("/_test/tin").text
