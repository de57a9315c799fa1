"""Keeping translations true to their source (003 Article 7: English versions kept up to
date). Receivers of the workflow's signals, run in the source's transaction:

- a source saved: every request on it receives the new text; a published (or approved)
  translation whose text no longer matches becomes ``outdated`` at once, its people are
  told, and the translated item carries the date (the English page says the original
  was updated); a translation made by hand is marked the same way;
- a source published: approved translations waiting for it are published;
- a source taken down, unpublished or archived: its public translations follow.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from hub.content.models import ContentItem
from hub.core.clock import utcnow
from hub.extensions import db
from hub.translation import notify
from hub.translation.fields import source_text
from hub.translation.models import TranslationRequest
from hub.translation.models import TranslationState as S
from hub.translation.operations import _event, open_requests_for, publish_if_ready
from hub.workflow import signals
from hub.workflow.errors import NotAllowed
from hub.workflow.states import PUBLIC_STATES, ContentStatus

# What the source's step does to its public translations.
FOLLOWED_STEPS = {ContentStatus.TAKEN_DOWN: "take_down",
                  ContentStatus.UNPUBLISHED: "unpublish", ContentStatus.ARCHIVED: "archive"}


def source_saved(item: ContentItem, *, by: Any = None, created: bool = False,
                 **_kwargs: Any) -> None:
    if created or item.translation_of_id is not None:
        return
    now = utcnow()
    text = source_text(item)
    outdated_items: set[int] = set()
    requests = open_requests_for(item)
    for req in requests:
        made_from = req.translated_source
        req.source, req.source_revision = text, item.revision
        if made_from == text:
            req.translated_revision = item.revision  # no translated text changed
            continue
        req.source_changed_at = now
        if req.state in (S.PUBLISHED, S.APPROVED):
            _event(req, "source_changed", req.state, S.OUTDATED, by, "", now)
            req.state, req.outdated_since = S.OUTDATED, now
            notify.outdated(req)
        if req.translation_item_id and req.state is S.OUTDATED:
            outdated_items.add(req.translation_item_id)
    requested = {req.translation_item_id for req in requests}
    for translation in _translations_of(item):
        by_hand = translation.id not in requested
        stale = (translation.id in outdated_items
                 or (by_hand and (translation.translated_revision or 0) < item.revision))
        if stale and translation.source_changed_at is None:
            translation.source_changed_at = now
    db.session.flush()


def source_transitioned(item: ContentItem, *, by: Any = None, to_status: Any = None,
                        **_kwargs: Any) -> None:
    if item.translation_of_id is not None:
        return
    if to_status is ContentStatus.PUBLISHED:
        for req in open_requests_for(item):
            if req.state is S.APPROVED:
                publish_if_ready(req, by or _approver(req))
        return
    action = FOLLOWED_STEPS.get(to_status)
    if action is None or by is None:
        return
    from hub.content.operations import transition
    for translation in _translations_of(item):
        if translation.status in PUBLIC_STATES or action == "take_down":
            try:
                transition(translation, action, by, comment=translation_comment(item))
            except NotAllowed:
                pass  # already in that state, or the role cannot: the site decides


def translation_comment(item: ContentItem) -> str:
    return item.taken_down_reason or ""


def _translations_of(item: ContentItem) -> list[ContentItem]:
    return list(db.session.scalars(select(ContentItem).where(
        ContentItem.translation_of_id == item.id)))


def _approver(req: TranslationRequest) -> Any:
    from hub.accounts.models import User
    from hub.translation.models import TranslationEvent
    actor_id = db.session.scalar(select(TranslationEvent.actor_id).where(
        TranslationEvent.request_id == req.id, TranslationEvent.action == "approve")
        .order_by(TranslationEvent.id.desc()).limit(1))
    return db.session.get(User, actor_id) if actor_id else None


def install() -> None:
    signals.item_saved.connect(source_saved, weak=False)
    signals.item_transitioned.connect(source_transitioned, weak=False)
