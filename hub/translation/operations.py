"""The translation workflow's services. Views call these; they check the permission and
the side (the item's site or the translation office) on the server, record every step
(``TranslationEvent`` seen by both sides, and the audit log of the acting site), and
only flush.

- ``request_translation(item, ...)``: an approver of the item's site asks the office.
- ``save_draft`` / ``take_step``: the translator's work (start, save, submit) and the
  review (approve, return), and the site's cancel.
- Approval publishes the translation as a ``ContentItem`` of the item's site in the
  target locale, pointing at its source and at the source revision it translates; if
  the source is only approved (scheduled), when the source is published.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select, update

from hub.accounts.models import Membership, SiteRole
from hub.accounts.permissions import can
from hub.audit.operations import record
from hub.content import operations as workflow
from hub.content.models import ContentItem
from hub.content.revisions import snapshot
from hub.core.clock import local_today, utcnow
from hub.core.http import client_ip
from hub.core.sanitize import clean_html, clean_line, clean_text
from hub.directory.models import Category
from hub.extensions import db
from hub.translation import notify
from hub.translation.fields import carried_values, source_text, translated_fields
from hub.translation.models import OPEN_STATES, TranslationEvent, TranslationRequest
from hub.translation.models import TranslationState as S
from hub.translation.states import STEPS, WORKABLE, Step
from hub.workflow.errors import ContentValidationError, TransitionInputError
from hub.workflow.errors import TransitionNotAllowed as TranslationNotAllowed
from hub.workflow.states import ContentStatus
from i18n import SUPPORTED_LOCALES
from tenants import context
from tenants.context import tenant_scope, unscoped
from tenants.models import Tenant

# The source may be translated once it is approved: scheduled or published.
TRANSLATABLE_SOURCE_STATES = frozenset({ContentStatus.PUBLISHED, ContentStatus.SCHEDULED})
MAX_NOTE = 2000


# --- who is who ---------------------------------------------------------------------

def side_of(req: TranslationRequest) -> str | None:
    """"site" on the item's host, "office" on the translation office's host."""
    here = context.current_tenant_id()
    if here == req.tenant_id:
        return "site"
    if here == req.partner_tenant_id:
        return "office"
    return None


def translation_offices(site: Tenant) -> list[Tenant]:
    """The province's translation offices: its sites with translators (003 Article 8.3:
    the Department of Foreign Affairs). Reads other sites' memberships: which of the
    province's sites have a translator, nothing more."""
    province_path = f"/{site.ancestor_ids[0]}/" if site.ancestor_ids else site.path
    with unscoped():
        ids = set(db.session.scalars(
            select(Membership.tenant_id).join(Tenant, Tenant.id == Membership.tenant_id)
            .where(Membership.role == SiteRole.TRANSLATOR,
                   Tenant.path.startswith(province_path))))
    return list(db.session.scalars(select(Tenant).where(Tenant.id.in_(ids))
                                   .order_by(Tenant.name)))


def step_refusal(req: TranslationRequest, action: str, by: Any) -> TranslationNotAllowed | None:
    step = STEPS.get(action)
    if step is None:
        return TranslationNotAllowed(_("Please choose one of the offered steps."),
                                     kind="input")
    side = side_of(req)
    if side is None or (step.side != "either" and step.side != side) \
            or not can(by, step.permission):
        return TranslationNotAllowed(_("Your role does not allow this step of the "
                                       "translation."))
    if req.state not in step.from_states:
        return TranslationNotAllowed(_("This step is not possible while the request is "
                                       "in its current state."), kind="state")
    return None


def available_steps(req: TranslationRequest, by: Any) -> list[Step]:
    return [step for action, step in STEPS.items()
            if step_refusal(req, action, by) is None]


def may_work(req: TranslationRequest, by: Any) -> bool:
    return (side_of(req) == "office" and can(by, "translation.work")
            and req.state in WORKABLE | {S.IN_PROGRESS})


# --- asking -------------------------------------------------------------------------

