"""The translation workflow over HTTP (003 Article 8.3): an approver of the site asks,
the translation office's translator translates side by side and submits, a reviewer of
either side returns or approves, and approval publishes the English item on the site's
English host, pointing at its source and the source revision it translates."""

from __future__ import annotations

import re

from hub.translation.models import TranslationState
from hub.workflow.states import ContentStatus
from tests.factories import host_client
from tests.translation.helpers import (
    FIELDS_EN,
    OFFICE_HOST,
    SITE_EN_HOST,
    SITE_HOST,
    ask,
    client_for,
    mails,
    post,
    published_article,
    read_request,
    translation_of,
)


def _request_id(response) -> int:  # type: ignore[no-untyped-def]
    match = re.search(r"/quan-tri/ban-dich/(\d+)$", response.headers["Location"])
    assert match, response.headers.get("Location")
    return int(match.group(1))


def test_an_approver_asks_and_the_office_sees_it_in_its_queue(app, world):
    item_id = published_article(app, world.site)
    response = ask(app, world, item_id, due_on="2099-01-15")
    assert response.status_code == 302
    request_id = _request_id(response)

    req = read_request(app, world.site, request_id)
    assert req.state is TranslationState.REQUESTED
    assert req.partner_tenant_id == world.office.id
    assert req.source["title"] == "Hội thảo chuyển đổi số tỉnh Lạng Sơn"
    assert [event.action for event in req.events] == ["request"]
    # The office's translators hear of it.
    assert {m["To"] for m in mails(app)} == {"bien-dich-1@songoaivu.gov.vn",
                                             "bien-dich-2@songoaivu.gov.vn"}

    translator = client_for(app, OFFICE_HOST, "bien-dich-1@songoaivu.gov.vn")
    queue = translator.get("/quan-tri/ban-dich")
    assert queue.status_code == 200
    assert "Hội thảo chuyển đổi số tỉnh Lạng Sơn" in queue.text
    assert "Sở Khoa học và Công nghệ" in queue.text
    assert f'data-request-id="{request_id}"' in translator.get("/quan-tri/").text


def test_the_whole_workflow_publishes_the_translation_on_the_english_host(app, world):
    item_id = published_article(app, world.site)
    request_id = _request_id(ask(app, world, item_id))
    translator = client_for(app, OFFICE_HOST, "bien-dich-1@songoaivu.gov.vn")
    page = translator.get(f"/quan-tri/ban-dich/{request_id}")
    assert page.status_code == 200
    # Side by side: the original's text and an input for each field.
    assert "Sáng nay, Sở Khoa học và Công nghệ tổ chức hội thảo." in page.text
    assert 'name="field-body"' in page.text

    saved = post(translator, f"/quan-tri/ban-dich/{request_id}/luu",
                 {**FIELDS_EN, "version": "1", "source_revision": "1", "intent": "save"})
    assert saved.status_code == 302
    req = read_request(app, world.site, request_id)
    assert req.state is TranslationState.IN_PROGRESS
    assert req.translation["title"] == FIELDS_EN["field-title"]
    assert req.translated_revision == 1

    submitted = post(translator, f"/quan-tri/ban-dich/{request_id}/buoc",
                     {"action": "submit", "version": str(req.version)})
    assert submitted.status_code == 302
    req = read_request(app, world.site, request_id)
    assert req.state is TranslationState.SUBMITTED

    # The site's approver returns it with a comment; the translator hears of it.
    reviewer = client_for(app, SITE_HOST, "approver@sokhcn.gov.vn")
    returned = post(reviewer, f"/quan-tri/ban-dich/{request_id}/buoc",
                    {"action": "return", "version": str(req.version),
                     "comment": "Use “workshop”, not “seminar”."})
    assert returned.status_code == 302
    req = read_request(app, world.site, request_id)
    assert req.state is TranslationState.RETURNED
    assert any(m["To"] == "bien-dich-1@songoaivu.gov.vn"
               and "Use “workshop”" in m.get_content() for m in mails(app))

    post(translator, f"/quan-tri/ban-dich/{request_id}/luu",
         {**FIELDS_EN, "version": str(req.version), "source_revision": "1",
          "intent": "submit"})
    req = read_request(app, world.site, request_id)
    assert req.state is TranslationState.SUBMITTED

    # The office's approver approves: the translation is published at once.
    office_reviewer = client_for(app, OFFICE_HOST, "approver@songoaivu.gov.vn")
    approved = post(office_reviewer, f"/quan-tri/ban-dich/{request_id}/buoc",
                    {"action": "approve", "version": str(req.version)})
    assert approved.status_code == 302
    req = read_request(app, world.site, request_id)
    assert req.state is TranslationState.PUBLISHED
    assert [e.action for e in req.events] == ["request", "save", "submit", "return", "save",
                                              "submit", "approve", "publish"]

    english = translation_of(app, world.site, item_id)
    assert english is not None
    assert english.id == req.translation_item_id
    assert english.locale == "en" and english.status is ContentStatus.PUBLISHED
    assert english.title == FIELDS_EN["field-title"]
    assert english.translated_revision == 1 and english.source_changed_at is None

    public = host_client(app, SITE_EN_HOST).get("/")
    assert FIELDS_EN["field-title"] in public.text
    vietnamese = host_client(app, SITE_HOST).get("/")
    assert FIELDS_EN["field-title"] not in vietnamese.text


