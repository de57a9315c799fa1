"""How search learns of public changes: receivers of the workflow's signals and of the
questions' (``hub.questions.signals``).

The signals are sent inside the change's transaction (``hub.workflow.signals``), so the
outbox row a receiver writes commits with the change or rolls back with it; each
receiver flushes its row, so it is in the database (in that transaction) when the
workflow's step returns, as the step's own rows are.

- an item saved while public is indexed again (reason ``edit``); a save of an item the
  public cannot see, or a creation, changes nothing the index holds;
- a step to a public state indexes the item (the reason is the step's action); a step
  out of a public state removes it, and a take-down always removes, whatever the index
  may hold;
- a legal document's number or a procedure's code changed while public: the copies
  that shared its old one are indexed again too (which copy heads their group changed);
- items moved to another site (a merged site's, ``hub.content.signals``) are indexed
  again where they live now;
- a question published (with its answer) is indexed as a document of its own; one
  unpublished is removed. Its steps send these signals inside their transaction too.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import object_session
from sqlalchemy.orm.base import NEVER_SET, NO_VALUE

from hub.content import signals as content_signals
from hub.content.models import ContentItem
from hub.extensions import db
from hub.questions import signals as question_signals
from hub.workflow import signals
from hub.workflow.states import PUBLIC_STATES
from search.outbox import enqueue
from tenants.context import unscoped


def item_saved(item: Any, *, created: bool = False, **_kwargs: Any) -> None:
    if not created and item.status in PUBLIC_STATES:
        enqueue(item, "upsert", "edit")
        db.session.flush()
        with unscoped():  # search's own bookkeeping, for the copies on other sites
            for former in _former_copies(item):
                enqueue(former, "upsert", "edit")
            db.session.flush()


FORMER_KEYS = "search_former_natural_keys"  # session.info: item id -> its key before


def _key_changed(item: Any, value: Any, old: Any, _initiator: Any) -> None:
    """Remember a natural key's value before this transaction changed it."""
    if item.id is not None and old not in (NO_VALUE, NEVER_SET, None) and old != value:
        session = object_session(item)
        if session is not None:
            session.info.setdefault(FORMER_KEYS, {}).setdefault(item.id, old)


def _former_copies(item: Any) -> list[Any]:
    """The public copies that shared ``item``'s natural key before it changed."""
    old = db.session.info.get(FORMER_KEYS, {}).pop(item.id, None)
    if old is None or old == item.natural_key:
        return []
    return list(db.session.scalars(select(ContentItem).where(
        ContentItem.natural_key == old, ContentItem.type == item.type,
        ContentItem.status.in_(PUBLIC_STATES), ContentItem.id != item.id)))


def item_transitioned(item: Any, *, event: Any, from_status: Any, to_status: Any,
                      **_kwargs: Any) -> None:
    action = event.action
    if to_status in PUBLIC_STATES:
        enqueue(item, "upsert", action)
    elif from_status in PUBLIC_STATES or action == "take_down":
        enqueue(item, "delete", action)
    else:
        return
    db.session.flush()


def question_published(question: Any, **_kwargs: Any) -> None:
    enqueue(question, "upsert", "publish", source="question")
    db.session.flush()


def question_unpublished(question: Any, **_kwargs: Any) -> None:
    enqueue(question, "delete", "unpublish", source="question")
    db.session.flush()


def items_moved(tenant: Any, *, items: list[Any], **_kwargs: Any) -> None:
    """Items of a merged site now live on its successor: their documents are indexed
    again with the new site and address (the document key is the item's, so the old
    document is replaced)."""
    for item in items:
        if item.status in PUBLIC_STATES:
            enqueue(item, "upsert", "moved")
    db.session.flush()


def connect() -> None:
    """Connect the receivers (once: blinker keeps one connection per receiver)."""
    signals.item_saved.connect(item_saved, weak=False)
    signals.item_transitioned.connect(item_transitioned, weak=False)
    question_signals.question_published.connect(question_published, weak=False)
    question_signals.question_unpublished.connect(question_unpublished, weak=False)
    content_signals.items_moved.connect(items_moved, weak=False)
    if not event.contains(ContentItem.natural_key, "set", _key_changed):
        event.listen(ContentItem.natural_key, "set", _key_changed, active_history=True,
                     propagate=True)
