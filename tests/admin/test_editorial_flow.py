"""An item's life through the staff screens, as the regulation describes it: written
and submitted by an editor, reviewed by the editorial board (kiểm duyệt, Article 6.5),
published with the approver recorded, returned with a comment, taken down at once with
a reason (Article 8.2.b). Bad input gets a clear message and leaves nothing behind."""

from __future__ import annotations

import re

from sqlalchemy import select

from hub.content.models import ContentItem, WorkflowEvent
from hub.extensions import db
from hub.workflow.states import ContentStatus
from search.models import SearchOutbox
from tenants.context import tenant_scope
from tests.admin.helpers import (
    count_items,
    email_of,
    make_item,
    make_staff,
    post,
    read_item,
    section,
    staff_client,
)

DOCUMENT = {
    "title": "Quyết định ban hành Quy chế quản lý Cổng thông tin điện tử",
    "summary": "Quy chế quản lý, vận hành Cổng thông tin điện tử tỉnh",
    "body": "<p>Điều 1. Ban hành kèm theo Quyết định này Quy chế.</p>",
    "number": "40/2024/QĐ-UBND", "document_type": "quyet_dinh",
    "issuer": "UBND tỉnh Lạng Sơn", "signer": "Hồ Tiến Thiệu",
    "issued_on": "2024-09-20", "effective_on": "2024-10-01", "validity": "in_force",
}


def created_id(response) -> int:  # type: ignore[no-untyped-def]
    assert response.status_code == 302, response.text
    return int(re.search(r"/quan-tri/noi-dung/(\d+)$", response.headers["Location"])[1])


def outbox(app, site) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    with app.app_context(), tenant_scope(site.id):
        db.session.remove()
        return [(row.item_id, row.operation) for row in db.session.scalars(
            select(SearchOutbox).order_by(SearchOutbox.id))]


def test_an_editor_writes_and_submits_and_an_approver_publishes(app, two_sites):
    site, _other = two_sites
    staff = make_staff(app, site, ("editor", "approver"))
    editor = staff_client(app, site, "editor")

    item_id = created_id(post(editor, "/quan-tri/noi-dung/moi/van-ban", DOCUMENT))
    assert read_item(app, site, item_id)["status"] == ContentStatus.DRAFT
    form = editor.get(f"/quan-tri/noi-dung/{item_id}/sua").text
    assert 'name="revision" value="1"' in form and 'value="40/2024/QĐ-UBND"' in form
    saved = post(editor, f"/quan-tri/noi-dung/{item_id}/sua",
                 {**DOCUMENT, "revision": "1", "summary": "Trích yếu đã sửa"})
    assert saved.status_code == 302
    assert read_item(app, site, item_id)["revision"] == 2

    page = editor.get(f"/quan-tri/noi-dung/{item_id}").text
    assert 'value="approve"' not in page  # an editor is offered no approval button
    assert post(editor, f"/quan-tri/noi-dung/{item_id}/chuyen-trang-thai",
                {"action": "submit", "revision": "2"}).status_code == 302

    approver = staff_client(app, site, "approver")
    board = approver.get("/quan-tri/").text
    assert f'data-item-id="{item_id}"' in section(board, "awaiting")
    assert post(approver, f"/quan-tri/noi-dung/{item_id}/chuyen-trang-thai",
                {"action": "approve", "revision": "2"}).status_code == 302

    item = read_item(app, site, item_id)
    assert item["status"] == ContentStatus.PUBLISHED
    assert item["approved_by_id"] == staff["approver"].id
    assert outbox(app, site) == [(item_id, "upsert")]
    page = approver.get(f"/quan-tri/noi-dung/{item_id}").text
    assert '<dd class="approved-by">Approver Nguyễn</dd>' in page  # Article 6.3
    assert "Editor Nguyễn" in page and "Sở Khoa học và Công nghệ" in page  # byline, source
    with app.app_context(), tenant_scope(site.id):
        events = db.session.scalars(select(WorkflowEvent).order_by(WorkflowEvent.id)).all()
        assert [(e.action, e.from_status, e.to_status) for e in events] == [
            ("submit", "draft", "submitted"), ("approve", "submitted", "published")]
        assert events[1].actor_id == staff["approver"].id and events[1].ip == "127.0.0.1"
    assert f'data-item-id="{item_id}"' in section(approver.get("/quan-tri/").text,
                                                  "published")


