"""The editorial workflow's services: create, save, restore, and the steps of
``states.TRANSITIONS``. Views call these; they check the permission themselves (on the
server, every time), audit, send the workflow's signals inside the transaction (search
writes its outbox from them), and only flush: the request commits once, or rolls
everything back on an error.

- ``create_item`` / ``save_item`` / ``restore_revision``: every save is a revision;
  a save made from an older revision raises ``EditConflict`` and writes nothing.
- ``transition(item, action, by)``: submit, approve, schedule, return, unpublish,
  republish, take_down, archive. ``available_actions`` says which a user may take now.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from hub.accounts.permissions import can
from hub.audit.operations import record
from hub.content.errors import EditConflict
from hub.content.fields import fields_of
from hub.content.models import (
    Article,
    Consultation,
    ContentItem,
    ContentType,
    Disclosure,
    DocumentRelation,
    ItemAttachment,
    LegalDocument,
    Page,
    Procedure,
    Revision,
    ScheduleEntry,
    WorkflowEvent,
)
from hub.content.revisions import RevisionNotFound, get_revision, restorable_data, snapshot
from hub.content.validation import natural_key_for, validate
from hub.core.clock import aware, utcnow
from hub.core.http import client_ip
from hub.core.slugs import unique_slug
from hub.extensions import db
from hub.workflow import signals
from hub.workflow.access import (
    edit_refusal,
    state_refusal,
    transition_refusal,
)
from hub.workflow.errors import (
    ContentValidationError,
    EditNotAllowed,
    TransitionInputError,
    TransitionNotAllowed,
)
from hub.workflow.states import PUBLIC_STATES, TRANSITIONS, ContentStatus, Transition
from i18n import SUPPORTED_LOCALES
from tenants import context
from tenants.models import Tenant

MODEL_FOR_TYPE: dict[ContentType, type[ContentItem]] = {
    ContentType.ARTICLE: Article,
    ContentType.PAGE: Page,
    ContentType.LEGAL_DOCUMENT: LegalDocument,
    ContentType.PROCEDURE: Procedure,
    ContentType.SCHEDULE_ENTRY: ScheduleEntry,
    ContentType.DISCLOSURE: Disclosure,
    ContentType.CONSULTATION: Consultation,
}


# --- creating and saving ----------------------------------------------------------

def create_item(content_type: ContentType | str, data: dict[str, Any], by: Any) -> ContentItem:
    """A new draft (revision 1) of ``content_type`` from ``data``.

    ``data`` may also give ``locale`` (default "vi") and ``translation_of_id``. The
    byline defaults to the user's name and the source to the site's name (Article 6.3).
    """
    if not can(by, "content.create"):
        raise EditNotAllowed(_("Your role on this site does not allow creating content."))
    return _create(ContentType(content_type), data, by)


def create_translation(source: ContentItem, data: dict[str, Any], by: Any, *,
                       translated_revision: int) -> ContentItem:
    """A draft translation of ``source`` (``data["locale"]``) made by the translation
    workflow, which checked its own permissions (``hub.translation.operations``): the
    reviewer may belong to the translation office rather than to this site."""
    return _create(source.type, {**data, "translation_of_id": source.id}, by,
                   translated_revision=translated_revision)


def update_translation(item: ContentItem, data: dict[str, Any], by: Any, *,
                       translated_revision: int) -> ContentItem:
    """Save an approved update of a translation (see ``create_translation``)."""
    _save(item, data, by, item.revision, note="translation", audit="content.edit",
          check=False)
    item.translated_revision = translated_revision
    item.source_changed_at = None
    return item


def _create(content_type: ContentType, data: dict[str, Any], by: Any, *,
            translated_revision: int | None = None) -> ContentItem:
    locale = str(data.get("locale") or "vi")
    errors: dict[str, str] = {}
    if locale not in SUPPORTED_LOCALES:
        errors["locale"] = _("Choose one of the listed values.")
    source_item = None
    if data.get("translation_of_id"):
        source_item = db.session.get(ContentItem, _int_or_none(data["translation_of_id"]))
        if source_item is None:
            errors["translation_of_id"] = _("The original item does not exist on this "
                                            "site.")
    try:
        cleaned = validate(content_type, data, None, locale=locale)
    except ContentValidationError as invalid:
        raise ContentValidationError({**errors, **invalid.errors}) from None
    if errors:
        raise ContentValidationError(errors)

    now = utcnow()
    item = MODEL_FOR_TYPE[content_type](
        locale=locale, status=ContentStatus.DRAFT, revision=1, created_by_id=by.id,
        tenant_id=context.current_tenant_id(), created_at=now, updated_at=now,
        translation_of_id=source_item.id if source_item else None,
        translated_revision=(translated_revision if translated_revision is not None
                             else source_item.revision if source_item else None))
    _apply_fields(item, cleaned)
    _default_credits(item, by)
    if not item.slug:
        item.slug = unique_slug(item.title, lambda slug: slug_taken(slug, locale))
    db.session.add(item)
    _flush_or_invalid()
    _apply_lists(item, cleaned)
    _assign_deadline(item)
    revision = Revision(item_id=item.id, number=1, snapshot=snapshot(item),
                        author_id=by.id, note="create")
    db.session.add(revision)
    record("content.create", actor=by, obj=item, object_type="ContentItem",
           type=content_type.value, title=item.title)
    _flush_or_invalid()
    signals.item_saved.send(item, by=by, revision=revision, created=True)
    return item


def _default_credits(item: ContentItem, by: Any) -> None:
    """An empty byline becomes the user's name and an empty source the site's name in
    the item's language. Accounts are named in Vietnamese, so an item in another
    language gets no byline in their place."""
    if not item.author_byline and item.locale == "vi":
        item.author_byline = getattr(by, "display_name", "") or ""
    if not item.source:
        tenant = db.session.get(Tenant, item.tenant_id)
        item.source = tenant.name_in(item.locale) if tenant is not None else ""


def save_item(item: ContentItem, data: dict[str, Any], by: Any,
              expected_revision: int) -> ContentItem:
    """Save ``data`` over ``item`` as a new revision, if ``expected_revision`` (the one
    the user edited) is still the item's revision; otherwise ``EditConflict``.

    Fields absent from ``data`` keep their value. Saving a published item changes the
    published content at once and re-indexes it.
    """
    return _save(item, data, by, expected_revision, note="edit", audit="content.edit")


def restore_revision(item: ContentItem, number: int, by: Any,
                     expected_revision: int) -> ContentItem:
    """Bring back revision ``number`` as a new revision (history is never rewritten)."""
    if not can(by, "content.restore_revision"):
        raise EditNotAllowed(_("Your role on this site does not allow restoring "
                               "revisions."))
    old = get_revision(item, number)
    if old is None:
        raise RevisionNotFound(number)
    return _save(item, restorable_data(old), by, expected_revision,
                 note=f"restore:{number}", audit="content.restore_revision")


def _save(item: ContentItem, data: dict[str, Any], by: Any, expected_revision: int, *,
          note: str, audit: str, check: bool = True) -> ContentItem:
    # Without ``check`` the caller checked the permission; the item's state still decides.
    refusal = edit_refusal(item, by) if check else state_refusal(item)
    if refusal is not None:
        raise refusal
    if int(expected_revision) != item.revision:
        raise _conflict(item, data, int(expected_revision))
    cleaned = validate(item.type, data, item)
    # Claim the next revision number in the database: of two saves made from the same
    # revision at the same moment, exactly one matches (the other waits for the first
    # to commit on PostgreSQL and then matches nothing).
    claimed = db.session.execute(
        update(ContentItem).where(ContentItem.id == item.id,
                                  ContentItem.revision == item.revision)
        .values(revision=ContentItem.revision + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)).rowcount
    if claimed != 1:
        db.session.refresh(item)
        raise _conflict(item, data, int(expected_revision))
    db.session.refresh(item, ["revision", "updated_at"])
    _apply_fields(item, cleaned)
    _apply_lists(item, cleaned)
    _assign_deadline(item)
    revision = Revision(item_id=item.id, number=item.revision, snapshot=snapshot(item),
                        author_id=by.id, note=note)
    db.session.add(revision)
    record(audit, actor=by, obj=item, object_type="ContentItem", revision=item.revision,
           status=item.status.value)
    _flush_or_invalid()
    signals.item_saved.send(item, by=by, revision=revision, created=False)
    return item


def _conflict(item: ContentItem, data: dict[str, Any], expected: int) -> EditConflict:
    return EditConflict(item, data, get_revision(item, item.revision),
                        get_revision(item, expected))


def _apply_fields(item: ContentItem, cleaned: dict[str, Any]) -> None:
    for spec in fields_of(item.type):
        if spec.name in cleaned and not (spec.name == "slug" and not cleaned["slug"]):
            setattr(item, spec.name, cleaned[spec.name])
    key = natural_key_for(item.type, cleaned)
    if key is not None:
        item.natural_key = key


def _apply_lists(item: ContentItem, cleaned: dict[str, Any]) -> None:
    """Files and document relations: keep the rows that stay, add and drop the rest
    (re-inserting a kept row would trip its unique constraint within one flush)."""
    if "attachments" in cleaned:
        existing = {link.attachment_id: link for link in item.attachments}
        links = []
        for position, (attachment_id, role) in enumerate(cleaned["attachments"]):
            link = existing.get(attachment_id) or ItemAttachment(
                attachment_id=attachment_id, tenant_id=item.tenant_id)
            link.role, link.position = role, position
            links.append(link)
        item.attachments = links
    if isinstance(item, LegalDocument) and ("replaces" in cleaned or "amends" in cleaned):
        existing_relations = {(r.relation, r.target_id): r for r in item.relations}
        wanted = {(relation, target_id)
                  for relation in ("replaces", "amends")
                  for target_id in cleaned.get(relation, [
                      t for (r, t) in existing_relations if r == relation])}
        item.relations = [existing_relations.get(key) or DocumentRelation(
            relation=key[0], target_id=key[1], tenant_id=item.tenant_id)
            for key in sorted(wanted)]


def _assign_deadline(item: ContentItem) -> None:
    from hub.content.deadlines import assign_deadline
    assign_deadline(item)


def _flush_or_invalid() -> None:
    """Flush; a uniqueness race lost to a concurrent save becomes a readable error.

    The checks in ``validate`` see everything this transaction wrote, so this happens
    only when another transaction saved the same number or address at the same moment.
    The transaction is then rolled back (so the page can still be drawn): the caller
    must answer with an error, as it does for any ``ContentValidationError``.
    """
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise ContentValidationError({"title": _(
            "Another item with the same number, code or web address was saved at the "
            "same moment. Please check and save again.")}) from None


def slug_taken(slug: str, locale: str) -> bool:
    return db.session.scalar(select(ContentItem.id).where(
        ContentItem.locale == locale, ContentItem.slug == slug).limit(1)) is not None


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- the workflow steps ------------------------------------------------------------

def transition(item: ContentItem, action: str, by: Any, *, comment: str = "",
               scheduled_at: datetime | None = None, now: datetime | None = None,
               expected_revision: int | None = None,
               linked: dict[str, Any] | None = None) -> WorkflowEvent:
    """Take one workflow step; returns the recorded ``WorkflowEvent``.

    ``comment`` is required to return an item (what to fix) and to take it down (the
    reason, 003 Article 8.2.b). ``scheduled_at`` (aware, or naive UTC) is required to
    schedule. ``expected_revision``, when given, refuses to act on content that changed
    since the user looked at it. ``linked`` names what the step was taken from (a
    problem report: ``{"problem_report_id": 12}``), kept in its audit entry.
    Raises ``TransitionNotAllowed``.
    """
    refusal = transition_refusal(item, action, by)
    if refusal is not None:
        raise refusal
    step = TRANSITIONS[action]
    if expected_revision is not None and int(expected_revision) != item.revision:
        raise TransitionNotAllowed(_("The item was changed after you opened it. Review "
                                     "the latest version first."), kind="state")
    now = aware(now) or utcnow()
    comment = "\n".join(line.strip() for line in (comment or "").strip().splitlines())
    if step.needs_comment and not comment:
        raise TransitionInputError("comment", _("Write the reason for taking it down.")
                                   if action == "take_down" else
                                   _("Write what the author should change."))
    if action == "schedule":
        if scheduled_at is None:
            raise TransitionInputError("scheduled_at", _("Choose when to publish."))
        scheduled_at = aware(scheduled_at).astimezone(UTC)  # type: ignore[union-attr]
        if scheduled_at <= now:
            raise TransitionInputError("scheduled_at",
                                       _("Choose a publication time in the future."))
    return _move(item, step, by, now, comment=comment, scheduled_at=scheduled_at,
                 linked=linked)


def _move(item: ContentItem, step: Transition, by: Any, now: datetime, *,
          comment: str = "", scheduled_at: datetime | None = None,
          action: str | None = None, linked: dict[str, Any] | None = None) -> WorkflowEvent:
    """Change the status if it is still what we read (two approvers, two workers: one
    wins, the other is refused), apply the step's effects, record and signal."""
    old = item.status
    claimed = db.session.execute(
        update(ContentItem).where(ContentItem.id == item.id, ContentItem.status == old)
        .values(status=step.to_state).execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        db.session.refresh(item)
        raise TransitionNotAllowed(_("Someone else changed this item meanwhile. Reload "
                                     "the page and try again."), kind="state")
    db.session.refresh(item, ["status"])
    _apply_effects(item, step.action, by, now, comment, scheduled_at)
    action = action or step.action
    event = WorkflowEvent(item_id=item.id, action=action, from_status=old.value,
                          to_status=step.to_state.value, actor_id=getattr(by, "id", None),
                          comment=comment, ip=client_ip(), created_at=now,
                          tenant_id=item.tenant_id)
    db.session.add(event)
    record(f"content.{action}", actor=by, actor_label=None if by else "worker", obj=item,
           object_type="ContentItem", tenant_id=item.tenant_id,
           **{"from": old.value, "to": step.to_state.value, "comment": comment},
           **(linked or {}))
    db.session.flush()
    signals.item_transitioned.send(item, event=event, by=by, from_status=old,
                                   to_status=step.to_state)
    return event


def _apply_effects(item: ContentItem, action: str, by: Any, now: datetime, comment: str,
                   scheduled_at: datetime | None) -> None:
    if action == "submit":
        item.submitted_at = now
    elif action in ("approve", "republish"):
        # Who approved is shown with the item; the first publication date stays (the
        # deadline and the royalties count from it).
        if by is not None:
            item.approved_by_id = by.id
        item.published_at = item.published_at or now
        item.scheduled_at = None
    elif action == "schedule":
        item.scheduled_at = scheduled_at
        item.approved_by_id = by.id
    elif action == "return":
        item.scheduled_at = None
        if item.published_at is None:
            item.approved_by_id = None
    elif action == "take_down":
        item.taken_down_reason = comment
        item.scheduled_at = None


def publish_translation(item: ContentItem, by: Any, now: datetime) -> WorkflowEvent:
    """Publish a translation its reviewer approved (the translation workflow checked the
    permission). Raises ``TransitionNotAllowed`` for a translation the site took down:
    that comes back only through the site's own approval."""
    if item.status is ContentStatus.TAKEN_DOWN:
        raise TransitionNotAllowed(_("This site took the translation down; it must be "
                                     "published again by the site."), kind="state")
    if item.status in PUBLIC_STATES:
        return _record_only(item, by, now, "publish_translation")
    return _move(item, TRANSITIONS["approve"], by, now, action="publish_translation")


def _record_only(item: ContentItem, by: Any, now: datetime, action: str) -> WorkflowEvent:
    """A step that leaves the status as it is (an already public translation updated)."""
    event = WorkflowEvent(item_id=item.id, action=action, from_status=item.status.value,
                          to_status=item.status.value, actor_id=getattr(by, "id", None),
                          ip=client_ip(), created_at=now, tenant_id=item.tenant_id)
    db.session.add(event)
    record(f"content.{action}", actor=by, obj=item, object_type="ContentItem",
           tenant_id=item.tenant_id, **{"from": item.status.value, "to": item.status.value})
    return event


def publish_scheduled(item: ContentItem, now: datetime) -> WorkflowEvent | None:
    """The scheduler's step: publish ``item`` if it is still scheduled and due.

    Returns None when another worker got there first or the schedule changed.
    """
    if item.status is not ContentStatus.SCHEDULED or item.scheduled_at is None \
            or aware(item.scheduled_at) > now:  # type: ignore[operator]
        return None
    try:
        return _move(item, TRANSITIONS["approve"], None, now, action="publish_scheduled")
    except TransitionNotAllowed:
        return None