def request_translation(item: ContentItem, by: Any, *, office: Tenant, target_locale: str,
                        due_on: date | None, note: str = "",
                        offices: list[Tenant] | None = None) -> TranslationRequest:
    """Ask ``office`` to translate ``item``; its translated fields travel with it.
    ``offices``: the province's offices when the caller already looked them up."""
    errors: dict[str, str] = {}
    if not can(by, "translation.request"):
        raise TranslationNotAllowed(_("Your role on this site does not allow asking for "
                                      "translations."))
    if item.status not in TRANSLATABLE_SOURCE_STATES:
        raise TranslationNotAllowed(_("Only approved or published items can be sent for "
                                      "translation."), kind="state")
    if item.translation_of_id is not None:
        raise TranslationNotAllowed(_("This item is itself a translation."), kind="state")
    if target_locale not in SUPPORTED_LOCALES or target_locale == item.locale:
        errors["target_locale"] = _("Choose one of the listed values.")
    if offices is None:
        offices = translation_offices(db.session.get(Tenant, item.tenant_id))
    if office.id not in {o.id for o in offices}:
        errors["office"] = _("Choose one of the listed values.")
    if due_on is not None and due_on < local_today():
        errors["due_on"] = _("Choose a date that is not in the past.")
    note = unicodedata.normalize("NFC", (note or "").strip())
    if len(note) > MAX_NOTE:
        errors["note"] = _("Write at most %(count)s characters.", count=MAX_NOTE)
    if errors:
        raise ContentValidationError(errors)
    if live_request(item, target_locale) is not None:
        raise TranslationNotAllowed(_("A translation of this item into this language has "
                                      "already been requested."), kind="state")
    now = utcnow()
    req = TranslationRequest(
        tenant_id=item.tenant_id, partner_tenant_id=office.id, source_item_id=item.id,
        source_type=item.type, source_locale=item.locale, target_locale=target_locale,
        state=S.REQUESTED, source_revision=item.revision, source=source_text(item),
        translation={}, due_on=due_on, note=note, requested_by_id=by.id,
        created_at=now, updated_at=now)
    existing = _existing_translation(item, target_locale)
    if existing is not None:  # made by hand before: the request updates it
        req.translation_item_id = existing.id
    db.session.add(req)
    db.session.flush()
    _event(req, "request", S.REQUESTED, S.REQUESTED, by, note, now)
    record("translation.request", actor=by, obj=req, object_type="TranslationRequest",
           item=item.id, office=office.id, locale=target_locale)
    db.session.flush()
    notify.requested(req, office)
    return req


def live_request(item: ContentItem, locale: str) -> TranslationRequest | None:
    return db.session.scalar(select(TranslationRequest).where(
        TranslationRequest.source_item_id == item.id,
        TranslationRequest.target_locale == locale,
        TranslationRequest.state != S.CANCELLED))


def _existing_translation(item: ContentItem, locale: str) -> ContentItem | None:
    return db.session.scalar(select(ContentItem).where(
        ContentItem.translation_of_id == item.id, ContentItem.locale == locale).limit(1))


# --- the translator's work ----------------------------------------------------------

def save_draft(req: TranslationRequest, values: Mapping[str, str], by: Any, *,
               version: int, source_revision: int, action: str = "save") -> bool:
    """Keep the translator's text. Returns False when the source changed while they
    were writing (their text is kept; the page then shows what changed)."""
    if not may_work(req, by):
        raise TranslationNotAllowed(_("Your role does not allow this step of the "
                                      "translation."))
    cleaned = clean_translation(req, values)
    now = utcnow()
    old_state = req.state
    _claim(req, version)
    req.translation = {**(req.translation or {}), **cleaned}
    current = source_revision == req.source_revision
    if current:
        req.translated_revision = req.source_revision
        req.translated_source = dict(req.source)
    if req.state is not S.IN_PROGRESS:
        req.state = S.IN_PROGRESS
    if req.assignee_id is None:
        req.assignee_id = by.id
    req.updated_at = now
    _event(req, action, old_state, req.state, by, "", now)
    record(f"translation.{action}", actor=by, obj=req, object_type="TranslationRequest")
    db.session.flush()
    return current


def clean_translation(req: TranslationRequest, values: Mapping[str, str]) -> dict[str, str]:
    """NFC text for the translated fields; rich text sanitised like any content."""
    allowed = {spec.name: spec for spec in translated_fields(req.source_type)}
    cleaned: dict[str, str] = {}
    errors: dict[str, str] = {}
    for name, value in values.items():
        spec = allowed.get(name)
        if spec is None:
            errors[name] = _("This field is not translated.")
            continue
        cleaner = {"html": clean_html, "line": clean_line}.get(spec.kind, clean_text)
        text = cleaner(str(value or ""))
        if spec.max_length and len(text) > spec.max_length:
            errors[name] = _("Write at most %(count)s characters.", count=spec.max_length)
        cleaned[name] = text
    if errors:
        raise ContentValidationError(errors)
    return cleaned


# --- steps --------------------------------------------------------------------------

