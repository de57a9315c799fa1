"""Translations kept up to date (003 Article 7): an edit of the original after the
revision a translation was made from makes it outdated at once; its people are told;
the translator sees what changed and updates it; re-approval clears the flag. Until
then the English item stays published, marked with the date the original changed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hub.content import operations
from hub.content.models import ContentItem
from hub.extensions import db
from hub.translation.models import TranslationState
from hub.workflow.states import ContentStatus
from tests.admin.helpers import acting, make_item
from tests.translation.helpers import (
    FIELDS_EN,
    OFFICE_HOST,
    SITE_HOST,
    ask,
    client_for,
    mails,
    post,
    published_article,
    read_content,
    read_request,
    request_id_of,
    translation_of,
)


def publish_translation(app, world, item_id: int) -> int:  # type: ignore[no-untyped-def]
    assert ask(app, world, item_id).status_code == 302
    request_id = request_id_of(app, world.site, item_id)
    translator = client_for(app, OFFICE_HOST, "bien-dich-1@songoaivu.gov.vn")
    req = read_request(app, world.site, request_id)
    post(translator, f"/quan-tri/ban-dich/{request_id}/luu",
         {**FIELDS_EN, "version": str(req.version),
          "source_revision": str(req.source_revision), "intent": "submit"})
    req = read_request(app, world.site, request_id)
    reviewer = client_for(app, SITE_HOST, "approver@sokhcn.gov.vn")
    response = post(reviewer, f"/quan-tri/ban-dich/{request_id}/buoc",
                    {"action": "approve", "version": str(req.version)})
    assert response.status_code == 302, response.text
    assert read_request(app, world.site, request_id).state is TranslationState.PUBLISHED
    return request_id


def edit_source(app, world, item_id: int, **data) -> None:  # type: ignore[no-untyped-def]
    with acting(app, world.site, "editor@sokhcn.gov.vn") as editor:
        item = db.session.get(ContentItem, item_id)
        operations.save_item(item, data, editor, expected_revision=item.revision)


def test_editing_the_original_makes_the_translation_outdated_at_once(app, world):
    item_id = published_article(app, world.site)
    request_id = publish_translation(app, world, item_id)
    sent_before = len(mails(app))

    edit_source(app, world, item_id, body="<p>Sáng nay, Sở tổ chức hội thảo lần thứ hai.</p>")

    req = read_request(app, world.site, request_id)
    assert req.state is TranslationState.OUTDATED
    assert req.is_outdated and req.source_revision == 2 and req.translated_revision == 1
    english = translation_of(app, world.site, item_id)
    assert english is not None
    assert english.status is ContentStatus.PUBLISHED  # the last approved text stays
    assert english.source_changed_at is not None
    # The translator and the person who asked are told.
    told = {m["To"] for m in mails(app)[sent_before:]}
    assert told == {"bien-dich-1@songoaivu.gov.vn", "approver@sokhcn.gov.vn"}
    # Both dashboards list it.
    for host, email in ((OFFICE_HOST, "bien-dich-1@songoaivu.gov.vn"),
                        (SITE_HOST, "approver@sokhcn.gov.vn")):
        board = client_for(app, host, email).get("/quan-tri/").text
        assert f'data-request-id="{request_id}"' in board[board.index('id="translations"'):]


def test_the_translator_sees_only_what_changed_and_reapproval_clears_the_flag(app, world):
    item_id = published_article(app, world.site)
    request_id = publish_translation(app, world, item_id)
    edit_source(app, world, item_id, body="<p>Sáng nay, Sở tổ chức hội thảo lần thứ hai.</p>")

    translator = client_for(app, OFFICE_HOST, "bien-dich-1@songoaivu.gov.vn")
    page = translator.get(f"/quan-tri/ban-dich/{request_id}").text
    changes = page[page.index('id="changes"'):page.index('id="text"')]
    assert "lần thứ hai" in changes and 'data-field="body"' in changes
    assert 'data-field="title"' not in changes  # the title did not change

    req = read_request(app, world.site, request_id)
    started = post(translator, f"/quan-tri/ban-dich/{request_id}/buoc",
                   {"action": "start", "version": str(req.version)})
    assert started.status_code == 302
    req = read_request(app, world.site, request_id)
    post(translator, f"/quan-tri/ban-dich/{request_id}/luu",
         {"field-body": "<p>This morning the department held the second workshop.</p>",
          "version": str(req.version), "source_revision": "2", "intent": "submit"})
    req = read_request(app, world.site, request_id)
    assert req.state is TranslationState.SUBMITTED and not req.is_outdated
    assert req.translation["title"] == FIELDS_EN["field-title"]  # kept from before

    reviewer = client_for(app, OFFICE_HOST, "approver@songoaivu.gov.vn")
    post(reviewer, f"/quan-tri/ban-dich/{request_id}/buoc",
         {"action": "approve", "version": str(req.version)})
    req = read_request(app, world.site, request_id)
    assert req.state is TranslationState.PUBLISHED
    english = translation_of(app, world.site, item_id)
    assert english is not None
    assert english.source_changed_at is None and english.translated_revision == 2
    assert "second workshop" in english.body
    assert english.revision == 2  # the same item, a new revision


def test_a_change_outside_the_translated_text_does_not_outdate(app, world):
    item_id = published_article(app, world.site)
    request_id = publish_translation(app, world, item_id)
    edit_source(app, world, item_id, featured=True)
    req = read_request(app, world.site, request_id)
    assert req.state is TranslationState.PUBLISHED
    assert req.translated_revision == 2 and not req.is_outdated


def test_a_submitted_translation_of_an_older_original_cannot_be_approved(app, world):
    item_id = published_article(app, world.site)
    ask(app, world, item_id)
    request_id = request_id_of(app, world.site, item_id)
    translator = client_for(app, OFFICE_HOST, "bien-dich-1@songoaivu.gov.vn")
    post(translator, f"/quan-tri/ban-dich/{request_id}/luu",
         {**FIELDS_EN, "version": "1", "source_revision": "1", "intent": "submit"})
    edit_source(app, world, item_id, title="Hội thảo chuyển đổi số năm 2026")
    req = read_request(app, world.site, request_id)
    assert req.state is TranslationState.SUBMITTED and req.is_outdated

    reviewer = client_for(app, SITE_HOST, "approver@sokhcn.gov.vn")
    refused = post(reviewer, f"/quan-tri/ban-dich/{request_id}/buoc",
                   {"action": "approve", "version": str(req.version)})
    assert refused.status_code == 409
    assert translation_of(app, world.site, item_id) is None


def test_a_save_against_an_original_that_changed_meanwhile_keeps_the_text(app, world):
    item_id = published_article(app, world.site)
    ask(app, world, item_id)
    request_id = request_id_of(app, world.site, item_id)
    translator = client_for(app, OFFICE_HOST, "bien-dich-1@songoaivu.gov.vn")
    post(translator, f"/quan-tri/ban-dich/{request_id}/luu",
         {**FIELDS_EN, "version": "1", "source_revision": "1"})
    edit_source(app, world, item_id, summary="Tóm tắt mới")
    req = read_request(app, world.site, request_id)
    response = post(translator, f"/quan-tri/ban-dich/{request_id}/luu",
                    {**FIELDS_EN, "field-summary": "Old summary, edited", "version":
                     str(req.version), "source_revision": "1", "intent": "submit"})
    assert response.status_code == 302
    req = read_request(app, world.site, request_id)
    assert req.translation["summary"] == "Old summary, edited"
    assert req.state is TranslationState.IN_PROGRESS  # not submitted against revision 1
    assert req.translated_revision == 1 and req.is_outdated


def test_an_approved_translation_waits_for_its_scheduled_original(app, world):
    item_id = make_item(app, world.site, "editor@sokhcn.gov.vn", steps=("submit",),
                        title="Thông báo lịch tiếp công dân", body="<p>Lịch tiếp.</p>")
    with acting(app, world.site, "approver@sokhcn.gov.vn") as approver:
        item = db.session.get(ContentItem, item_id)
        operations.transition(item, "schedule", approver,
                              scheduled_at=datetime.now(UTC) + timedelta(hours=2))
    ask(app, world, item_id)
    request_id = request_id_of(app, world.site, item_id)
    translator = client_for(app, OFFICE_HOST, "bien-dich-1@songoaivu.gov.vn")
    post(translator, f"/quan-tri/ban-dich/{request_id}/luu",
         {"field-title": "Citizen reception schedule", "field-body": "<p>Schedule.</p>",
          "field-author_byline": "Department editor",
          "field-source": "Department of Science and Technology", "version": "1",
          "source_revision": "1", "intent": "submit"})
    req = read_request(app, world.site, request_id)
    reviewer = client_for(app, SITE_HOST, "approver@sokhcn.gov.vn")
    post(reviewer, f"/quan-tri/ban-dich/{request_id}/buoc",
         {"action": "approve", "version": str(req.version)})
    assert read_request(app, world.site, request_id).state is TranslationState.APPROVED
    assert translation_of(app, world.site, item_id) is None

    with acting(app, world.site, "approver@sokhcn.gov.vn"):
        item = db.session.get(ContentItem, item_id)
        operations.publish_scheduled(item, datetime.now(UTC) + timedelta(hours=3))
    assert read_request(app, world.site, request_id).state is TranslationState.PUBLISHED
    english = translation_of(app, world.site, item_id)
    assert english is not None and english.status is ContentStatus.PUBLISHED


def test_taking_the_original_down_takes_the_translation_down(app, world):
    item_id = published_article(app, world.site)
    publish_translation(app, world, item_id)
    with acting(app, world.site, "approver@sokhcn.gov.vn") as approver:
        item = db.session.get(ContentItem, item_id)
        operations.transition(item, "take_down", approver, comment="Thông tin sai lệch")
    english = translation_of(app, world.site, item_id)
    assert english is not None and english.status is ContentStatus.TAKEN_DOWN
    assert read_content(app, world.site, english.id).taken_down_reason == "Thông tin sai lệch"


def test_unpublishing_the_original_unpublishes_the_translation(app, world):
    item_id = published_article(app, world.site)
    publish_translation(app, world, item_id)
    with acting(app, world.site, "approver@sokhcn.gov.vn") as approver:
        operations.transition(db.session.get(ContentItem, item_id), "unpublish", approver)
    english = translation_of(app, world.site, item_id)
    assert english is not None and english.status is ContentStatus.UNPUBLISHED


def test_a_translation_made_by_hand_is_marked_outdated_too(app, world):
    item_id = published_article(app, world.site)
    english_id = make_item(app, world.site, "editor@sokhcn.gov.vn",
                           steps=("submit", "approve"), approver_email="approver@sokhcn.gov.vn",
                           title="Workshop in English", locale="en",
                           translation_of_id=str(item_id))
    assert read_content(app, world.site, english_id).source_changed_at is None
    edit_source(app, world, item_id, body="<p>Nội dung mới.</p>")
    assert read_content(app, world.site, english_id).source_changed_at is not None
