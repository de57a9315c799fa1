"""Every save makes a revision; revisions can be compared and restored; a save made
from an older revision is a conflict and overwrites nothing (optimistic locking)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hub.content.errors import EditConflict
from hub.content.models import Revision
from hub.content.operations import restore_revision, save_item, transition
from hub.content.revisions import RevisionNotFound, compare, history, revision_note_label
from hub.extensions import db
from hub.workflow.errors import EditNotAllowed
from hub.workflow.states import ContentStatus
from tests.workflow.conftest import acting, committed_outbox, new_item, reload

St = ContentStatus


def _revisions(item_id: int) -> list[int]:
    return list(db.session.scalars(select(Revision.number).where(Revision.item_id == item_id)
                                   .order_by(Revision.number)))


def test_every_save_is_a_new_revision_by_its_author(app, site, staff):
    with acting(app, site):
        item = new_item(staff["contributor"])
        save_item(item, {"title": "Tiêu đề thứ hai"}, staff["contributor"], 1)
        save_item(item, {"summary": "Sapo mới"}, staff["editor"], 2)
        assert item.revision == 3 and _revisions(item.id) == [1, 2, 3]
        latest = history(item)[0]
        assert latest.author_id == staff.ids["editor"]
        assert latest.snapshot["title"] == "Tiêu đề thứ hai"
        assert latest.snapshot["summary"] == "Sapo mới"
        assert [revision_note_label(r.note) for r in history(item)] == [
            "Đã sửa", "Đã sửa", "Phiên bản đầu tiên"]


def test_editing_published_content_changes_it_at_once_and_reindexes_it(app, site, staff):
    with acting(app, site):
        item = new_item(staff["editor"], status=St.SUBMITTED)
        transition(item, "approve", staff["approver"])
        save_item(item, {"body": "<p>Nội dung đã đính chính.</p>"}, staff["editor"], 1)
        db.session.commit()
        item_id = item.id
        assert reload(item_id).status is St.PUBLISHED
        assert reload(item_id).body == "<p>Nội dung đã đính chính.</p>"
    assert committed_outbox(app) == [(item_id, "upsert", "approve"),
                                     (item_id, "upsert", "edit")]


def test_a_stale_save_is_a_conflict_showing_what_changed_and_writes_nothing(
        app, site, staff):
    with acting(app, site):
        item = new_item(staff["editor"])
        # Two editors open revision 1; the first saves.
        save_item(item, {"title": "Bản của biên tập viên thứ nhất"}, staff["editor"], 1)
        db.session.commit()
        with pytest.raises(EditConflict) as conflict:
            save_item(item, {"title": "Bản của người thứ hai"}, staff["approver"], 1)
        assert conflict.value.http_status == 409
        assert conflict.value.current_revision.number == 2
        assert conflict.value.base_revision.number == 1
        assert conflict.value.mine == {"title": "Bản của người thứ hai"}
        changes = conflict.value.changes()
        assert [c.name for c in changes] == ["title"]
        assert "thứ nhất" in changes[0].after
        db.session.rollback()
        assert reload(item.id).title == "Bản của biên tập viên thứ nhất"
        assert _revisions(item.id) == [1, 2]


def test_two_saves_racing_from_the_same_revision_one_wins(app, site, staff):
    """The second editor's page was loaded before the first saved: the database, not
    only the page, refuses the second save."""
    with acting(app, site):
        item = new_item(staff["editor"])
        db.session.commit()
        item_id = item.id
        mine = reload(item_id)                       # loaded at revision 1
        with acting(app, site):                      # another request, meanwhile
            save_item(reload(item_id), {"title": "Người thứ nhất"}, staff["editor"], 1)
            db.session.commit()
        assert mine.revision == 1                    # this session has not seen it
        with pytest.raises(EditConflict) as conflict:
            save_item(mine, {"title": "Người thứ hai"}, staff["approver"], 1)
        assert conflict.value.current_revision.number == 2
        db.session.rollback()
        assert reload(item_id).title == "Người thứ nhất"
        assert _revisions(item_id) == [1, 2]


def test_revisions_compare_field_by_field_and_line_by_line_escaped(app, site, staff):
    with acting(app, site):
        item = new_item(staff["editor"], "legal_document",
                        body="<p>Điều 1. Phạm vi.</p><p>Điều 2. Hiệu lực.</p>")
        save_item(item, {
            "title": "Quyết định sửa đổi <Quy chế>",
            "body": "<p>Điều 1. Phạm vi.</p><p>Điều 2. Hiệu lực mới.</p>",
            "effective_on": "2024-11-01",
        }, staff["editor"], 1)
        changes = {c.name: c for c in compare(item, 1, 2)}
        assert set(changes) == {"title", "body", "effective_on"}
        assert "&lt;Quy chế&gt;" in changes["title"].after      # shown, never run
        body = [(line.kind, str(line.text)) for line in changes["body"].lines]
        assert body == [("same", "&lt;p&gt;Điều 1. Phạm vi.&lt;/p&gt;"),
                        ("removed", "&lt;p&gt;Điều 2. Hiệu lực.&lt;/p&gt;"),
                        ("added", "&lt;p&gt;Điều 2. Hiệu lực mới.&lt;/p&gt;")]
        assert changes["effective_on"].before != changes["effective_on"].after
        assert compare(item, 2, 2) == []
        with pytest.raises(RevisionNotFound):
            compare(item, 1, 9)


def test_restoring_an_old_revision_adds_a_new_one_with_its_content(app, site, staff):
    with acting(app, site):
        item = new_item(staff["editor"])
        save_item(item, {"title": "Tiêu đề sai", "body": "<p>Sai.</p>"}, staff["editor"], 1)
        restore_revision(item, 1, staff["approver"], expected_revision=2)
        assert item.revision == 3 and _revisions(item.id) == [1, 2, 3]
        assert compare(item, 1, 3) == []                       # the content of revision 1
        assert [c.name for c in compare(item, 2, 3)] == ["title", "body"]
        assert revision_note_label(history(item)[0].note) == "Khôi phục từ phiên bản 1"
        with pytest.raises(EditConflict):
            restore_revision(item, 1, staff["approver"], expected_revision=2)
        with pytest.raises(RevisionNotFound):
            restore_revision(item, 7, staff["approver"], expected_revision=3)
        assert db.session.scalar(select(func.count(Revision.id))
                                 .where(Revision.item_id == item.id)) == 3


def test_an_archived_item_is_not_edited(app, site, staff):
    with acting(app, site):
        item = new_item(staff["editor"], status=St.ARCHIVED)
        with pytest.raises(EditNotAllowed) as refused:
            save_item(item, {"title": "Sửa bài đã lưu trữ"}, staff["site_admin"], 1)
        assert refused.value.kind == "state"