def take_step(req: TranslationRequest, action: str, by: Any, *, version: int,
              comment: str = "") -> TranslationEvent:
    refusal = step_refusal(req, action, by)
    if refusal is not None:
        raise refusal
    step = STEPS[action]
    comment = unicodedata.normalize("NFC", (comment or "").strip())
    if step.needs_comment and not comment:
        raise TransitionInputError("comment", _("Write the reason."))
    if action == "submit":
        missing = [str(spec.label) for spec in translated_fields(req.source_type)
                   if req.source.get(spec.name) and not req.translation.get(spec.name)]
        if missing:
            raise TransitionInputError("translation", _(
                "Translate every field before submitting: %(fields)s.",
                fields=", ".join(missing)))
        if req.is_outdated or req.translated_revision is None:
            raise TransitionInputError("translation", _(
                "The original changed since your translation was saved. Review the "
                "changes, update the translation and save it first."))
    if action == "approve" and (req.is_outdated or req.translated_revision is None):
        raise TranslationNotAllowed(_("The original changed after this translation was "
                                      "made. Return it to the translator."), kind="state")
    now = utcnow()
    old_state = req.state
    _claim(req, version)
    req.state = step.to_state
    req.updated_at = now
    if action == "start" and req.assignee_id is None:
        req.assignee_id = by.id
    if action == "submit":
        req.submitted_at = now
    event = _event(req, action, old_state, step.to_state, by, comment, now)
    record(f"translation.{action}", actor=by, obj=req, object_type="TranslationRequest",
           **{"from": old_state.value, "to": step.to_state.value, "comment": comment})
    db.session.flush()
    if action == "approve":
        publish_if_ready(req, by)
    notify.stepped(req, action, comment)
    return event


def _claim(req: TranslationRequest, version: int) -> None:
    """Of two saves or steps made from the same version, exactly one wins."""
    claimed = db.session.execute(
        update(TranslationRequest).where(TranslationRequest.id == req.id,
                                         TranslationRequest.version == int(version))
        .values(version=TranslationRequest.version + 1)
        .execution_options(synchronize_session=False)).rowcount
    if claimed != 1:
        db.session.refresh(req)
        raise TranslationNotAllowed(_("Someone else changed this request meanwhile. "
                                      "Reload the page and try again."), kind="state")
    db.session.refresh(req, ["version"])


def _event(req: TranslationRequest, action: str, old: S, new: S, by: Any, comment: str,
           now: Any) -> TranslationEvent:
    event = TranslationEvent(request_id=req.id, action=action, from_state=old.value,
                             to_state=new.value, actor_id=getattr(by, "id", None),
                             comment=comment, ip=client_ip(), created_at=now,
                             tenant_id=req.tenant_id, partner_tenant_id=req.partner_tenant_id)
    db.session.add(event)
    return event


# --- publishing ---------------------------------------------------------------------

def publish_if_ready(req: TranslationRequest, by: Any) -> bool:
    """Publish an approved translation once its source is published (as the site)."""
    if req.state is not S.APPROVED or by is None:
        return False
    with tenant_scope(req.tenant_id):
        source = db.session.get(ContentItem, req.source_item_id)
        if source is None or source.status is not ContentStatus.PUBLISHED:
            return False
        now = utcnow()
        item = _write_translation(req, source, by)
        try:
            workflow.publish_translation(item, by, now)
        except TranslationNotAllowed as refused:
            # The site took this translation down: the approved text waits for the
            # site's own decision instead of failing the step that triggered it.
            _event(req, "publish_refused", S.APPROVED, S.APPROVED, by, refused.reason, now)
            return False
        req.translation_item_id = item.id
        req.state = S.PUBLISHED
        req.published_at = now
        req.outdated_since = None
        _event(req, "publish", S.APPROVED, S.PUBLISHED, by, "", now)
        db.session.flush()
    return True


def _write_translation(req: TranslationRequest, source: ContentItem, by: Any) -> ContentItem:
    carried = carried_values(snapshot(source), source.type)
    data: dict[str, Any] = {**carried, **req.translation, "locale": req.target_locale}
    data["category_id"] = _category_in(req.target_locale, source.category)
    item = (db.session.get(ContentItem, req.translation_item_id)
            if req.translation_item_id else None)
    if item is not None and item.locale != req.target_locale:
        item = None
    if item is None:
        data["attachments"] = [[link.attachment_id, link.role] for link in source.attachments]
        return workflow.create_translation(source, data, by,
                                           translated_revision=req.translated_revision or 0)
    return workflow.update_translation(item, data, by,
                                       translated_revision=req.translated_revision or 0)


def _category_in(locale: str, category: Category | None) -> str | None:
    """The category of the same address in the translation's language, if the site has
    one (categories are per language)."""
    if category is None:
        return None
    match = db.session.scalar(select(Category.id).where(
        Category.locale == locale, Category.slug == category.slug))
    return str(match) if match is not None else None


def open_requests_for(item: ContentItem) -> list[TranslationRequest]:
    return list(db.session.scalars(select(TranslationRequest).where(
        TranslationRequest.source_item_id == item.id,
        TranslationRequest.state.in_(OPEN_STATES | {S.PUBLISHED}))))