def test_a_translation_goes_through_the_site_approver_too(app, world):
    item_id = published_article(app, world.site)
    request_id = _request_id(ask(app, world, item_id))
    translator = client_for(app, OFFICE_HOST, "bien-dich-2@songoaivu.gov.vn")
    post(translator, f"/quan-tri/ban-dich/{request_id}/luu",
         {**FIELDS_EN, "version": "1", "source_revision": "1", "intent": "submit"})
    req = read_request(app, world.site, request_id)
    assert req.state is TranslationState.SUBMITTED
    assert req.assignee_id is not None

    reviewer = client_for(app, SITE_HOST, "approver@sokhcn.gov.vn")
    dashboard = reviewer.get("/quan-tri/")
    assert f'data-request-id="{request_id}"' in dashboard.text
    approved = post(reviewer, f"/quan-tri/ban-dich/{request_id}/buoc",
                    {"action": "approve", "version": str(req.version)})
    assert approved.status_code == 302
    assert read_request(app, world.site, request_id).state is TranslationState.PUBLISHED
    english = translation_of(app, world.site, item_id)
    assert english is not None and english.status is ContentStatus.PUBLISHED
    assert english.approved_by_id is not None


def test_submitting_needs_every_field_translated(app, world):
    item_id = published_article(app, world.site)
    request_id = _request_id(ask(app, world, item_id))
    translator = client_for(app, OFFICE_HOST, "bien-dich-1@songoaivu.gov.vn")
    response = post(translator, f"/quan-tri/ban-dich/{request_id}/luu",
                    {"field-title": "Only the title", "version": "1", "source_revision": "1",
                     "intent": "submit"})
    assert response.status_code == 422
    req = read_request(app, world.site, request_id)
    # The draft is kept; only the submission was refused.
    assert req.state is TranslationState.IN_PROGRESS
    assert req.translation["title"] == "Only the title"


def test_a_stale_form_is_refused_and_writes_nothing(app, world):
    item_id = published_article(app, world.site)
    request_id = _request_id(ask(app, world, item_id))
    one = client_for(app, OFFICE_HOST, "bien-dich-1@songoaivu.gov.vn")
    two = client_for(app, OFFICE_HOST, "bien-dich-2@songoaivu.gov.vn")
    assert post(one, f"/quan-tri/ban-dich/{request_id}/luu",
                {**FIELDS_EN, "version": "1", "source_revision": "1"}).status_code == 302
    late = post(two, f"/quan-tri/ban-dich/{request_id}/luu",
                {"field-title": "Another title", "version": "1", "source_revision": "1"})
    assert late.status_code == 409
    assert "Another title" in late.text  # the late translator's text is still on screen
    assert read_request(app, world.site, request_id).translation["title"] == \
        FIELDS_EN["field-title"]


def test_the_site_cancels_a_request_with_a_reason(app, world):
    item_id = published_article(app, world.site)
    request_id = _request_id(ask(app, world, item_id))
    reviewer = client_for(app, SITE_HOST, "approver@sokhcn.gov.vn")
    no_reason = post(reviewer, f"/quan-tri/ban-dich/{request_id}/buoc",
                     {"action": "cancel", "version": "1"})
    assert no_reason.status_code == 422
    done = post(reviewer, f"/quan-tri/ban-dich/{request_id}/buoc",
                {"action": "cancel", "version": "1", "comment": "Bài đã cũ"})
    assert done.status_code == 302
    assert read_request(app, world.site, request_id).state is TranslationState.CANCELLED
    # A cancelled request may be asked again.
    assert ask(app, world, item_id).status_code == 302
