"""Handlers that take files: attaching a document, image or form to an item, and the
bulk import of administrative procedures.

An attachment is stored by ``hub.files.operations.store_upload`` (type sniffed from the
bytes, size limit, alt text for images) and linked to the item through the workflow's
``save_item``, so the item's file list is part of its revisions like any field.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from hub.accounts.permissions import permission_required
from hub.content import operations, procedure_import
from hub.content.controllers.items import acting_user, load_item, render_item, template_globals
from hub.content.errors import EditConflict
from hub.content.forms import AttachForm, ProcedureImportForm
from hub.content.models import ContentItem
from hub.content.procedure_import import MAX_IMPORT_BYTES, ImportRejected
from hub.core.http import fail
from hub.files.operations import UploadRejected, store_upload
from hub.workflow import access
from hub.workflow.errors import ContentValidationError, NotAllowed


def _links(item: ContentItem) -> list[tuple[int, str]]:
    return [(link.attachment_id, link.role)
            for link in sorted(item.attachments, key=lambda link: link.position)]


def _save_links(item: ContentItem, links: list[tuple[int, str]]):  # type: ignore[no-untyped-def]
    """Save the new file list; an error answers with the item's page (and a rollback)."""
    try:
        # The list is computed from the item as it is now, so the current revision is
        # the right base: adding a file never undoes someone else's edit.
        operations.save_item(item, {"attachments": links}, acting_user(),
                             expected_revision=item.revision)
    except ContentValidationError as exc:
        return render_item(item, status=422, error=" ".join(exc.errors.values()))
    except EditConflict:
        return render_item(item, status=409, error=_(
            "The item was changed at the same moment. Please try again."))
    except NotAllowed as exc:
        fail(exc.http_status, exc.reason)
    return None


@permission_required("attachments.upload")
def attach_file(item_id: int):  # type: ignore[no-untyped-def]
    item = load_item(item_id)
    refusal = access.edit_refusal(item, acting_user())
    if refusal is not None:
        fail(refusal.http_status, refusal.reason)
    form = AttachForm()
    if not form.validate_on_submit():
        return render_item(item, status=400, attach_form=form,
                           error=_("Please choose a file to attach."))
    try:
        attachment = store_upload(form.file.data, alt_text=form.alt_text.data or "",
                                  by=acting_user(), images_only=form.role.data == "image")
    except UploadRejected as exc:
        form.file.errors = [*form.file.errors, exc.reason]  # type: ignore[list-item]
        return render_item(item, status=exc.status, attach_form=form, error=exc.reason)
    links = [link for link in _links(item) if link[0] != attachment.id]
    refused = _save_links(item, [*links, (attachment.id, form.role.data)])
    if refused is not None:
        return refused
    flash(_("The file %(name)s has been attached.", name=attachment.filename), "success")
    return redirect(url_for("content.item", item_id=item.id) + "#files")


@permission_required("attachments.upload")
def detach_file(item_id: int, attachment_id: int):  # type: ignore[no-untyped-def]
    item = load_item(item_id)
    links = _links(item)
    if attachment_id not in {a for a, _role in links}:
        fail(404, _("This file is not attached to the item."))
    refused = _save_links(item, [link for link in links if link[0] != attachment_id])
    if refused is not None:
        return refused
    flash(_("The file has been removed from the item; earlier revisions keep it."),
          "success")
    return redirect(url_for("content.item", item_id=item.id) + "#files")


# --- procedures from the National Public Service Portal ---------------------------------

def _import_page(form: ProcedureImportForm, *, status: int = 200,  # type: ignore[no-untyped-def]
                 problems: list[procedure_import.ImportProblem] | None = None):
    return render_template("admin/content/import.html", form=form, problems=problems,
                           max_megabytes=MAX_IMPORT_BYTES // (1024 * 1024),
                           columns=list(procedure_import.COLUMNS),
                           **template_globals()), status


@permission_required("procedures.import")
def import_procedures():  # type: ignore[no-untyped-def]
    form = ProcedureImportForm()
    if request.method == "GET":
        return _import_page(form)
    if not form.validate_on_submit():
        return _import_page(form, status=400)
    upload = form.file.data
    raw = upload.stream.read(MAX_IMPORT_BYTES + 1)
    try:
        result = procedure_import.import_procedures(raw, upload.filename or "",
                                                    acting_user())
    except ImportRejected as exc:
        # 422 rolls back whatever rows were already written: all or nothing.
        return _import_page(form, status=422, problems=exc.problems)
    except NotAllowed as exc:
        fail(exc.http_status, exc.reason)
    flash(_("Import finished: %(created)s procedures created, %(updated)s updated, "
            "%(unchanged)s unchanged.", created=len(result.created),
            updated=len(result.updated), unchanged=len(result.unchanged)), "success")
    return redirect(url_for("content.content_list", type="procedure"))
