"""The staff's list of the comments left with ratings (``/quan-tri/danh-gia``).

Comments are never public. Staff (permission ``ratings.moderate``) read them, mark them
read, or hide what is abusive or beside the point; hidden comments leave the default
list and stay only under their own tab. Load -> check -> act; nothing here commits.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from hub.accounts.permissions import permission_required
from hub.core.http import fail
from hub.extensions import db
from hub.ratings.models import ASPECTS, CommentState, Rating
from hub.ratings.operations import SHORT_LABELS, set_comment_state

LIST_SIZE = 200
TABS = {"": _l("To read"), "read": _l("Read"), "hidden": _l("Hidden")}
STATE_LABELS = {CommentState.NEW: _l("New"), CommentState.READ: _l("Read"),
                CommentState.HIDDEN: _l("Hidden")}


@permission_required("ratings.moderate")
def comments():  # type: ignore[no-untyped-def]
    tab = request.args.get("state", "")
    if tab not in TABS:
        fail(400, _("There is no such list of comments."))
    states = {"": (CommentState.NEW,), "read": (CommentState.READ,),
              "hidden": (CommentState.HIDDEN,)}[tab]
    rows = db.session.scalars(
        select(Rating).where(Rating.comment.is_not(None), Rating.comment_state.in_(states))
        .order_by(Rating.rated_on.desc(), Rating.id.desc()).limit(LIST_SIZE)).all()
    return render_template("ratings/staff/comments.html", ratings=rows, tab=tab, tabs=TABS,
                           aspects=ASPECTS, short_labels=SHORT_LABELS,
                           state_labels=STATE_LABELS, list_size=LIST_SIZE)


@permission_required("ratings.moderate")
def moderate(rating_id: int, state: str):  # type: ignore[no-untyped-def]
    rating = db.get_or_404(Rating, rating_id)  # another site's: not found
    try:
        target = CommentState(state)
    except ValueError:
        fail(400, _("A comment can be marked new, read or hidden, nothing else."))
    if rating.comment is None:
        fail(400, _("This rating has no comment."))
    set_comment_state(rating, target, actor=current_user._get_current_object())
    flash(_("The comment is marked: %(state)s.", state=STATE_LABELS[target]), "success")
    back = request.form.get("tab", "")
    return redirect(url_for("rating_admin.comments", **({"state": back} if back in TABS
                                                         and back else {})), 303)
