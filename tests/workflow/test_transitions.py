"""The steps of the editorial workflow: each is recorded (who, when, from, to, comment,
IP), audited, and — when it touches what the public sees — written to the search outbox
in the same transaction as the change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from hub.content.models import WorkflowEvent
from hub.content.operations import save_item, transition
from hub.core.clock import aware
from hub.directory.models import Category
from hub.extensions import db
from hub.workflow.access import available_actions
from hub.workflow.errors import ContentValidationError, TransitionNotAllowed
from hub.workflow.models import ApproverScope
from hub.workflow.states import ContentStatus
from tenants.context import tenant_scope
from tests.workflow.conftest import (
    acting,
    committed_audit,
    committed_outbox,
    new_item,
    reload,
)

St = ContentStatus


def test_approval_publishes_names_the_approver_and_indexes_in_the_same_transaction(
        app, site, staff):
    with acting(app, site):
        item = new_item(staff["editor"])
        transition(item, "submit", staff["editor"])
        transition(item, "approve", staff["approver"])
        db.session.commit()
        item_id = item.id
        item = reload(item_id)
        assert item.status is St.PUBLISHED and item.is_public
        assert item.approved_by.email == "approver@sokhcn.gov.vn"   # shown with the item
        assert item.published_at is not None and item.submitted_at is not None
        events = db.session.scalars(select(WorkflowEvent).order_by(WorkflowEvent.id)).all()
        assert [(e.action, e.from_status, e.to_status) for e in events] == [
            ("submit", "draft", "submitted"), ("approve", "submitted", "published")]
        assert events[1].actor_id == staff.ids["approver"]
    assert committed_outbox(app) == [(item_id, "upsert", "approve")]
    audit = committed_audit(app)
    assert [e.action for e in audit] == ["content.create", "content.submit",
                                         "content.approve"]
    assert audit[-1].detail["from"] == "submitted" and audit[-1].detail["to"] == "published"
    assert audit[-1].object_type == "ContentItem" and audit[-1].object_id == str(item_id)
    assert audit[-1].tenant_id == site.id


def test_a_publication_rolled_back_leaves_no_outbox_row(app, site, staff):
    with acting(app, site):
        item = new_item(staff["editor"], status=St.SUBMITTED)
        db.session.commit()
        item_id = item.id
        transition(item, "approve", staff["approver"])
        db.session.rollback()   # what a failing request does
        assert reload(item_id).status is St.SUBMITTED
    assert committed_outbox(app) == []


def test_a_step_records_the_address_it_came_from(app, site, staff):
    with app.test_request_context("/", base_url="http://sokhcn.langson.localhost/",
                                  environ_base={"REMOTE_ADDR": "203.113.1.5"}), \
            tenant_scope(site.id):
        item = new_item(staff["editor"])
        event = transition(item, "submit", staff["editor"])
        db.session.commit()
        assert event.ip == "203.113.1.5"
    assert committed_audit(app)[-1].ip == "203.113.1.5"


def test_returning_an_item_requires_a_comment_for_the_author(app, site, staff):
    with acting(app, site):
        item = new_item(staff["contributor"], status=St.SUBMITTED)
        for empty in ("", "   \n  "):
            with pytest.raises(TransitionNotAllowed) as refused:
                transition(item, "return", staff["approver"], comment=empty)
            # a form shows it at the comment field
            assert isinstance(refused.value, ContentValidationError)
            assert "comment" in refused.value.errors and refused.value.http_status == 422
        assert reload(item.id).status is St.SUBMITTED
        event = transition(item, "return", staff["approver"],
                           comment="Đề nghị bổ sung nguồn tin.")
        assert reload(item.id).status is St.RETURNED
        assert event.comment == "Đề nghị bổ sung nguồn tin."
        assert "submit" in available_actions(item, staff["contributor"])


def test_take_down_needs_a_reason_acts_at_once_and_removes_the_item_from_search(
        app, site, staff):
    """003 Article 8.2.b: violating content is removed immediately when reported."""
    with acting(app, site):
        item = new_item(staff["editor"], status=St.SUBMITTED)
        transition(item, "approve", staff["approver"])
        with pytest.raises(TransitionNotAllowed) as refused:
            transition(item, "take_down", staff["approver"], comment=" ")
        assert refused.value.errors == {"comment": refused.value.reason}
        transition(item, "take_down", staff["approver"],
                   comment="Phản ánh của bạn đọc: thông tin sai sự thật.")
        db.session.commit()
        item = reload(item.id)
        assert item.status is St.TAKEN_DOWN and not item.is_public
        assert item.taken_down_reason == "Phản ánh của bạn đọc: thông tin sai sự thật."
        assert item.approved_by_id == staff.ids["approver"]  # who had approved it stays
        item_id = item.id
    assert committed_outbox(app) == [(item_id, "upsert", "approve"),
                                     (item_id, "delete", "take_down")]
    assert committed_audit(app)[-1].detail["comment"].startswith("Phản ánh")


def test_take_down_reaches_items_not_yet_public_too(app, site, staff):
    with acting(app, site):
        item = new_item(staff["editor"], status=St.SCHEDULED)
        transition(item, "take_down", staff["site_admin"], comment="Lộ bí mật nhà nước.")
        db.session.commit()
        assert reload(item.id).scheduled_at is None
        item_id = item.id
    # the index may hold nothing, but a removal is always sent: it costs nothing
    assert committed_outbox(app) == [(item_id, "delete", "take_down")]


def test_unpublish_archive_and_republish_keep_search_in_step(app, site, staff):
    with acting(app, site):
        item = new_item(staff["editor"], status=St.SUBMITTED)
        transition(item, "approve", staff["approver"])
        first_published = reload(item.id).published_at
        transition(item, "unpublish", staff["approver"], comment="Cập nhật số liệu.")
        transition(item, "republish", staff["site_admin"])
        item = reload(item.id)
        assert item.status is St.PUBLISHED
        assert item.published_at == first_published   # the first publication counts
        assert item.approved_by_id == staff.ids["site_admin"]
        transition(item, "archive", staff["approver"])
        db.session.commit()
        item_id = item.id
    assert committed_outbox(app) == [
        (item_id, "upsert", "approve"), (item_id, "delete", "unpublish"),
        (item_id, "upsert", "republish"), (item_id, "delete", "archive")]


def test_scheduling_needs_a_time_in_the_future_and_publishes_nothing_yet(app, site, staff):
    with acting(app, site):
        item = new_item(staff["editor"], status=St.SUBMITTED)
        with pytest.raises(TransitionNotAllowed) as missing:
            transition(item, "schedule", staff["approver"])
        assert "scheduled_at" in missing.value.errors
        with pytest.raises(TransitionNotAllowed):
            transition(item, "schedule", staff["approver"],
                       scheduled_at=datetime.now(UTC) - timedelta(minutes=5))
        moment = datetime.now(UTC) + timedelta(days=2)
        transition(item, "schedule", staff["approver"], scheduled_at=moment)
        db.session.commit()
        item = reload(item.id)
        assert item.status is St.SCHEDULED and not item.is_public
        assert aware(item.scheduled_at) == moment
        assert item.approved_by_id == staff.ids["approver"]
    assert committed_outbox(app) == []


def _categories(names: list[tuple[str, str | None]]) -> dict[str, Category]:
    made: dict[str, Category] = {}
    for slug, parent in names:
        made[slug] = Category(name=slug.title(), slug=slug,
                              parent=made[parent] if parent else None)
        db.session.add(made[slug])
    db.session.flush()
    return made


def test_an_approver_limited_to_categories_approves_only_those(app, site, staff):
    """004 Article 14: the head approves Party items, the deputy government items."""
    with acting(app, site):
        cats = _categories([("dang", None), ("chinh-quyen", None),
                            ("thong-bao", "chinh-quyen")])
        db.session.add(ApproverScope(user_id=staff.ids["approver"],
                                     category_id=cats["chinh-quyen"].id))
        db.session.flush()
        government = new_item(staff["editor"], status=St.SUBMITTED,
                              category_id=cats["thong-bao"].id)   # a sub-category
        party = new_item(staff["editor"], status=St.SUBMITTED, category_id=cats["dang"].id)
        uncategorised = new_item(staff["editor"], status=St.SUBMITTED)

        transition(government, "approve", staff["approver"])
        for item in (party, uncategorised):
            assert "approve" not in available_actions(item, staff["approver"])
            for action in ("approve", "return"):
                with pytest.raises(TransitionNotAllowed) as refused:
                    transition(item, action, staff["approver"], comment="x")
                assert refused.value.kind == "permission"
        # Violating content is taken down by any approver, whatever its category.
        transition(party, "take_down", staff["approver"], comment="Vi phạm.")
        # The site administrator, who assigns the scopes, is not limited by them.
        transition(uncategorised, "approve", staff["site_admin"])
        assert [reload(i.id).status for i in (government, party, uncategorised)] == [
            St.PUBLISHED, St.TAKEN_DOWN, St.PUBLISHED]


def test_two_approvers_acting_at_once_publish_once(app, site, staff):
    with acting(app, site):
        item = new_item(staff["editor"], status=St.SUBMITTED)
        db.session.commit()
        item_id = item.id
        stale = reload(item_id)                   # the first approver's page
        with acting(app, site):                   # the second approver, meanwhile
            transition(reload(item_id), "approve", staff["site_admin"])
            db.session.commit()
        with pytest.raises(TransitionNotAllowed) as refused:
            transition(stale, "return", staff["approver"], comment="Chưa đạt.")
        assert refused.value.kind == "state"
        db.session.rollback()
        assert reload(item_id).status is St.PUBLISHED
    assert committed_outbox(app) == [(item_id, "upsert", "approve")]


def test_approval_can_insist_on_the_revision_the_approver_read(app, site, staff):
    with acting(app, site):
        item = new_item(staff["editor"], status=St.SUBMITTED)
        save_item(item, {"summary": "Sửa sau khi gửi duyệt."}, staff["editor"], 1)
        with pytest.raises(TransitionNotAllowed) as refused:
            transition(item, "approve", staff["approver"], expected_revision=1)
        assert refused.value.kind == "state"
        transition(item, "approve", staff["approver"], expected_revision=2)
        assert reload(item.id).status is St.PUBLISHED
