"""Who may take each workflow step (002 Article 17.2: administration, approval,
updating; 003 Article 13.2.d: contributors), checked by the services on the server.

The table is written out here from the regulation, independently of the code: for each
step, the roles that may take it on an item written by a contributor. Everyone else is
refused, and a refusal changes nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from hub.content.models import WorkflowEvent
from hub.content.operations import create_item, restore_revision, save_item, transition
from hub.extensions import db
from hub.workflow.access import available_actions
from hub.workflow.errors import EditNotAllowed, NotAllowed, TransitionNotAllowed
from hub.workflow.states import ContentStatus
from tests.workflow.conftest import ARTICLE, HUB_ROLES, SITE_ROLES, acting, new_item, reload

St = ContentStatus
EVERYONE = SITE_ROLES + HUB_ROLES
APPROVAL_BOARD = {"approver", "site_admin", "hub_admin"}           # kiểm duyệt
WRITERS = {"editor"} | APPROVAL_BOARD                                # cập nhật and above

# step -> (the state the item is in, the roles that may take the step)
EXPECTED: dict[str, tuple[ContentStatus, set[str]]] = {
    # a contributor submits their own item; another contributor may not
    "submit": (St.DRAFT, {"contributor"} | WRITERS),
    "approve": (St.SUBMITTED, APPROVAL_BOARD),
    "schedule": (St.SUBMITTED, APPROVAL_BOARD),
    "return": (St.SUBMITTED, APPROVAL_BOARD),
    "unpublish": (St.PUBLISHED, APPROVAL_BOARD),
    "republish": (St.UNPUBLISHED, APPROVAL_BOARD),
    "take_down": (St.PUBLISHED, APPROVAL_BOARD),
    "archive": (St.PUBLISHED, APPROVAL_BOARD),
}

# Editing: the author while it is a draft, and every writer; restoring: writers only.
EXPECTED_EDIT = {"contributor"} | WRITERS
EXPECTED_CREATE = {"contributor", "other_contributor"} | WRITERS
EXPECTED_RESTORE = WRITERS


def _arguments(action: str) -> dict:
    if action == "schedule":
        return {"scheduled_at": datetime.now(UTC) + timedelta(days=1)}
    if action in ("return", "take_down"):
        return {"comment": "Nội dung cần được kiểm tra lại."}
    return {}


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_each_step_is_allowed_to_exactly_the_roles_of_the_table(app, site, staff, action):
    start, allowed_roles = EXPECTED[action]
    outcome: dict[str, bool] = {}
    with acting(app, site):
        for role in EVERYONE:
            item = new_item(staff["contributor"], status=start)
            offered = action in available_actions(item, staff[role])
            try:
                event = transition(item, action, staff[role], **_arguments(action))
            except TransitionNotAllowed as refusal:
                assert refusal.kind == "permission" and refusal.http_status == 403
                assert reload(item.id).status is start, "a refusal changes nothing"
                outcome[role] = False
            else:
                assert event.actor_id == staff.ids[role]
                assert reload(item.id).status is not start
                outcome[role] = True
            assert offered is outcome[role], f"{role}: offered and allowed must agree"
    assert {role for role, ok in outcome.items() if ok} == allowed_roles


def test_creating_editing_and_restoring_follow_the_table(app, site, staff):
    created, edited, restored = set(), set(), set()
    with acting(app, site):
        for role in EVERYONE:
            try:
                create_item("article", dict(ARTICLE), staff[role])
                created.add(role)
            except EditNotAllowed as refusal:
                assert refusal.http_status == 403
            item = new_item(staff["contributor"])
            try:
                save_item(item, {"title": f"Sửa bởi {role}"}, staff[role], 1)
                edited.add(role)
            except EditNotAllowed:
                assert reload(item.id).revision == 1
            try:
                restore_revision(item, 1, staff[role], item.revision)
                restored.add(role)
            except EditNotAllowed:
                pass
    assert created == EXPECTED_CREATE
    assert edited == EXPECTED_EDIT
    assert restored == EXPECTED_RESTORE


def test_a_contributor_cannot_edit_or_submit_another_contributors_draft(app, site, staff):
    with acting(app, site):
        item = new_item(staff["contributor"])
        with pytest.raises(EditNotAllowed):
            save_item(item, {"title": "Bài của người khác"}, staff["other_contributor"], 1)
        with pytest.raises(TransitionNotAllowed):
            transition(item, "submit", staff["other_contributor"])
        assert available_actions(item, staff["other_contributor"]) == []
        assert reload(item.id).title == ARTICLE["title"]


def test_a_contributor_edits_their_own_item_only_while_it_is_theirs(app, site, staff):
    with acting(app, site):
        item = new_item(staff["contributor"])
        save_item(item, {"title": "Bản nháp đã sửa"}, staff["contributor"], 1)
        transition(item, "submit", staff["contributor"])
        with pytest.raises(EditNotAllowed) as refused:
            save_item(item, {"title": "Sửa khi đang chờ duyệt"}, staff["contributor"], 2)
        assert refused.value.kind == "state" and refused.value.http_status == 409
        transition(item, "return", staff["approver"], comment="Bổ sung ảnh minh họa.")
        save_item(item, {"title": "Đã bổ sung"}, staff["contributor"], 2)
        assert reload(item.id).title == "Đã bổ sung"


# A step the current state does not allow is refused for everyone, whatever the role.
NOT_FROM = [
    ("approve", St.DRAFT), ("schedule", St.RETURNED), ("return", St.PUBLISHED),
    ("unpublish", St.SUBMITTED), ("republish", St.PUBLISHED), ("submit", St.PUBLISHED),
    ("take_down", St.TAKEN_DOWN), ("archive", St.SUBMITTED), ("submit", St.ARCHIVED),
]


@pytest.mark.parametrize(("action", "state"), NOT_FROM)
def test_a_step_not_allowed_from_the_current_state_is_refused(app, site, staff, action,
                                                              state):
    with acting(app, site):
        item = new_item(staff["editor"], status=state)
        with pytest.raises(TransitionNotAllowed) as refused:
            transition(item, action, staff["hub_admin"], **_arguments(action))
        assert refused.value.kind == "state" and refused.value.http_status == 409
        assert reload(item.id).status is state
        assert db.session.scalar(select(func.count(WorkflowEvent.id))) == 0


def test_an_unknown_step_is_refused(app, site, staff):
    with acting(app, site):
        item = new_item(staff["editor"])
        with pytest.raises(NotAllowed):
            transition(item, "publish_everything", staff["site_admin"])