def test_an_approver_returns_an_item_with_a_comment_the_author_then_sees(app, two_sites):
    site, _other = two_sites
    make_staff(app, site, ("contributor", "approver"))
    item_id = make_item(app, site, email_of("contributor", site), steps=("submit",),
                        title="Bài viết về lễ hội Kỳ Cùng")
    approver = staff_client(app, site, "approver")

    no_comment = post(approver, f"/quan-tri/noi-dung/{item_id}/chuyen-trang-thai",
                      {"action": "return"})
    assert no_comment.status_code == 422
    assert 'id="comment-error" role="alert"' in no_comment.text
    assert read_item(app, site, item_id)["status"] == ContentStatus.SUBMITTED

    returned = post(approver, f"/quan-tri/noi-dung/{item_id}/chuyen-trang-thai",
                    {"action": "return", "comment": "Bổ sung ảnh và ghi rõ nguồn tin."})
    assert returned.status_code == 302
    assert read_item(app, site, item_id)["status"] == ContentStatus.RETURNED

    author = staff_client(app, site, "contributor")
    drafts = section(author.get("/quan-tri/").text, "my-drafts")
    assert f'data-item-id="{item_id}"' in drafts
    assert "Bổ sung ảnh và ghi rõ nguồn tin." in drafts


def test_a_take_down_is_immediate_gives_its_reason_and_leaves_the_index(app, two_sites):
    site, _other = two_sites
    make_staff(app, site, ("editor", "approver"))
    item_id = make_item(app, site, email_of("editor", site), steps=("submit", "approve"),
                        approver_email=email_of("approver", site))
    approver = staff_client(app, site, "approver")
    response = post(approver, f"/quan-tri/noi-dung/{item_id}/chuyen-trang-thai",
                    {"action": "take_down", "comment": "Nội dung vi phạm, bị phản ánh"})
    assert response.status_code == 302
    assert read_item(app, site, item_id)["status"] == ContentStatus.TAKEN_DOWN
    assert outbox(app, site)[-1] == (item_id, "delete")
    page = approver.get(f"/quan-tri/noi-dung/{item_id}").text
    assert "Nội dung vi phạm, bị phản ánh" in page


def test_a_step_the_current_state_does_not_allow_is_refused_and_changes_nothing(
        app, two_sites):
    site, _other = two_sites
    make_staff(app, site, ("editor", "approver"))
    draft = make_item(app, site, email_of("editor", site))
    approver = staff_client(app, site, "approver")
    assert 'value="approve"' not in approver.get(f"/quan-tri/noi-dung/{draft}").text
    forced = post(approver, f"/quan-tri/noi-dung/{draft}/chuyen-trang-thai",
                  {"action": "approve"})
    assert forced.status_code == 409
    assert 'class="form-error" role="alert"' in forced.text
    unknown = post(approver, f"/quan-tri/noi-dung/{draft}/chuyen-trang-thai",
                   {"action": "publish-everything"})
    assert unknown.status_code == 400
    assert read_item(app, site, draft)["status"] == ContentStatus.DRAFT


def test_a_stale_step_is_refused(app, two_sites):
    site, _other = two_sites
    make_staff(app, site, ("editor", "approver"))
    item_id = make_item(app, site, email_of("editor", site), steps=("submit",))
    approver = staff_client(app, site, "approver")
    # The page was opened at revision 1; the item has been edited since.
    editor = staff_client(app, site, "editor")
    post(editor, f"/quan-tri/noi-dung/{item_id}/sua",
         {"title": "Tiêu đề mới", "revision": "1"})
    stale = post(approver, f"/quan-tri/noi-dung/{item_id}/chuyen-trang-thai",
                 {"action": "approve", "revision": "1"})
    assert stale.status_code == 409
    assert read_item(app, site, item_id)["status"] == ContentStatus.SUBMITTED


