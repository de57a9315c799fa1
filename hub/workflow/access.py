"""Who may edit an item and take which workflow step, checked on the server.

The permissions come from ``hub.accounts.permissions`` (``can``); the steps from
``states.TRANSITIONS``. Two rules are not plain permissions: a contributor works on
their own items only (003 Article 13.2.d), and an approver limited to some categories
approves only items in them (004 Article 14).
"""

from __future__ import annotations

from typing import Any, Protocol

from flask import g, has_request_context
from flask_babel import gettext as _
from sqlalchemy import select

from hub.accounts.permissions import can
from hub.extensions import db
from hub.workflow.errors import EditNotAllowed, TransitionNotAllowed
from hub.workflow.models import ApproverScope
from hub.workflow.states import (
    ACTION_ORDER,
    EDITABLE,
    OWNER_EDITABLE,
    STATUS_LABELS,
    TRANSITIONS,
    ContentStatus,
)
from tenants import context


class Workable(Protocol):
    """What the workflow reads of a piece of content: its state, its author, and the
    category its approvers may be limited to (a category has ``id`` and ``parent``)."""

    status: ContentStatus
    created_by_id: int | None
    category: Any


def state_refusal(item: Workable) -> EditNotAllowed | None:
    """Why nobody may edit ``item`` in its present state (archived), or None."""
    if item.status not in EDITABLE:
        return EditNotAllowed(_("An archived item cannot be edited; publish it again "
                                "first."), kind="state")
    return None


def edit_refusal(item: Workable, user: Any) -> EditNotAllowed | None:
    """Why ``user`` may not edit ``item`` now, or None if they may."""
    if can(user, "content.edit_any"):
        return state_refusal(item)
    if can(user, "content.create") and item.created_by_id == getattr(user, "id", None):
        if item.status not in OWNER_EDITABLE:
            return EditNotAllowed(_("You can edit your item only while it is a draft or "
                                    "has been returned to you."), kind="state")
        return None
    return EditNotAllowed(_("You may only edit items you wrote yourself."))


def can_edit(item: Workable, user: Any) -> bool:
    return edit_refusal(item, user) is None


def can_view(item: Workable, user: Any) -> bool:
    """Staff area: contributors see their own items; editors and above see all."""
    return (can(user, "content.edit_any") or can(user, "content.approve")
            or (can(user, "content.view")
                and item.created_by_id == getattr(user, "id", None)))


def within_approver_scope(item: Workable, user: Any) -> bool:
    """004 Article 14: an approver with categories approves only items in them (or in
    their sub-categories). Whoever assigns the scopes is not limited by them."""
    if can(user, "approver_scopes.manage"):
        return True
    scoped = _approver_scopes(user)
    if not scoped:
        return True
    category, seen = item.category, set()
    while category is not None and category.id not in seen:
        if category.id in scoped:
            return True
        seen.add(category.id)
        category = category.parent
    return False


def transition_refusal(item: Workable, action: str,
                       user: Any) -> TransitionNotAllowed | None:
    """Why ``user`` may not take ``action`` on ``item`` now, or None if they may."""
    step = TRANSITIONS.get(action)
    if step is None:
        return TransitionNotAllowed(_("This step does not exist."), kind="state")
    if not can(user, step.permission):
        return TransitionNotAllowed(_("Your role on this site does not allow this step."))
    if (step.own_items_only_without and not can(user, step.own_items_only_without)
            and item.created_by_id != getattr(user, "id", None)):
        return TransitionNotAllowed(_("You may only submit items you wrote yourself."))
    if step.category_scoped and not within_approver_scope(item, user):
        return TransitionNotAllowed(_("Items of this category are approved by another "
                                      "approver."))
    if item.status not in step.from_states:
        return TransitionNotAllowed(
            _("This step is not possible while the item is “%(status)s”.",
              status=STATUS_LABELS[item.status]), kind="state")
    return None


def available_actions(item: Workable, user: Any) -> list[str]:
    """The steps ``user`` may take on ``item`` now, in the order they are offered."""
    return [action for action in ACTION_ORDER
            if transition_refusal(item, action, user) is None]


def _approver_scopes(user: Any) -> frozenset[int]:
    """The categories an approver is limited to on this site, once per request (a list
    page asks for every item's actions)."""
    cache: dict[tuple[int, int | None], frozenset[int]] | None = (
        g.setdefault("_portal_approver_scopes", {}) if has_request_context() else None)
    key = (user.id, context.current_tenant_id())
    if cache is not None and key in cache:
        return cache[key]
    scoped = frozenset(db.session.scalars(select(ApproverScope.category_id)
                                          .where(ApproverScope.user_id == user.id)))
    if cache is not None:
        cache[key] = scoped
    return scoped
