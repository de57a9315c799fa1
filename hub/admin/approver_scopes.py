"""Which categories each approver of the site approves (/quan-tri/pham-vi-duyet).

004 Article 14 splits approval by subject between the board's head and deputy. The
workflow enforces the split (``hub.workflow.access.within_approver_scope``): an approver
with categories approves, schedules, returns and republishes only items of those
categories or their sub-categories; an approver with none approves every category.
Holders of ``approver_scopes.manage`` (the site's admins, the province office) are not
limited. Saving replaces an approver's whole set and writes one audit entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from hub.accounts.models import Membership, SiteRole, User
from hub.accounts.permissions import permission_required
from hub.admin.forms import ApproverScopeForm
from hub.audit.operations import record
from hub.core.http import fail
from hub.directory.models import Category
from hub.directory.operations import category_tree
from hub.extensions import db
from hub.intake.errors import FieldErrors
from hub.workflow.models import ApproverScope


class ScopeError(FieldErrors):
    """Categories that cannot be assigned (not this site's)."""


def site_approvers() -> list[User]:
    """The site's approvers (through the tenant-scoped memberships), by name."""
    return list(db.session.scalars(
        select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.role == SiteRole.APPROVER)
        .order_by(User.display_name, User.email).distinct()))


def scopes_by_user() -> dict[int, set[int]]:
    scopes: dict[int, set[int]] = {}
    for user_id, category_id in db.session.execute(
            select(ApproverScope.user_id, ApproverScope.category_id)):
        scopes.setdefault(user_id, set()).add(category_id)
    return scopes


def set_scope(approver: User, category_ids: Iterable[int], *, by: Any) -> set[int]:
    """Make ``category_ids`` the approver's whole scope on this site (flushes)."""
    wanted = set(category_ids)
    known = set(db.session.scalars(select(Category.id).where(Category.id.in_(wanted)))) \
        if wanted else set()
    if wanted - known:
        raise ScopeError({"categories": _("Some of the categories chosen are not this "
                                          "site's. Please reload the page and choose "
                                          "again.")})
    rows = db.session.scalars(select(ApproverScope)
                              .where(ApproverScope.user_id == approver.id)).all()
    before = {row.category_id for row in rows}
    # Only the difference: a row deleted and added again would meet the unique index.
    for row in rows:
        if row.category_id not in wanted:
            db.session.delete(row)
    for category_id in sorted(wanted - before):
        db.session.add(ApproverScope(user_id=approver.id, category_id=category_id))
    db.session.flush()
    if wanted != before:
        record("approver_scope.changed", actor=by, obj=approver, object_type="User",
               added=sorted(wanted - before), removed=sorted(before - wanted))
    return wanted


# --- the screen -----------------------------------------------------------------------

def _page(error: str | None = None, status: int = 200,
          failed: tuple[int, ApproverScopeForm] | None = None):  # type: ignore[no-untyped-def]
    tree = category_tree()
    scopes = scopes_by_user()
    rows = []
    for approver in site_approvers():
        if failed is not None and failed[0] == approver.id:
            form = failed[1]
        else:
            form = ApproverScopeForm(formdata=None)
            form.categories.data = sorted(scopes.get(approver.id, set()))
        form.categories.choices = [(category.id, category.name) for category, _depth in tree]
        scoped = scopes.get(approver.id, set())
        rows.append({"user": approver, "form": form, "scoped": scoped,
                     "scoped_names": [category.name for category, _depth in tree
                                      if category.id in scoped]})
    return render_template("admin/approver_scopes.html", rows=rows, tree=tree,
                           error=error), status


@permission_required("approver_scopes.manage")
def approver_scopes():  # type: ignore[no-untyped-def]
    return _page()


@permission_required("approver_scopes.manage")
def save_approver_scope(user_id: int):  # type: ignore[no-untyped-def]
    approver = next((user for user in site_approvers() if user.id == user_id), None)
    if approver is None:  # not an approver of this site (or another site's account)
        fail(404, _("This person is not an approver of this site."))
    form = ApproverScopeForm()
    form.categories.choices = [(category.id, category.name)
                               for category, _depth in category_tree()]
    if not form.validate_on_submit():
        return _page(_("The categories could not be read. Please choose again."), 400,
                     failed=(approver.id, form))
    try:
        chosen = set_scope(approver, form.categories.data or [],
                           by=current_user._get_current_object())
    except ScopeError as invalid:
        form.categories.errors = list(invalid.errors.values())
        return _page(next(iter(invalid.errors.values())), 422, failed=(approver.id, form))
    if chosen:
        flash(_("%(name)s now approves the categories chosen only.",
                name=approver.display_name), "success")
    else:
        flash(_("%(name)s now approves every category.", name=approver.display_name),
              "success")
    return redirect(url_for("admin.approver_scopes"))
