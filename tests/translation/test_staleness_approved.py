"""An approved translation still waiting for its (scheduled) original is outdated by an
edit of the original just as a published one is: it is no longer published with the
original, and its people are told once the edit is committed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from hub.accounts.models import User
from hub.content import operations
from hub.content.models import ContentItem
from hub.extensions import db
from hub.translation.models import TranslationState
from tenants.context import tenant_scope
from tests.admin.helpers import acting, make_item
from tests.translation.helpers import (
    OFFICE_HOST,
    SITE_HOST,
    ask,
    client_for,
    mails,
    post,
    read_request,
    request_id_of,
    translation_of,
)


def approved_for_a_scheduled_original(app, world) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """A scheduled original and its approved translation, waiting for it; the ids."""
    item_id = make_item(app, world.site, "editor@sokhcn.gov.vn", steps=("submit",),
                        title="Thông báo lịch tiếp công dân", body="<p>Lịch tiếp.</p>")
    with acting(app, world.site, "approver@sokhcn.gov.vn") as approver:
        item = db.session.get(ContentItem, item_id)
        operations.transition(item, "schedule", approver,
                              scheduled_at=datetime.now(UTC) + timedelta(hours=2))
    assert ask(app, world, item_id).status_code == 302
    request_id = request_id_of(app, world.site, item_id)
    translator = client_for(app, OFFICE_HOST, "bien-dich-1@songoaivu.gov.vn")
    post(translator, f"/quan-tri/ban-dich/{request_id}/luu",
         {"field-title": "Citizen reception schedule", "field-body": "<p>Schedule.</p>",
          "field-author_byline": "Department editor",
          "field-source": "Department of Science and Technology", "version": "1",
          "source_revision": "1", "intent": "submit"})
    req = read_request(app, world.site, request_id)
    reviewer = client_for(app, SITE_HOST, "approver@sokhcn.gov.vn")
    response = post(reviewer, f"/quan-tri/ban-dich/{request_id}/buoc",
                    {"action": "approve", "version": str(req.version)})
    assert response.status_code == 302, response.text
    assert read_request(app, world.site, request_id).state is TranslationState.APPROVED
    return item_id, request_id


def test_editing_the_original_outdates_an_approved_translation(app, world):
    """An approved (not yet published) translation becomes outdated and its people are told."""
    item_id, request_id = approved_for_a_scheduled_original(app, world)
    sent_before = len(mails(app))
    with acting(app, world.site, "editor@sokhcn.gov.vn") as editor:
        item = db.session.get(ContentItem, item_id)
        operations.save_item(item, {"body": "<p>Lịch tiếp đã đổi sang thứ Năm.</p>"},
                             editor, expected_revision=item.revision)
        assert len(mails(app)) == sent_before  # told only once the edit commits
    req = read_request(app, world.site, request_id)
    assert req.state is TranslationState.OUTDATED
    assert req.is_outdated and req.source_revision == 2 and req.translated_revision == 1
    assert [e.action for e in req.events][-1] == "source_changed"
    told = {m["To"] for m in mails(app)[sent_before:]}
    assert told == {"bien-dich-1@songoaivu.gov.vn", "approver@sokhcn.gov.vn"}


def test_an_outdated_approved_translation_is_not_published_with_its_original(app, world):
    """The original publishes on schedule; the translation of its old text stays back."""
    item_id, request_id = approved_for_a_scheduled_original(app, world)
    with acting(app, world.site, "editor@sokhcn.gov.vn") as editor:
        item = db.session.get(ContentItem, item_id)
        operations.save_item(item, {"title": "Thông báo lịch tiếp công dân tháng 6"},
                             editor, expected_revision=item.revision)
    with acting(app, world.site, "approver@sokhcn.gov.vn"):
        item = db.session.get(ContentItem, item_id)
        operations.publish_scheduled(item, datetime.now(UTC) + timedelta(hours=3))
    assert read_request(app, world.site, request_id).state is TranslationState.OUTDATED
    assert translation_of(app, world.site, item_id) is None


def test_an_edit_of_an_approved_translations_original_rolled_back_changes_nothing(app, world):
    """A rolled-back edit leaves the approved translation approved and tells nobody."""
    item_id, request_id = approved_for_a_scheduled_original(app, world)
    sent_before = len(mails(app))
    with app.app_context(), tenant_scope(world.site.id):
        editor = db.session.scalar(select(User).where(User.email == "editor@sokhcn.gov.vn"))
        item = db.session.get(ContentItem, item_id)
        operations.save_item(item, {"body": "<p>Bản sửa bị hủy.</p>"}, editor,
                             expected_revision=item.revision)
        db.session.rollback()
        db.session.commit()  # the same session goes on and commits (nothing)
    assert read_request(app, world.site, request_id).state is TranslationState.APPROVED
    assert len(mails(app)) == sent_before
