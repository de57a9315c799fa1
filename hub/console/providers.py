"""The console's figures, one provider each, in the order of its columns.

Each reads every site at once through a grouped function kept beside the per-site one
of its capability (``hub.reports.deadlines``, ``hub.questions.figures`` …), so a site's
own reports page and the office's console count the same way. Shortcomings are written
in words: the console lists them and the reminders send them.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import case, func, select

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


def _last_publication_words(numbers: dict[str, Any]) -> tuple[str, str | None]:
    moment = numbers["last_publication"]
    return (format_day_short(moment) if moment else "—"), None


def last_publication(ids: list[int], period: Period, now: datetime) -> dict[int, Figure]:
    latest = last_publication_of_sites(ids)
    return {tenant_id: Figure({"last_publication": latest.get(tenant_id)},
                              latest[tenant_id].isoformat() if tenant_id in latest else None,
                              False, _last_publication_words)
            for tenant_id in ids}


def _deadline_words(n: dict[str, Any]) -> tuple[str, str | None]:
    words = []
    if n["late"]:
        words.append(ngettext("%(num)d item published after its deadline",
                              "%(num)d items published after their deadline", n["late"]))
    if n["overdue"]:
        words.append(ngettext("%(num)d item overdue", "%(num)d items overdue", n["overdue"]))
    return (_("%(on_time)d on time, %(late)d late, %(overdue)d overdue",
              on_time=n["on_time"], late=n["late"], overdue=n["overdue"]),
            "; ".join(words) or None)


def deadlines(ids: list[int], period: Period, now: datetime) -> dict[int, Figure]:
    return {tenant_id: Figure(counts, counts["late"] + counts["overdue"],
                              bool(counts["late"] or counts["overdue"]), _deadline_words)
            for tenant_id, counts in deadline_counts_of_sites(
                ids, period.first, period.last, now).items()}


def _quota_words(n: dict[str, Any]) -> tuple[str, str | None]:
    if n["required"] is None:
        return _("no quota"), None
    missed = n["months_owed"] - n["months_met"]
    return ((_("%(met)d of %(owed)d months", met=n["months_met"], owed=n["months_owed"])
             if n["months_owed"] else "—"),
            ngettext("monthly news quota missed in %(num)d month",
                     "monthly news quota missed in %(num)d months", missed))


def quota(ids: list[int], period: Period, now: datetime) -> dict[int, Figure]:
    result = {}
    for tenant_id, months in quota_of_sites(ids, period.first, period.last,
                                            on=local_day(now)).items():
        owed = [m for m in months if m.status in ("met", "missed")]
        met = sum(1 for m in owed if m.status == "met")
        numbers = {"required": months[0].required if months else None,
                   "months_met": met, "months_owed": len(owed),
                   "published": sum(m.published for m in months)}
        missed = len(owed) - met
        result[tenant_id] = Figure(numbers, None if numbers["required"] is None else missed,
                                   missed > 0, _quota_words)
    return result


def _question_words(n: dict[str, Any]) -> tuple[str, str | None]:
    words = []
    if n["answered_late"]:
        words.append(ngettext("%(num)d question answered late",
                              "%(num)d questions answered late", n["answered_late"]))
    if n["open_overdue"]:
        words.append(ngettext("%(num)d question unanswered past its deadline",
                              "%(num)d questions unanswered past their deadline",
                              n["open_overdue"]))
    return (_("%(on_time)d on time, %(overdue)d overdue", on_time=n["answered_on_time"],
              overdue=n["open_overdue"]), "; ".join(words) or None)


def questions(ids: list[int], period: Period, now: datetime) -> dict[int, Figure]:
    result = {}
    for tenant_id, f in question_figures(ids, period.first, period.last, now,
                                               working_days=False).items():
        numbers = {"received": f.received, "answered_on_time": f.answered_on_time,
                   "answered_late": f.answered_late, "open_overdue": f.open_overdue}
        late = f.answered_late + f.open_overdue
        result[tenant_id] = Figure(numbers, late, late > 0, _question_words)
    return result


def _consultation_words(n: dict[str, Any]) -> tuple[str, str | None]:
    overdue = n["outcome_overdue"]
    return str(overdue), ngettext("%(num)d consultation outcome overdue",
                                  "%(num)d consultation outcomes overdue", overdue)


def consultations(ids: list[int], period: Period, now: datetime) -> dict[int, Figure]:
    return {tenant_id: Figure({"drafts": f.drafts, "outcome_overdue": f.outcome_overdue,
                               "outcome_late": f.outcome_late},
                              f.outcome_overdue, f.outcome_overdue > 0, _consultation_words)
            for tenant_id, f in consultation_figures(ids, period.first, period.last,
                                                     now).items()}


def _english_words(n: dict[str, Any]) -> tuple[str, str | None]:
    if n["parts"] is None:
        return _("not required"), None
    missing = [part for part, state in n["parts"].items() if state != "present"]
    if not missing:
        return _("complete"), None
    return (_("%(num)d parts missing", num=len(missing)),
            _("English set incomplete: %(parts)s", parts=", ".join(missing)))


def english(ids: list[int], period: Period, now: datetime) -> dict[int, Figure]:
    """Only the sites that owe the English set (those with English enabled)."""
    result = {tenant_id: Figure({"parts": None}, None, False, _english_words)
              for tenant_id in ids}
    wanted = set(ids)
    for coverage in english_coverage():
        if coverage.site.id in wanted:
            missing = sum(1 for state in coverage.parts.values() if state != "present")
            result[coverage.site.id] = Figure({"parts": dict(coverage.parts)}, missing,
                                              missing > 0, _english_words)
    return result


def _structure_words(n: dict[str, Any]) -> tuple[str, str | None]:
    missing = [str(words) for words in n["state"].missing]
    if not missing:
        return _("complete"), None
    return (ngettext("%(num)d missing", "%(num)d missing", len(missing)),
            _("Circular 22 structure incomplete: %(missing)s", missing=", ".join(missing)))


def structure(ids: list[int], period: Period, now: datetime) -> dict[int, Figure]:
    return {tenant_id: Figure(
        {"state": state, "missing_sections": state.missing_sections,
         "missing_facts": state.missing_facts},
        len(state.missing_sections) + len(state.missing_facts), not state.complete,
        _structure_words) for tenant_id, state in structure_of_sites(ids).items()}


def _account_words(n: dict[str, Any]) -> tuple[str, str | None]:
    words = []
    if not n["active"]:
        words.append(_("no active account"))
    if n["unused"]:
        words.append(ngettext("%(num)d account unused for 90 days",
                              "%(num)d accounts unused for 90 days", n["unused"]))
    return (_("%(active)d active, %(unused)d unused", active=n["active"], unused=n["unused"]),
            "; ".join(words) or None)


def accounts(ids: list[int], period: Period, now: datetime) -> dict[int, Figure]:
    since = now - UNUSED_AFTER
    last_seen = func.coalesce(User.last_login_at, User.created_at)
    unused = func.sum(case((last_seen < since, 1), else_=0))
    rows = {tenant_id: (int(active or 0), int(idle or 0)) for tenant_id, active, idle in
            db.session.execute(
                select(Membership.tenant_id, func.count(func.distinct(User.id)), unused)
                .join(User, User.id == Membership.user_id)
                .where(Membership.tenant_id.in_(ids), User.is_enabled.is_(True))
                .group_by(Membership.tenant_id))}
    result = {}
    for tenant_id in ids:
        active, idle = rows.get(tenant_id, (0, 0))
        result[tenant_id] = Figure({"active": active, "unused": idle}, idle,
                                   idle > 0 or not active, _account_words)
    return result


register(Provider("last_publication", _l("Last publication"), last_publication,
                  _l("When the site last put online an item in Vietnamese (its "
                     "originals) that is still public.")))
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
