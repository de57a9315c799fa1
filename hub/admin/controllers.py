"""The staff area's front page: what waits for this user on this site."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from hub.accounts.permissions import can, permission_required
from hub.content import queries
from hub.content.controllers.items import acting_user, template_globals
from hub.translation import queries as translation_queries


@permission_required("admin.access")
def dashboard():  # type: ignore[no-untyped-def]
    board = queries.dashboard(acting_user()) if can(current_user, "content.view") else None
    translations = (translation_queries.board() if can(current_user, "translation.view")
                    else None)
    return render_template("admin/dashboard.html", board=board, translations=translations,
                           **template_globals())
