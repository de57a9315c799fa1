"""The staff area's front page: what waits for this user on this site."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from hub.accounts.permissions import can, permission_required
from hub.content import queries
from hub.content.controllers.items import acting_user, template_globals
from hub.core.clock import utcnow
from hub.questions import queries as question_queries
from hub.questions.figures import due_soon_and_overdue
from hub.translation import queries as translation_queries
from tenants.context import current_tenant_id


@permission_required("admin.access")
def dashboard():  # type: ignore[no-untyped-def]
    board = queries.dashboard(acting_user()) if can(current_user, "content.view") else None
    translations = (translation_queries.board() if can(current_user, "translation.view")
                    else None)
    return render_template("admin/dashboard.html", board=board, translations=translations,
                           questions=_questions_board(), **template_globals(),
                           **question_queries.labels())


def _questions_board() -> dict[str, object] | None:
    """The site's open questions due soon and overdue, for those who see the queue."""
    if not can(current_user, "questions.view"):
        return None
    now = utcnow()
    soon, overdue = due_soon_and_overdue(current_tenant_id(), now=now)
    return {"soon": soon, "overdue": overdue,
            "marks": question_queries.deadline_marks([*soon, *overdue], now),
            "sites": question_queries.site_names({q.origin_tenant_id
                                                  for q in [*soon, *overdue]})}
