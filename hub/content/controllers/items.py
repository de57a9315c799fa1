"""Handlers of the staff content screens: the list, creating, viewing and editing an
item, and its workflow steps.

Thin, in one rhythm: load (another site's id is simply not found: 404) -> check access
on the server -> act through ``hub.content.operations`` -> answer. Nothing here
commits; a refused form answers 4xx and the request's writes are rolled back.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from hub.accounts.permissions import can, permission_required
from hub.content import labels, operations, queries
from hub.content.deadlines import RULE_LABELS, STATE_LABELS, deadline_state
from hub.content.display import item_details
from hub.content.errors import EditConflict
from hub.content.forms import (
    FORMS,
    AttachForm,
    ContentFilterForm,
    ContentForm,
    LegalDocumentForm,
    TransitionForm,
    local_to_aware,
)
from hub.content.models import ContentItem, ContentType, WorkflowEvent
from hub.core.http import fail
from hub.directory.models import Category
from hub.extensions import db
from hub.files.operations import UploadRejected, store_upload
from hub.images.operations import set_focal_point
from hub.workflow import access
from hub.workflow.errors import ContentValidationError, NotAllowed, TransitionInputError
from hub.workflow.states import STATUS_LABELS, TRANSITIONS, ContentStatus
from tenants.context import current_site


def acting_user() -> Any:
    return current_user._get_current_object()


def sees_every_item(user: Any) -> bool:
    """Editors and approvers see the whole site; contributors their own items."""
    return can(user, "content.edit_any") or can(user, "content.approve")


def load_item(item_id: int) -> ContentItem:
    """The item of this site (another site's id: 404), if the user may see it."""
    item = db.get_or_404(ContentItem, item_id)
    if not access.can_view(item, acting_user()):
        fail(403, _("You may only see the items you wrote yourself."))
    return item


def template_globals() -> dict[str, Any]:
    return {"type_labels": labels.TYPE_LABELS, "type_slugs": labels.TYPE_SLUGS,
            "status_labels": STATUS_LABELS, "deadline_labels": STATE_LABELS,
            "transitions": TRANSITIONS}


# --- the list ---------------------------------------------------------------------------

def _filter_choices(form: ContentFilterForm) -> None:
    categories = db.session.scalars(select(Category).order_by(Category.name)).all()
    form.category.choices = [SelectChoice(None, _("All categories"))] + [
        SelectChoice(c.id, c.name) for c in categories]
    if sees_every_item(acting_user()):
        form.author.choices = [SelectChoice(None, _("All authors"))] + [
            SelectChoice(u.id, u.display_name) for u in queries.site_authors()]
    else:
        form.author.choices = [SelectChoice(None, _("Only my items"))]


@permission_required("content.view")
def content_list():  # type: ignore[no-untyped-def]
    form = ContentFilterForm(request.args)
    _filter_choices(form)
    if not form.validate():
        return render_template("admin/content/list.html", form=form, page=None,
                               **template_globals()), 400
    user = acting_user()
    filters = queries.ContentFilters(
        q=(form.q.data or "").strip(),
        type=ContentType(form.type.data) if form.type.data else None,
        status=ContentStatus(form.status.data) if form.status.data else None,
        category_id=form.category.data,
        author_id=form.author.data if sees_every_item(user) else user.id,
        due=form.due.data or None, page=form.page.data or 1)
    page = queries.list_content(filters)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("admin/content/list.html", form=form, page=page, args=args,
                           **template_globals())


@permission_required("content.create")
def choose_type():  # type: ignore[no-untyped-def]
    return render_template("admin/content/choose_type.html", **template_globals())


# --- create, view, edit --------------------------------------------------------------------

def _form_page(form: ContentForm, content_type: ContentType, *, item: ContentItem | None,
               status: int = 200, error: str | None = None, **extra: Any):  # type: ignore[no-untyped-def]
    return render_template("admin/content/edit.html", form=form, content_type=content_type,
                           item=item, error=error, **extra, **template_globals()), status


def _service_data(form: ContentForm, user: Any) -> dict[str, Any]:
    """The form's data for the workflow, with a lead image uploaded in it stored first
    (its description is the one typed for it); a refused image is the field's error."""
    data = form.service_data()
    upload = getattr(form, "lead_image_upload", None)
    if upload is None:
        return data
    try:
        image = store_upload(upload, alt_text=data.get("lead_image_alt") or "", by=user,
                             images_only=True)
    except UploadRejected as exc:
        field = "lead_image_alt" if not data.get("lead_image_alt") else "lead_image_file"
        raise ContentValidationError({field: exc.reason}) from exc
    return {**data, "lead_image_id": image.id}


def _keep_focal_point(item: ContentItem, form: ContentForm, user: Any) -> None:
    focal_x, focal_y = getattr(form, "focal_x", None), getattr(form, "focal_y", None)
    if (item.lead_image is not None and focal_x is not None and focal_y is not None
            and focal_x.data is not None and focal_y.data is not None):
        set_focal_point(item.lead_image, focal_x.data, focal_y.data, by=user)


def _placed_errors(form: ContentForm, exc: ContentValidationError) -> str | None:
    unplaced = form.add_service_errors(exc.errors)
    return " ".join(unplaced) or _("Please correct the fields marked below.")


@permission_required("content.create")
def create_item(type_slug: str):  # type: ignore[no-untyped-def]
    content_type = labels.TYPES_BY_SLUG.get(type_slug)
    if content_type is None:
        abort(404)
    form = FORMS[content_type]().prepare()
    if request.method == "GET":
        form.locale.data = current_site().locale  # english.langson.gov.vn writes English items
        return _form_page(form, content_type, item=None)
    if not form.validate_on_submit():
        return _form_page(form, content_type, item=None, status=400)
    try:
        item = operations.create_item(content_type, _service_data(form, acting_user()),
                                      by=acting_user())
        _keep_focal_point(item, form, acting_user())
    except ContentValidationError as exc:
        return _form_page(form, content_type, item=None, status=422,
                          error=_placed_errors(form, exc))
    except NotAllowed as exc:
        fail(exc.http_status, exc.reason)
    flash(_("The draft “%(title)s” has been saved.", title=item.title), "success")
    return redirect(url_for("content.item", item_id=item.id))


def render_item(item: ContentItem, *, status: int = 200, error: str | None = None,
                transition_form: TransitionForm | None = None,
                attach_form: AttachForm | None = None):  # type: ignore[no-untyped-def]
    user = acting_user()
    events = db.session.scalars(
        select(WorkflowEvent).where(WorkflowEvent.item_id == item.id)
        .order_by(WorkflowEvent.created_at, WorkflowEvent.id)).all()
    return render_template(
        "admin/content/item.html", item=item, details=item_details(item), events=events,
        actions=access.available_actions(item, user),
        can_edit=access.can_edit(item, user),
        may_attach=access.can_edit(item, user) and can(user, "attachments.upload"),
        transition_form=transition_form or TransitionForm(formdata=None),
        attach_form=attach_form or AttachForm(formdata=None),
        deadline_state=deadline_state(item), rule_labels=RULE_LABELS,
        role_labels=labels.ATTACHMENT_ROLE_LABELS, error=error,
        **template_globals()), status


@permission_required("content.view")
def item(item_id: int):  # type: ignore[no-untyped-def]
    return render_item(load_item(item_id))


@permission_required("content.view")
def edit_item(item_id: int):  # type: ignore[no-untyped-def]
    item = load_item(item_id)
    user = acting_user()
    refusal = access.edit_refusal(item, user)
    if refusal is not None:
        fail(refusal.http_status, refusal.reason)
    form_class = FORMS[item.type]
    if request.method == "GET":
        form = form_class(obj=item).prepare(item)
        if isinstance(form, LegalDocumentForm):
            form.fill_relations(item)  # type: ignore[arg-type]
        del form.locale  # an item keeps its language; a translation is a new item
        return _form_page(form, item.type, item=item, base_revision=item.revision)
    form = form_class().prepare(item)
    del form.locale
    if not form.validate_on_submit() or form.revision.data is None:
        return _form_page(form, item.type, item=item, status=400,
                          base_revision=form.revision.data or item.revision)
    try:
        operations.save_item(item, _service_data(form, user), by=user,
                             expected_revision=form.revision.data)
        _keep_focal_point(item, form, user)
    except EditConflict as exc:
        # Nothing was saved. Show what others changed since this user's starting
        # revision, with their own text kept in the form, now based on the current one.
        return _form_page(form, item.type, item=item, status=409, conflict=exc.changes(),
                          base_revision=item.revision,
                          started_from=form.revision.data)
    except ContentValidationError as exc:
        return _form_page(form, item.type, item=item, status=422,
                          error=_placed_errors(form, exc), base_revision=form.revision.data)
    except NotAllowed as exc:
        fail(exc.http_status, exc.reason)
    flash(_("Your changes have been saved as revision %(number)s.", number=item.revision),
          "success")
    return redirect(url_for("content.item", item_id=item.id))


# --- workflow steps ------------------------------------------------------------------------

@permission_required("content.view")
def change_status(item_id: int):  # type: ignore[no-untyped-def]
    item = load_item(item_id)
    form = TransitionForm()
    if not form.validate_on_submit():
        return render_item(item, status=400, transition_form=form, error=(
            _("Please choose one of the offered steps.") if form.action.errors
            else _("Please correct the fields marked below.")))
    action = form.action.data
    expected = request.form.get("revision", type=int)
    try:
        operations.transition(item, action, acting_user(), comment=form.comment.data or "",
                              scheduled_at=local_to_aware(form.scheduled_at.data),
                              expected_revision=expected)
    except TransitionInputError as exc:
        field = form._fields.get(next(iter(exc.errors)))
        if field is not None:
            field.errors = [*field.errors, exc.reason]  # type: ignore[list-item]
        return render_item(item, status=422, transition_form=form, error=exc.reason)
    except NotAllowed as exc:
        return render_item(item, status=exc.http_status, transition_form=form,
                           error=exc.reason)
    flash(_("Done: %(step)s. The item is now “%(status)s”.",
            step=TRANSITIONS[action].label, status=STATUS_LABELS[item.status]), "success")
    return redirect(url_for("content.item", item_id=item.id))
