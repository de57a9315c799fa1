"""The editorial workflow as data: which step goes from which states to which, and who
may take it.

``draft -> submitted -> published`` (or ``scheduled``, then published by the worker),
``returned`` to the author with a comment, ``unpublished``, ``taken_down`` at once with
a reason (violating content, 003 Article 8.2.b), ``archived``. The permission of each
step is a row of ``hub.accounts.permissions.PERMISSIONS``; no role names here.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


class ContentStatus(str, enum.Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"        # back to the author with a comment
    SCHEDULED = "scheduled"      # approved, published by the worker at scheduled_at
    PUBLISHED = "published"
    UNPUBLISHED = "unpublished"
    TAKEN_DOWN = "taken_down"    # violating content, removed at once (Article 8.2.b)
    ARCHIVED = "archived"


St = ContentStatus
EVERY_STATE = frozenset(ContentStatus)


@dataclass(frozen=True)
class Transition:
    action: str
    from_states: frozenset[ContentStatus]
    to_state: ContentStatus
    permission: str
    label: object                     # lazy string: the button's text
    needs_comment: bool = False       # a return's comment, a take-down's reason
    own_items_only_without: str | None = None  # holders of this may act on anyone's
    category_scoped: bool = False     # limited by the approver's categories (004 Đ14)


TRANSITIONS: dict[str, Transition] = {t.action: t for t in (
    # A contributor submits only their own items; editors submit anyone's.
    Transition("submit", frozenset({St.DRAFT, St.RETURNED, St.UNPUBLISHED, St.TAKEN_DOWN}),
               St.SUBMITTED, "content.submit", _l("Submit for approval"),
               own_items_only_without="content.edit_any"),
    Transition("approve", frozenset({St.SUBMITTED, St.SCHEDULED}), St.PUBLISHED,
               "content.approve", _l("Approve and publish"), category_scoped=True),
    Transition("schedule", frozenset({St.SUBMITTED, St.SCHEDULED}), St.SCHEDULED,
               "content.approve", _l("Approve and schedule"), category_scoped=True),
    Transition("return", frozenset({St.SUBMITTED, St.SCHEDULED}), St.RETURNED,
               "content.approve", _l("Return to the author"), needs_comment=True,
               category_scoped=True),
    Transition("unpublish", frozenset({St.PUBLISHED}), St.UNPUBLISHED,
               "content.unpublish", _l("Unpublish")),
    Transition("republish", frozenset({St.UNPUBLISHED, St.ARCHIVED}), St.PUBLISHED,
               "content.approve", _l("Publish again"), category_scoped=True),
    # Violating content comes down at once, whatever its state and its category.
    Transition("take_down", EVERY_STATE - {St.TAKEN_DOWN}, St.TAKEN_DOWN,
               "content.take_down", _l("Take down"), needs_comment=True),
    Transition("archive", frozenset({St.DRAFT, St.RETURNED, St.PUBLISHED, St.UNPUBLISHED,
                                     St.TAKEN_DOWN}), St.ARCHIVED,
               "content.archive", _l("Archive")),
)}

# The order in which actions are offered on an item's page.
ACTION_ORDER: tuple[str, ...] = tuple(TRANSITIONS)

# Editing. A contributor edits their own item while it is theirs to work on; editors and
# above edit any item except an archived one (republish it first). Editing a published
# item changes the published content at once (a new revision, re-indexed).
OWNER_EDITABLE = frozenset({St.DRAFT, St.RETURNED})
EDITABLE = EVERY_STATE - {St.ARCHIVED}

# What the public may see: only published items (pages, lists, feeds, API, search).
PUBLIC_STATES = frozenset({St.PUBLISHED})

STATUS_LABELS: dict[ContentStatus, object] = {
    St.DRAFT: _l("Draft"),
    St.SUBMITTED: _l("Waiting for approval"),
    St.RETURNED: _l("Returned to the author"),
    St.SCHEDULED: _l("Scheduled"),
    St.PUBLISHED: _l("Published"),
    St.UNPUBLISHED: _l("Unpublished"),
    St.TAKEN_DOWN: _l("Taken down"),
    St.ARCHIVED: _l("Archived"),
}


def transition_for(action: str) -> Transition | None:
    return TRANSITIONS.get(action)
