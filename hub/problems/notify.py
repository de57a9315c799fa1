"""The reporter's mail when their report is closed (only when they left an email),
in the language of the host they wrote from, queued with the step that closed it."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _

from hub.core.mail import send_after_commit
from hub.extensions import db
from hub.problems.models import ProblemReport, ProblemState
from tenants.models import Tenant


def _outcome(report: ProblemReport) -> str:
    if report.state is ProblemState.FIXED:
        return _("The page has been corrected.")
    if report.state is ProblemState.TAKEN_DOWN:
        return _("The page has been taken down.")
    return _("After checking, the page was left as it is.")


def closed(report: ProblemReport) -> None:
    if not report.email:
        return
    tenant = db.session.get(Tenant, report.tenant_id)
    site = tenant.name_in(report.locale) if tenant is not None else ""
    with force_locale(report.locale):
        subject = _("Your report about “%(title)s”", title=report.item_title)
        lines = [_("Thank you for telling us about a problem with the page “%(title)s”.",
                   title=report.item_title),
                 _outcome(report)]
        if report.note and report.state is not ProblemState.TAKEN_DOWN:
            lines.append(_("Note from the editors: %(note)s", note=report.note))
        lines.append(_("This message was sent by %(site)s. Please do not reply to it.",
                       site=site))
        send_after_commit(db.session(), report.email, subject, "\n\n".join(lines) + "\n")
