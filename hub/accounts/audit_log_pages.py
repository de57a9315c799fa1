"""Handlers of the audit-log readers: a site's log on its own host (its admins, the
office and the auditor), every site's log on the province host (the office and the
auditor only) and the CSV file of either.

Load -> check -> act: the province reader answers 404 on any other host before anyone's
permission is looked at, then 403 to whoever lacks ``audit.view_all`` (a site admin of
the province site included). Its reads run inside an explicit ``unscoped()`` block.
Reading records nothing; each CSV file is recorded as "audit.exported".
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from hub.accounts import audit_log
from hub.accounts.audit_log import AuditFilter
from hub.accounts.office_accounts import province_host_only
from hub.accounts.office_forms import AuditFilterForm, site_select
from hub.accounts.permissions import permission_required, require
from hub.audit.operations import record
from hub.core.clock import local_today
from hub.core.http import fail
from hub.core.periods import read_day
from hub.core.spreadsheets import csv_file
from hub.extensions import db
from tenants.context import unscoped


@contextmanager
def _office_reader() -> Iterator[None]:
    province_host_only()
    require("audit.view_all")
    with unscoped():  # every site's entries, and the hub's own (no site)
        yield


def _read_filter(form: AuditFilterForm, *, every_site: bool) -> AuditFilter:
    form.action.choices = [SelectChoice("", _("Every action"))] + [
        SelectChoice(action, audit_log.action_label(action))
        for action in audit_log.actions_present()]
    if every_site:
        form.site.choices = site_select()
    else:
        del form.site
    if not form.validate():
        return AuditFilter(errors={name: " ".join(map(str, errors))
                                   for name, errors in form.errors.items()})
    return AuditFilter(
        who=(form.who.data or "").strip(), action=form.action.data or "",
        first=read_day((form.first.data or "").strip()),
        last=read_day((form.last.data or "").strip()),
        object_type=(form.object_type.data or "").strip(),
        object_id=(form.object_id.data or "").strip(),
        site_id=form.site.data if every_site else None,
        page=form.page.data or 1)


def _args(form: AuditFilterForm) -> dict[str, Any]:
    """The filter as query arguments, for the pages' links and the CSV link."""
    return {key: value for key, value in request.args.items(multi=False)
            if key != "page" and key in {f.name for f in form} and value}


def _page(endpoint: str, csv_endpoint: str, *, every_site: bool):  # type: ignore[no-untyped-def]
    """Read the page; the caller renders it (outside any ``unscoped()`` block, so the
    staff menu's own figures stay those of this host's site)."""
    form = AuditFilterForm(request.args)
    wanted = _read_filter(form, every_site=every_site)
    page = None if wanted.errors else audit_log.page_of(wanted)
    args = _args(form)
    return dict(form=form, page=page, every_site=every_site, args=args, endpoint=endpoint,
                csv_url=url_for(csv_endpoint, **args)), 400 if wanted.errors else 200


def _render(context: dict[str, Any], status: int):  # type: ignore[no-untyped-def]
    return render_template("accounts/audit_log.html", action_label=audit_log.action_label,
                           detail_pairs=audit_log.detail_pairs, **context), status


def _csv(*, every_site: bool, name: str):  # type: ignore[no-untyped-def]
    form = AuditFilterForm(request.args)
    wanted = _read_filter(form, every_site=every_site)
    if wanted.errors:
        fail(400, " ".join(wanted.errors.values()))
    body = csv_file(audit_log.CSV_COLUMNS, audit_log.export_rows(wanted))
    # What left the portal, and who took it, is in the log itself.
    record("audit.exported", actor=current_user._get_current_object(),
           every_site=every_site, filters=_args(form))
    # Written now: in the office's reader, inside unscoped(), as a hub-level entry.
    db.session.flush()
    filename = f"{name}_{local_today().isoformat()}.csv"
    return body, 200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="{filename}"',
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store",
    }


@permission_required("audit.view")
def site_log():  # type: ignore[no-untyped-def]
    # This site's entries only, through the tenant scope (never the hub-level ones).
    return _render(*_page("accounts.audit_log", "accounts.audit_log_csv",
                          every_site=False))


@permission_required("audit.view")
def site_log_csv():  # type: ignore[no-untyped-def]
    return _csv(every_site=False, name="nhat-ky")


def office_log():  # type: ignore[no-untyped-def]
    with _office_reader():
        context, status = _page("accounts.office_audit_log",
                                "accounts.office_audit_log_csv", every_site=True)
    return _render(context, status)


def office_log_csv():  # type: ignore[no-untyped-def]
    with _office_reader():
        return _csv(every_site=True, name="nhat-ky-tinh")
