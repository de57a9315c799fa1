"""Search learns of public changes through the workflow's signals: each step or save
that changes what the public sees writes its outbox row inside the change's own
transaction — written by the time the step returns, committed with it, gone with it
when it rolls back — and nothing else writes one."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from hub.accounts.models import User
from hub.content.models import ContentItem
from hub.content.operations import create_item, publish_scheduled, save_item, transition
from hub.extensions import db
from hub.workflow import signals
from hub.workflow.states import ContentStatus
from search import receivers
from search.models import SearchOutbox
from tenants.context import tenant_scope, unscoped
from tenants.models import Tenant
from tests.factories import create_user

St = ContentStatus
NEWS = {"title": "Hội nghị triển khai nhiệm vụ khoa học và công nghệ năm 2027",
        "summary": "Sáng 20/11, Sở Khoa học và Công nghệ tổ chức hội nghị.",
        "body": "<p>Hội nghị đánh giá kết quả năm 2026.</p>", "kind": "news"}


@pytest.fixture
def site(two_sites: tuple[Tenant, Tenant]) -> Tenant:
    return two_sites[0]


@pytest.fixture
def people(app: Flask, site: Tenant) -> dict[str, int]:
    return {role: create_user(app, f"{role}@sokhcn.gov.vn", {site: role}).id
            for role in ("editor", "approver")}


@contextmanager
def acting(app: Flask, site: Tenant) -> Iterator[None]:
    with app.app_context(), tenant_scope(site.id):
        yield


def user(people: dict[str, int], role: str) -> User:
    found = db.session.get(User, people[role])
    assert found is not None
    return found


def new_item(people: dict[str, int], status: ContentStatus) -> ContentItem:
    """A news item put in ``status`` directly and committed: only the step under test
    goes through the workflow."""
    item = create_item("article", NEWS, user(people, "editor"))
    item.status = status
    db.session.commit()
    return item


def written_rows() -> list[tuple[int, str, str]]:
    """The outbox rows this transaction has written to the database (flushed, not
    merely added to the session)."""
    with db.session.no_autoflush:
        return [(row.item_id, row.operation, row.reason) for row in db.session.scalars(
            select(SearchOutbox).order_by(SearchOutbox.id))]


def committed_rows(app: Flask) -> list[tuple[int, str, str]]:
    with app.app_context(), unscoped():
        db.session.remove()
        return [(row.item_id, row.operation, row.reason) for row in db.session.scalars(
            select(SearchOutbox).order_by(SearchOutbox.id))]


def test_a_publication_writes_its_upsert_in_the_publishing_transaction(app, site, people):
    with acting(app, site):
        item = new_item(people, St.SUBMITTED)
        item_id = item.id
        transition(item, "approve", user(people, "approver"))
        # Written with the step, before any commit: the row is in this transaction.
        assert written_rows() == [(item_id, "upsert", "approve")]
        assert committed_rows(app) == []
        db.session.commit()
    assert committed_rows(app) == [(item_id, "upsert", "approve")]


def test_a_publication_rolled_back_writes_no_row(app, site, people):
    with acting(app, site):
        item = new_item(people, St.SUBMITTED)
        item_id = item.id
        transition(item, "approve", user(people, "approver"))
        assert written_rows() == [(item_id, "upsert", "approve")]
        db.session.rollback()   # what a failing request does
        assert db.session.get(ContentItem, item_id).status is St.SUBMITTED
        assert written_rows() == []
    assert committed_rows(app) == []


def test_an_edit_reindexes_a_public_item_and_never_a_hidden_one(app, site, people):
    with acting(app, site):
        draft = new_item(people, St.DRAFT)
        published = new_item(people, St.PUBLISHED)
        editor = user(people, "editor")
        save_item(draft, {"summary": "Sapo mới"}, editor, 1)
        assert written_rows() == []
        save_item(published, {"body": "<p>Nội dung đã đính chính.</p>"}, editor, 1)
        assert written_rows() == [(published.id, "upsert", "edit")]
        db.session.commit()
        published_id = published.id
    assert committed_rows(app) == [(published_id, "upsert", "edit")]


def test_a_creation_writes_no_row(app, site, people):
    with acting(app, site):
        create_item("article", NEWS, user(people, "editor"))
        db.session.commit()
    assert committed_rows(app) == []


def test_unpublishing_removes_the_item_and_a_step_between_hidden_states_writes_nothing(
        app, site, people):
    with acting(app, site):
        item = new_item(people, St.PUBLISHED)
        approver = user(people, "approver")
        transition(item, "unpublish", approver, comment="Cập nhật số liệu.")
        assert written_rows() == [(item.id, "delete", "unpublish")]
        other = new_item(people, St.SUBMITTED)
        transition(other, "schedule", approver,
                   scheduled_at=datetime.now(UTC) + timedelta(days=2))
        db.session.commit()
        item_id = item.id
    assert committed_rows(app) == [(item_id, "delete", "unpublish")]


def test_a_take_down_always_removes_even_an_item_never_public(app, site, people):
    with acting(app, site):
        item = new_item(people, St.SUBMITTED)
        transition(item, "take_down", user(people, "approver"), comment="Lộ bí mật.")
        db.session.commit()
        item_id = item.id
    assert committed_rows(app) == [(item_id, "delete", "take_down")]


def test_the_scheduler_publishing_writes_its_row_too(app, site, people):
    with acting(app, site):
        item = new_item(people, St.SCHEDULED)
        moment = datetime.now(UTC)
        item.scheduled_at = moment - timedelta(minutes=1)
        db.session.commit()
        assert publish_scheduled(item, moment) is not None
        db.session.commit()
        item_id = item.id
    assert committed_rows(app) == [(item_id, "upsert", "publish_scheduled")]


def test_connecting_again_does_not_write_twice(app, site, people):
    receivers.connect()
    receivers.connect()
    assert list(signals.item_saved.receivers.values()).count(receivers.item_saved) == 1
    assert list(signals.item_transitioned.receivers.values()).count(
        receivers.item_transitioned) == 1
    with acting(app, site):
        item = new_item(people, St.SUBMITTED)
        transition(item, "approve", user(people, "approver"))
        db.session.commit()
        item_id = item.id
    assert committed_rows(app) == [(item_id, "upsert", "approve")]
