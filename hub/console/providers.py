"""The console's figures, one provider each, in the order of its columns.

Each reads every site at once through a grouped function kept beside the per-site one
of its capability (``hub.reports.deadlines``, ``hub.questions.figures`` …), so a site's
own reports page and the office's console count the same way. Shortcomings are written
in words: the console lists them and the reminders send them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import func, select

from hub.accounts.models import Membership, User
from hub.api.structure import structure_of_sites
from hub.console.figures import Figure, Provider, register
from hub.console.periods import Period
from hub.consultations.figures import figures_of_sites as consultation_figures
from hub.core.clock import local_day
from hub.extensions import db
from hub.formatting import format_day_short
from hub.questions.figures import figures_of_sites as question_figures
from hub.reports.deadlines import (
    deadline_counts_of_sites,
    last_publication_of_sites,
    quota_of_sites,
)
from hub.translation.queries import english_coverage

# An account nobody logged into for this long is a risk to close (003 Article 13.1.e).
UNUSED_AFTER = timedelta(days=90)


def last_publication(ids: list[int], period: Period, now: datetime) -> dict[int, Figure]:
    latest = last_publication_of_sites(ids)
    return {tenant_id: Figure(format_day_short(latest[tenant_id]) if tenant_id in latest else "—",
                              latest[tenant_id].isoformat() if tenant_id in latest else None,
                              numbers={"last_publication": latest.get(tenant_id)})
            for tenant_id in ids}


def deadlines(ids: list[int], period: Period, now: datetime) -> dict[int, Figure]:
    result = {}
    for tenant_id, counts in deadline_counts_of_sites(ids, period.first, period.last,
                                                      now).items():
        late, overdue = counts["late"], counts["overdue"]
        words = []
        if late:
            words.append(ngettext("%(num)d item published after its deadline",
                                  "%(num)d items published after their deadline", late))
        if overdue:
            words.append(ngettext("%(num)d item overdue", "%(num)d items overdue", overdue))
        result[tenant_id] = Figure(
            _("%(on_time)d on time, %(late)d late, %(overdue)d overdue",
              on_time=counts["on_time"], late=late, overdue=overdue),
            late + overdue, "; ".join(words) or None, dict(counts))
    return result


def quota(ids: list[int], period: Period, now: datetime) -> dict[int, Figure]:
    result = {}
    for tenant_id, months in quota_of_sites(ids, period.first, period.last,
                                            on=local_day(now)).items():
        owed = [m for m in months if m.status in ("met", "missed")]
        met = sum(1 for m in owed if m.status == "met")
        if months and months[0].required is None:
            result[tenant_id] = Figure(_("no quota"), None)
            continue
        missed = len(owed) - met
        words = ngettext("monthly news quota missed in %(num)d month",
                         "monthly news quota missed in %(num)d months",
                         missed) if missed else None
        result[tenant_id] = Figure(
            _("%(met)d of %(owed)d months", met=met, owed=len(owed)) if owed else "—",
            missed, words, {"months_met": met, "months_owed": len(owed),
                            "published": sum(m.published for m in months)})
    return result


def questions(ids: list[int], period: Period, now: datetime) -> dict[int, Figure]:
    result = {}
    for tenant_id, f in question_figures(ids, period.first, period.last, now).items():
        words = []
        if f.answered_late:
            words.append(ngettext("%(num)d question answered late",
                                  "%(num)d questions answered late", f.answered_late))
        if f.open_overdue:
            words.append(ngettext("%(num)d question unanswered past its deadline",
                                  "%(num)d questions unanswered past their deadline",
                                  f.open_overdue))
        result[tenant_id] = Figure(
            _("%(on_time)d on time, %(overdue)d overdue", on_time=f.answered_on_time,
              overdue=f.open_overdue),
            f.answered_late + f.open_overdue, "; ".join(words) or None,
            {"received": f.received, "answered_on_time": f.answered_on_time,
             "answered_late": f.answered_late, "open_overdue": f.open_overdue})
    return result


def consultations(ids: list[int], period: Period, now: datetime) -> dict[int, Figure]:
    result = {}
    for tenant_id, f in consultation_figures(ids, period.first, period.last, now).items():
        overdue = f.outcome_overdue
        result[tenant_id] = Figure(
            str(overdue), overdue,
            ngettext("%(num)d consultation outcome overdue",
                     "%(num)d consultation outcomes overdue", overdue) if overdue else None,
            {"drafts": f.drafts, "outcome_overdue": overdue,
             "outcome_late": f.outcome_late})
    return result


def english(ids: list[int], period: Period, now: datetime) -> dict[int, Figure]:
    """Only the sites that owe the English set (those with English enabled)."""
    wanted = set(ids)
    result = {tenant_id: Figure(_("not required"), None) for tenant_id in ids}
    for coverage in english_coverage():
        if coverage.site.id not in wanted:
            continue
        missing = [part for part, state in coverage.parts.items() if state != "present"]
        result[coverage.site.id] = Figure(
            _("complete") if coverage.complete else
            _("%(num)d parts missing", num=len(missing)), len(missing),
            None if coverage.complete else
            _("English set incomplete: %(parts)s", parts=", ".join(missing)),
            {"parts": dict(coverage.parts)})
    return result


def structure(ids: list[int], period: Period, now: datetime) -> dict[int, Figure]:
    result = {}
    for tenant_id, state in structure_of_sites(ids).items():
        missing = state.missing
        result[tenant_id] = Figure(
            _("complete") if state.complete else
            ngettext("%(num)d missing", "%(num)d missing", len(missing)),
            len(missing),
            None if state.complete else
            _("Circular 22 structure incomplete: %(missing)s",
              missing=", ".join(str(m) for m in missing)),
            {"missing": [str(m) for m in missing]})
    return result


def accounts(ids: list[int], period: Period, now: datetime) -> dict[int, Figure]:
    since = now - UNUSED_AFTER
    last_seen = func.coalesce(User.last_login_at, User.created_at)
    unused = func.sum(func.cast(last_seen < since, db.Integer))
    rows = {tenant_id: (int(active or 0), int(idle or 0)) for tenant_id, active, idle in
            db.session.execute(
                select(Membership.tenant_id, func.count(func.distinct(User.id)), unused)
                .join(User, User.id == Membership.user_id)
                .where(Membership.tenant_id.in_(ids), User.is_enabled.is_(True))
                .group_by(Membership.tenant_id))}
    result = {}
    for tenant_id in ids:
        active, idle = rows.get(tenant_id, (0, 0))
        words = []
        if not active:
            words.append(_("no active account"))
        if idle:
            words.append(ngettext("%(num)d account unused for 90 days",
                                  "%(num)d accounts unused for 90 days", idle))
        result[tenant_id] = Figure(
            _("%(active)d active, %(unused)d unused", active=active, unused=idle),
            idle, "; ".join(words) or None, {"active": active, "unused": idle})
    return result


register(Provider("last_publication", _l("Last publication"), last_publication,
                  _l("When the site last put an original item online.")))
register(Provider("deadlines", _l("Publication deadlines"), deadlines,
                  _l("Items due in the period: published on time, published late, "
                     "still unpublished after their deadline (002 Article 8).")))
register(Provider("quota", _l("Monthly news quota"), quota,
                  _l("Finished months of the period in which the site published its "
                     "quota of news: departments 2, communes 3 (002 Article 8.3).")))
register(Provider("questions", _l("Questions"), questions,
                  _l("Questions received in the period: answered on time, unanswered "
                     "past their deadline (003 Article 9).")))
register(Provider("consultations", _l("Consultation outcomes overdue"), consultations,
                  _l("Drafts whose comment period ended and whose response to the "
                     "comments is past due.")))
register(Provider("english", _l("English set"), english,
                  _l("The English pages every site with English owes (003 Article "
                     "7.1): organisation, functions, contacts.")))
register(Provider("structure", _l("Circular 22 structure"), structure,
                  _l("The required sections and footer facts (Circular 22/2023, Decree "
                     "42/2022 Article 5), the same check as /api/v1/structure.")))
register(Provider("accounts", _l("Accounts"), accounts,
                  _l("Enabled accounts with a role on the site, and those nobody used "
                     "for 90 days (003 Article 13.1.e).")))