def test_an_approver_schedules_publication(app, two_sites):
    site, _other = two_sites
    make_staff(app, site, ("editor", "approver"))
    item_id = make_item(app, site, email_of("editor", site), steps=("submit",))
    approver = staff_client(app, site, "approver")
    past = post(approver, f"/quan-tri/noi-dung/{item_id}/chuyen-trang-thai",
                {"action": "schedule", "scheduled_at": "2020-01-01T08:00"})
    assert past.status_code == 422 and 'id="scheduled_at-error"' in past.text
    done = post(approver, f"/quan-tri/noi-dung/{item_id}/chuyen-trang-thai",
                {"action": "schedule", "scheduled_at": "2099-01-05T08:00"})
    assert done.status_code == 302
    assert read_item(app, site, item_id)["status"] == ContentStatus.SCHEDULED
    with app.app_context(), tenant_scope(site.id):
        item = db.session.get(ContentItem, item_id)
        # 08:00 in Vietnam is 01:00 UTC (SQLite hands it back without a zone).
        assert item.scheduled_at.replace(tzinfo=None).isoformat() == "2099-01-05T01:00:00"


# --- bad input ---------------------------------------------------------------------------

def test_an_effective_date_before_the_issue_date_is_refused_and_nothing_saved(
        app, two_sites):
    site, _other = two_sites
    make_staff(app, site, ("editor",))
    editor = staff_client(app, site, "editor")
    response = post(editor, "/quan-tri/noi-dung/moi/van-ban",
                    {**DOCUMENT, "effective_on": "2024-09-01"})
    assert response.status_code == 422
    assert 'id="effective_on-error" role="alert"' in response.text
    assert 'value="Quyết định ban hành Quy chế quản lý Cổng thông tin điện tử"' in \
        response.text  # what was typed is kept
    assert count_items(app, site) == 0


def test_a_document_number_already_on_the_site_is_refused(app, two_sites):
    site, other = two_sites
    make_staff(app, site, ("editor",))
    make_staff(app, other, ("editor",))
    editor = staff_client(app, site, "editor")
    created_id(post(editor, "/quan-tri/noi-dung/moi/van-ban", DOCUMENT))
    again = post(editor, "/quan-tri/noi-dung/moi/van-ban",
                 {**DOCUMENT, "number": "40/2024/qđ-ubnd", "title": "Bản trùng số"})
    assert again.status_code == 422 and 'id="number-error"' in again.text
    assert count_items(app, site) == 1
    # The same number on another site is that site's own document.
    other_editor = staff_client(app, other, "editor", host="xathongnhat.langson.localhost")
    created_id(post(other_editor, "/quan-tri/noi-dung/moi/van-ban", DOCUMENT))


def test_missing_required_fields_and_unknown_types_are_refused(app, two_sites):
    site, _other = two_sites
    make_staff(app, site, ("editor",))
    editor = staff_client(app, site, "editor")
    response = post(editor, "/quan-tri/noi-dung/moi/van-ban", {"title": ""})
    assert response.status_code == 400
    for name in ("title", "number", "issuer", "issued_on"):
        assert f'id="{name}-error" role="alert"' in response.text
    assert editor.get("/quan-tri/noi-dung/moi/khong-co").status_code == 404
    assert count_items(app, site) == 0


def test_script_and_event_handlers_never_reach_the_saved_body(app, two_sites):
    site, _other = two_sites
    make_staff(app, site, ("editor",))
    editor = staff_client(app, site, "editor")
    body = ('<p onclick="steal()">Tin <strong>mới</strong></p><script>alert(1)</script>'
            '<a href="javascript:alert(1)">xem</a><img src=x onerror=alert(1) alt="ảnh">')
    item_id = created_id(post(editor, "/quan-tri/noi-dung/moi/tin-bai",
                              {"title": "Tin có mã độc", "body": body}))
    saved = read_item(app, site, item_id)["body"]
    assert "<strong>mới</strong>" in saved
    for vector in ("<script", "onclick", "onerror", "javascript:"):
        assert vector not in saved.lower()
    page = editor.get(f"/quan-tri/noi-dung/{item_id}").text
    assert "<script>alert(1)</script>" not in page
