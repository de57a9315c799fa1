"""Who may do what in the translation workflow, checked on the server; translators see
the requests in their queue and nothing else of the sites that sent them; a request
is visible to exactly its two sites, in the ORM and in PostgreSQL's policies."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from hub.extensions import db
from hub.translation.models import TranslationRequest
from tenants.context import TenantMismatch, tenant_scope
from tests.factories import create_site, create_user, host_client, login
from tests.translation.helpers import (
    FIELDS_EN,
    OFFICE_HOST,
    OTHER_HOST,
    SITE_HOST,
    ask,
    client_for,
    post,
    published_article,
    read_request,
    request_id_of,
)


@pytest.fixture
def requested(app, world) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    item_id = published_article(app, world.site)
    assert ask(app, world, item_id).status_code == 302
    return item_id, request_id_of(app, world.site, item_id)


@pytest.mark.parametrize(("email", "status"), [
    ("contributor@sokhcn.gov.vn", 403),   # no translation.request
    ("editor@sokhcn.gov.vn", 403),
])
def test_only_approvers_of_the_site_ask_for_translations(app, world, email, status):
    item_id = published_article(app, world.site)
    client = client_for(app, SITE_HOST, email)
    response = post(client, f"/quan-tri/noi-dung/{item_id}/dich",
                    {"target_locale": "en", "office": str(world.office.id)})
    assert response.status_code == status


def test_a_draft_cannot_be_sent_for_translation(app, world):
    from tests.admin.helpers import make_item
    item_id = make_item(app, world.site, "editor@sokhcn.gov.vn", title="Bản nháp")
    response = ask(app, world, item_id)
    assert response.status_code == 409
    assert "Chỉ tin bài đã được phê duyệt hoặc đã xuất bản" in response.text


@pytest.mark.parametrize(("data", "field"), [
    ({"due_on": "2001-01-01"}, "due_on"),
    ({"due_on": "31/02/2026"}, "due_on"),
    ({"target_locale": "vi"}, "target_locale"),
    ({"target_locale": "fr"}, "target_locale"),
    ({"office": "999999"}, "office"),
    ({"note": "x" * 2001}, "note"),
])
def test_bad_input_when_asking_is_refused_with_the_field_marked(app, world, data, field):
    item_id = published_article(app, world.site)
    response = ask(app, world, item_id, **data)
    assert response.status_code in (400, 422)
    assert f'id="{field}-error"' in response.text
    with app.app_context(), tenant_scope(world.site.id):
        assert db.session.scalar(select(func.count(TranslationRequest.id))) == 0


def test_asking_twice_for_the_same_language_is_refused(app, world, requested):
    item_id, _request_id = requested
    assert ask(app, world, item_id).status_code == 409


def test_the_steps_are_checked_on_the_server_for_every_role(app, world, requested):
    _item_id, request_id = requested
    path = f"/quan-tri/ban-dich/{request_id}"
    # The site's approver cannot translate; the office's approver cannot either.
    for host, email in ((SITE_HOST, "approver@sokhcn.gov.vn"),
                        (OFFICE_HOST, "approver@songoaivu.gov.vn")):
        client = client_for(app, host, email)
        assert post(client, f"{path}/luu", {**FIELDS_EN, "version": "1",
                                           "source_revision": "1"}).status_code == 403
        assert post(client, f"{path}/buoc", {"action": "start",
                                            "version": "1"}).status_code == 403
    translator = client_for(app, OFFICE_HOST, "bien-dich-1@songoaivu.gov.vn")
    post(translator, f"{path}/luu", {**FIELDS_EN, "version": "1", "source_revision": "1",
                                    "intent": "submit"})
    version = read_request(app, world.site, request_id).version
    # A translator does not approve their own work, nor cancel the site's request.
    for action in ("approve", "return", "cancel"):
        response = post(translator, f"{path}/buoc", {"action": action, "version": version,
                                                    "comment": "x"})
        assert response.status_code == 403, action
    # The office's approver may not cancel the site's request.
    office_approver = client_for(app, OFFICE_HOST, "approver@songoaivu.gov.vn")
    assert post(office_approver, f"{path}/buoc", {"action": "cancel", "version": version,
                                                 "comment": "x"}).status_code == 403
    # An editor of the site sees the request but takes no step.
    editor = client_for(app, SITE_HOST, "editor@sokhcn.gov.vn")
    assert editor.get(path).status_code == 200
    assert post(editor, f"{path}/buoc", {"action": "approve",
                                        "version": version}).status_code == 403
    # A contributor does not see translations at all.
    contributor = client_for(app, SITE_HOST, "contributor@sokhcn.gov.vn")
    assert contributor.get(path).status_code == 403
    assert read_request(app, world.site, request_id).state.value == "submitted"


def test_a_translator_sees_the_request_and_nothing_else_of_the_site(app, world, requested):
    item_id, request_id = requested
    translator = client_for(app, OFFICE_HOST, "bien-dich-1@songoaivu.gov.vn")
    assert translator.get(f"/quan-tri/ban-dich/{request_id}").status_code == 200
    # The site's item is not reachable from the office's host, and the office's
    # translator is no member of the site: the site's host refuses the login.
    assert translator.get(f"/quan-tri/noi-dung/{item_id}").status_code in (403, 404)
    assert translator.get("/quan-tri/noi-dung").status_code == 403
    on_site = host_client(app, SITE_HOST)
    assert login(on_site, "bien-dich-1@songoaivu.gov.vn").status_code != 302
    assert on_site.get(f"/quan-tri/ban-dich/{request_id}").status_code in (302, 401, 403)


def test_a_third_site_and_another_office_do_not_see_the_request(app, world, requested):
    _item_id, request_id = requested
    other = client_for(app, OTHER_HOST, "approver@xathongnhat.gov.vn")
    assert other.get(f"/quan-tri/ban-dich/{request_id}").status_code == 404
    assert "Hội thảo" not in other.get("/quan-tri/ban-dich").text

    second_office = create_site(app, "sotuphap.langson", "Sở Tư pháp", "department",
                                parent=world.province, hosts=("sotuphap.langson.localhost",))
    create_user(app, "bien-dich@sotuphap.gov.vn", {second_office: "translator"})
    outsider = client_for(app, "sotuphap.langson.localhost", "bien-dich@sotuphap.gov.vn")
    assert outsider.get(f"/quan-tri/ban-dich/{request_id}").status_code == 404
    assert outsider.get(f"/quan-tri/ban-dich/{request_id}/xliff").status_code == 404
    assert "Hội thảo" not in outsider.get("/quan-tri/ban-dich").text


def test_a_request_belongs_to_exactly_its_two_sites(app, world, requested):
    _item_id, request_id = requested
    for site, visible in ((world.site, 1), (world.office, 1), (world.other, 0),
                          (world.province, 0)):
        with app.app_context(), tenant_scope(site.id):
            assert db.session.scalar(select(func.count(TranslationRequest.id))) == visible
            if db.engine.dialect.name == "postgresql":
                # The database's own policy, without the ORM's criteria.
                raw = db.session.execute(text("SELECT count(*) FROM translation_request"))
                assert raw.scalar_one() == visible
                events = db.session.execute(text("SELECT count(*) FROM translation_event"))
                assert (events.scalar_one() > 0) is bool(visible)


def test_a_third_site_cannot_write_a_request_of_two_others(app, world, requested):
    _item_id, request_id = requested
    with app.app_context():
        with tenant_scope(world.office.id):
            req = db.session.get(TranslationRequest, request_id)
            db.session.expunge(req)
        with tenant_scope(world.other.id):
            db.session.add(db.session.merge(req, load=False))
            req = db.session.merge(req, load=False)
            req.note = "changed by a third site"
            with pytest.raises(TenantMismatch):
                db.session.flush()
            db.session.rollback()


@pytest.mark.parametrize("query", ["?state=bogus", "?page=-1", "?page=abc",
                                   "?page=99999999"])
def test_bad_queue_filters_give_400(app, world, query):
    client = client_for(app, OFFICE_HOST, "bien-dich-1@songoaivu.gov.vn")
    assert client.get(f"/quan-tri/ban-dich{query}").status_code == 400
    assert client.get("/quan-tri/ban-dich/abc").status_code == 404
