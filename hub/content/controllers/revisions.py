"""Handlers of an item's revisions: the list, the comparison of any two, and restoring
an old one (as a new revision: history is never rewritten).

Load -> check access -> act, like every staff handler; the workflow's
``restore_revision`` checks the permission again and refuses a stale restore.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from hub.accounts.permissions import permission_required
from hub.content import operations
from hub.content.controllers.items import acting_user, load_item, template_globals
from hub.content.errors import EditConflict
from hub.content.forms import RestoreForm
from hub.content.models import ContentItem
from hub.content.revisions import RevisionNotFound, compare, history, revision_note_label
from hub.core.http import fail
from hub.workflow.errors import ContentValidationError, NotAllowed


def _revisions_page(item: ContentItem, *, status: int = 200, error: str | None = None,
                    conflict: list | None = None):  # type: ignore[no-untyped-def, type-arg]
    return render_template("admin/content/revisions.html", item=item,
                           revisions=history(item), note_label=revision_note_label,
                           restore_form=RestoreForm(formdata=None), error=error,
                           conflict=conflict, **template_globals()), status


@permission_required("content.view")
def revisions(item_id: int):  # type: ignore[no-untyped-def]
    return _revisions_page(load_item(item_id))


def _revision_number(name: str) -> int:
    raw = request.args.get(name, "")
    try:
        number = int(raw)
    except ValueError:
        fail(400, _("Choose two revisions to compare (whole numbers)."))
    if number < 1:
        fail(400, _("Revision numbers start at 1."))
    return number


@permission_required("content.view")
def compare_revisions(item_id: int):  # type: ignore[no-untyped-def]
    item = load_item(item_id)
    a, b = _revision_number("a"), _revision_number("b")
    try:
        changes = compare(item, a, b)
    except RevisionNotFound as exc:
        fail(404, _("This item has no revision %(number)s.", number=exc.number))
    return render_template("admin/content/compare.html", item=item, a=a, b=b,
                           changes=changes, **template_globals())


@permission_required("content.restore_revision")
def restore_revision(item_id: int, number: int):  # type: ignore[no-untyped-def]
    item = load_item(item_id)
    form = RestoreForm()
    if not form.validate_on_submit():
        return _revisions_page(item, status=400, error=_(
            "The form was incomplete. Please reload the page and try again."))
    try:
        operations.restore_revision(item, number, acting_user(),
                                    expected_revision=form.revision.data)
    except RevisionNotFound as exc:
        fail(404, _("This item has no revision %(number)s.", number=exc.number))
    except EditConflict as exc:
        return _revisions_page(item, status=409, conflict=exc.changes(), error=_(
            "The item was changed after you opened this page: nothing was restored. "
            "The changes are shown below; restore again if you still want to."))
    except ContentValidationError as exc:
        return _revisions_page(item, status=422, error=" ".join(exc.errors.values()))
    except NotAllowed as exc:
        fail(exc.http_status, exc.reason)
    flash(_("Revision %(old)s has been restored as revision %(new)s.", old=number,
            new=item.revision), "success")
    return redirect(url_for("content.item", item_id=item.id))
