"""Handlers of the report pages: load the filters -> check access -> read -> answer.

Every figure is read for this host's site (``current_tenant_id()``) through the report
services, which the province office's console will call for each site in turn.
"""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from hub.accounts.permissions import can, permission_required
from hub.audit.operations import record
from hub.consultations.figures import figures as consultation_figures
from hub.content.deadlines import RULE_LABELS, rules_for
from hub.content.labels import TYPE_LABELS
from hub.core.http import fail
from hub.problems.figures import figures as problem_figures
from hub.questions.figures import figures as question_figures
from hub.ratings.chart import chart as rating_chart
from hub.ratings.figures import figures as rating_figures
from hub.ratings.operations import MARK_LABELS, SHORT_LABELS
from hub.reports.deadlines import (
    QUOTA_STATUS_LABELS,
    REPORT_STATE_LABELS,
    REPORT_STATES,
    deadline_report,
    quota_table,
)
from hub.reports.exports import royalties_csv as render_csv
from hub.reports.forms import read_month, read_period
from hub.reports.royalties import by_author, royalty_rows
from hub.workflow.states import STATUS_LABELS
from tenants.context import current_tenant_id

QUOTA_MONTHS = 6


@permission_required("reports.view")
def index():  # type: ignore[no-untyped-def]
    month = read_month(request.args)
    tenant_id = current_tenant_id()
    report = deadline_report(tenant_id, month.month, month.last)
    rules = rules_for(tenant_id)
    ratings = rating_figures(tenant_id, month.month, month.last)
    return render_template(
        "reports/index.html", month=month, report=report, report_states=REPORT_STATES,
        state_labels=REPORT_STATE_LABELS, quotas=quota_table(tenant_id, QUOTA_MONTHS),
        quota_labels=QUOTA_STATUS_LABELS,
        rules=[rules[key] for key in RULE_LABELS if key in rules],
        rule_labels=RULE_LABELS, type_labels=TYPE_LABELS,
        may_see_royalties=can(current_user, "royalties.view"),
        questions=question_figures(tenant_id, month.month, month.last),
        ratings=ratings, rating_chart=rating_chart(ratings), aspect_labels=SHORT_LABELS,
        mark_labels=MARK_LABELS, may_moderate=can(current_user, "ratings.moderate"),
        problems=problem_figures(tenant_id, month.month, month.last),
        consultations=consultation_figures(tenant_id, month.month, month.last),
    ), 400 if month.errors else 200


@permission_required("royalties.view")
def royalties():  # type: ignore[no-untyped-def]
    period = read_period(request.args)
    rows = [] if period.errors else royalty_rows(current_tenant_id(), period.first, period.last)
    return render_template(
        "reports/royalties.html", period=period, authors=by_author(rows), total=len(rows),
        type_labels=TYPE_LABELS, status_labels=STATUS_LABELS,
    ), 400 if period.errors else 200


@permission_required("royalties.view")
def royalties_csv():  # type: ignore[no-untyped-def]
    period = read_period(request.args)
    if period.errors:
        fail(400, " ".join(period.errors.values()))
    rows = royalty_rows(current_tenant_id(), period.first, period.last)
    # Names and emails leave the portal in this file: who took it, and when, is kept.
    record("royalties.exported", actor=current_user._get_current_object(),
           first=period.first.isoformat(), last=period.last.isoformat(), rows=len(rows))
    filename = f"nhuan-but_{period.first.isoformat()}_{period.last.isoformat()}.csv"
    return render_csv(rows), 200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="{filename}"',
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store",
    }
