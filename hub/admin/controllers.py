"""The staff area's front page: what waits for this user on this site."""

from __future__ import annotations

from flask import current_app, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from hub.accounts.office_accounts import on_province_host
from hub.accounts.permissions import can, permission_required
from hub.admin.settings import missing_facts
from hub.content import queries
from hub.content.controllers.items import acting_user, template_globals
from hub.core.clock import utcnow
from hub.extensions import db
from hub.questions import queries as question_queries
from hub.questions.figures import due_soon_and_overdue
from hub.translation import queries as translation_queries
from tenants.context import current_tenant_id
from tenants.models import Tenant


@permission_required("admin.access")
def dashboard():  # type: ignore[no-untyped-def]
    board = queries.dashboard(acting_user()) if can(current_user, "content.view") else None
    translations = (translation_queries.board() if can(current_user, "translation.view")
                    else None)
    return render_template("admin/dashboard.html", board=board, translations=translations,
                           questions=_questions_board(), readings=_readings(),
                           missing_facts=_missing_facts(),
                           **template_globals(), **question_queries.labels())


def _missing_facts() -> list[tuple[str, object]]:
    """The footer facts of Circular 22/2023 this site lacks, for those who may fill them
    in on the settings screen; nobody else is shown a notice they cannot act on."""
    if not can(current_user, "settings.manage"):
        return []
    tenant = db.session.get(Tenant, current_tenant_id())
    return missing_facts(tenant) if tenant is not None else []


# The province office's console, when the app has one (a path, not an endpoint name:
# the console is its own capability, above this one).
CONSOLE_PATH = "/quan-tri/tinh"


def _console_endpoint() -> str | None:
    for rule in current_app.url_map.iter_rules():
        if rule.rule.rstrip("/") == CONSOLE_PATH and not rule.arguments:
            return rule.endpoint
    return None


def _readings() -> list[tuple[str, str]]:
    """The registers this user may read from here (the auditor's whole dashboard):
    links only, never an action."""
    links: list[tuple[str, str]] = []
    office = on_province_host()
    console = _console_endpoint() if office else None
    if console and can(current_user, "console.view"):
        links.append((url_for(console), _("Every site's compliance (the console)")))
    if office and can(current_user, "audit.view_all"):
        links.append((url_for("accounts.office_audit_log"), _("Audit log of every site")))
    if office and can(current_user, "console.view"):
        links.append((url_for("accounts.office_accounts"), _("Accounts of every site")))
    if can(current_user, "audit.view"):
        links.append((url_for("accounts.audit_log"), _("Audit log of this site")))
    if can(current_user, "reports.view"):
        links.append((url_for("reports.index"), _("Reports of this site")))
    if office and can(current_user, "translation.coverage"):
        links.append((url_for("translation.coverage"), _("English coverage")))
    return links


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
