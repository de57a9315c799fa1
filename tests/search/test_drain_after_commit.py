"""In embedded mode the outbox is drained right after a request that committed outbox rows:
a publication is searchable as soon as the response is back; a publication rolled back
leaves nothing in the index nor in the outbox, and sets off no drain; a rolled-back
savepoint does not cancel the drain of the publication around it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from sqlalchemy import select

from hub.accounts.models import User
from hub.content import operations
from hub.content.models import ContentItem
from hub.extensions import db
from search.backends.base import SearchBackend
from search.models import SearchOutbox
from search.types import SearchQuery
from tenants.context import unscoped
from tenants.models import Tenant
from tests.admin.helpers import A_HOST, email_of, make_item, make_staff, post, staff_client
from tests.factories import host_client

TITLE = "Lễ hội hoa đào Xứ Lạng năm 2027"
OTHER_TITLE = "Phiên chợ vùng cao Na Sầm cuối tuần"


@pytest.fixture
def site(app: Flask, two_sites: tuple[Tenant, Tenant]) -> Tenant:
    make_staff(app, two_sites[0], ("approver", "editor"))
    return two_sites[0]


def submitted(app: Flask, site: Tenant, title: str = TITLE) -> int:
    return make_item(app, site, email_of("editor", site), title=title, steps=("submit",))


def published_by_a_worker(app: Flask, site: Tenant) -> int:
    """Published outside any request (a job, the CLI): its outbox row waits for a drain."""
    return make_item(app, site, email_of("editor", site), title=OTHER_TITLE,
                     steps=("submit", "approve"), approver_email=email_of("approver", site))


def outbox(app: Flask) -> dict[int, bool]:
    """item id -> has its latest row been processed?"""
    with app.app_context(), unscoped():
        db.session.remove()
        rows = db.session.scalars(select(SearchOutbox).order_by(SearchOutbox.id))
        return {row.item_id: row.processed_at is not None for row in rows}


def found(backend: SearchBackend, text: str) -> set[int]:
    backend.refresh()
    return {hit.item_id for hit in backend.search(SearchQuery(text=text, per_page=50)).hits}


def add_view(app: Flask, name: str, view: Callable[[], object]) -> str:
    path = f"/_test/search/{name}"
    app.add_url_rule(path, f"test_search_{name}", view)
    return path


def approve_in_view(site: Tenant, item_id: int) -> None:
    approver = db.session.scalar(select(User).where(User.email == email_of("approver", site)))
    operations.transition(db.session.get(ContentItem, item_id), "approve", approver)
    db.session.flush()


def touch_other_rows(site: Tenant) -> None:
    """Other work of the same request, which writes no outbox row."""
    user = db.session.scalar(select(User).where(User.email == email_of("editor", site)))
    user.display_name = f"{user.display_name}."
    db.session.flush()


def test_a_publication_committed_by_a_request_is_searchable_at_once(
        app, site, search_backend: SearchBackend):
    """Approved through the staff pages: found as soon as the response is back."""
    item_id = submitted(app, site)
    approver = staff_client(app, site, "approver")
    response = post(approver, f"/quan-tri/noi-dung/{item_id}/chuyen-trang-thai",
                    {"action": "approve", "comment": ""})
    assert response.status_code == 302
    assert outbox(app) == {item_id: True}
    assert found(search_backend, "hoa đào") == {item_id}


def test_a_publication_answered_with_an_error_leaves_nothing_behind(
        app, site, search_backend: SearchBackend):
    """A request that publishes then answers 409: no outbox row, no hit, no drain."""
    waiting = published_by_a_worker(app, site)
    item_id = submitted(app, site)

    def view() -> tuple[str, int]:
        approve_in_view(site, item_id)
        return "conflict", 409

    path = add_view(app, "refused", view)
    assert host_client(app, A_HOST).get(path).status_code == 409
    assert outbox(app) == {waiting: False}  # the worker's row still waits for the worker
    assert found(search_backend, "hoa đào") == set()
    assert found(search_backend, "Na Sầm") == set()


def test_a_rolled_back_publication_sets_off_no_drain_when_other_work_commits(
        app, site, search_backend: SearchBackend):
    """Publication rolled back, other work committed: nothing indexed, no drain run."""
    waiting = published_by_a_worker(app, site)
    item_id = submitted(app, site)

    def view() -> str:
        approve_in_view(site, item_id)
        db.session.rollback()
        touch_other_rows(site)
        return "ok"

    path = add_view(app, "given_up", view)
    assert host_client(app, A_HOST).get(path).status_code == 200
    assert outbox(app) == {waiting: False}
    assert found(search_backend, "hoa đào") == set()
    assert found(search_backend, "Na Sầm") == set()


def test_a_rolled_back_savepoint_keeps_the_drain_of_the_publication_around_it(
        app, site, search_backend: SearchBackend):
    """The publication outside the savepoint is committed and searchable at once."""
    item_id = submitted(app, site)

    def view() -> str:
        approve_in_view(site, item_id)
        savepoint = db.session.begin_nested()
        touch_other_rows(site)
        savepoint.rollback()
        # Written again after the savepoint, so the request commits whatever
        # hub.core.lifecycle forgot at the savepoint (its own test covers that).
        touch_other_rows(site)
        return "ok"

    path = add_view(app, "savepoint", view)
    assert host_client(app, A_HOST).get(path).status_code == 200
    assert outbox(app) == {item_id: True}
    assert found(search_backend, "hoa đào") == {item_id}
