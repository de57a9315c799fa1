"""Which publication deadline applies to an item, and whether it was met.

The rules are data: rows of ``DeadlineRule`` (seeded by the migration from 003 Article
9 and 002 Article 10), overridden per site by ``Tenant.settings["deadline_overrides"]``,
e.g. ``{"legal_document": {"amount": 2, "unit": "working_days"}}`` for a district that
follows 002 ("2 working days after the document is issued").

Which rule applies to an item, and when its clock starts (``deadline_from``):

================================  =================  ====================================
item                              rule               clock starts
================================  =================  ====================================
legal document                    legal_document     ``issued_on`` (ngày ban hành)
procedure with ``effective_on``   procedure_change   ``effective_on`` (takes effect)
article of kind event             event_news         ``event_starts_at``, else created
article of kind propaganda        propaganda         ``event_starts_at``, else created
any other item                    other              created (article: event date first)
a translation                     none               its translation request has its own
================================  =================  ====================================

For propaganda and guidance the regulation counts "from the day the document is
officially issued" (003 Article 9.2). An article has no issue date of its own, so its
event date stands for it: the editor enters there the date the policy or guidance was
issued. Without one the clock starts when the item was created — the first moment the
portal knew of the work, which an author cannot postpone (submission could be).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from hub.content.models import Article, ArticleKind, ContentItem, LegalDocument, Procedure
from hub.core import clock
from hub.deadlines import calendar
from hub.deadlines.models import DeadlineRule
from hub.extensions import db
from hub.workflow.states import ContentStatus
from tenants import context
from tenants.models import Tenant

log = logging.getLogger(__name__)

UNITS = ("working_days", "working_hours")
RULE_KEYS = ("legal_document", "propaganda", "other", "event_news", "procedure_change",
             "question_own", "question_interagency", "question_special")
# Generous ceilings: a longer "deadline" is a typing error in the settings.
MAX_AMOUNT = {"working_days": 60, "working_hours": 480}
# The answer to a citizen's question is counted in working days and never exceeds the
# outer limit of 003 Article 9.6.b, whatever a site sets (``hub.questions.deadlines``).
QUESTION_RULE_KEYS = ("question_own", "question_interagency", "question_special")
QUESTION_MAX_DAYS = 15

RULE_LABELS = {
    "legal_document": _l("Legal and state-management documents"),
    "propaganda": _l("Propaganda and legal guidance"),
    "other": _l("Other information"),
    "event_news": _l("News of an event"),
    "procedure_change": _l("Administrative procedure changes"),
    "question_own": _l("Answer to a question of own competence"),
    "question_interagency": _l("Answer to a question needing several agencies"),
    "question_special": _l("Answer to a question needing study (special case)"),
}

# What ``deadline_state`` answers, as staff read it.
STATE_LABELS = {
    "on_time": _l("Published on time"),
    "late": _l("Published late"),
    "overdue": _l("Overdue"),
    "due_soon": _l("Due soon"),
}

# Never published and withdrawn from the workflow: nothing is owed any more.
WITHDRAWN_STATUSES = (ContentStatus.ARCHIVED, ContentStatus.TAKEN_DOWN)


@dataclass(frozen=True)
class Rule:
    key: str
    amount: int
    unit: str               # "working_days" | "working_hours"
    site_override: bool = False

    def due(self, origin: date | datetime) -> datetime:
        """When an item whose clock started at ``origin`` is due (aware, Vietnam)."""
        if self.unit == "working_hours":
            start = origin if isinstance(origin, datetime) else clock.start_of_day(origin)
            return calendar.add_working_hours(start, self.amount)
        return calendar.add_working_days(origin, self.amount)


class InvalidDeadlineOverrides(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{key}: {message}" for key, message in errors.items()))
        self.errors = errors


def clean_overrides(raw: Any, defaults: dict[str, Rule] | None = None) -> dict[str, dict]:
    """Check a site's ``deadline_overrides`` before saving them (the settings screen).

    Returns the normalised mapping ``{key: {"amount": int, "unit": str}}`` or raises
    ``InvalidDeadlineOverrides`` with a readable message per rule key. An entry that
    gives only an amount keeps the unit of the rule in ``defaults`` (``default_rules()``).
    """
    if not isinstance(raw, dict):
        raise InvalidDeadlineOverrides({"": str(_l("The deadline overrides must be a "
                                                   "mapping of rule to amount."))})
    cleaned: dict[str, dict] = {}
    errors: dict[str, str] = {}
    for key, value in raw.items():
        if key not in RULE_KEYS:
            errors[str(key)] = str(_l("There is no deadline rule of this name."))
            continue
        default_unit = defaults[key].unit if defaults and key in defaults else None
        unit = value.get("unit", default_unit) if isinstance(value, dict) else None
        amount = value.get("amount") if isinstance(value, dict) else None
        if unit not in UNITS:
            errors[key] = str(_l("The unit must be working days or working hours."))
        elif key in QUESTION_RULE_KEYS and (unit != "working_days" or not isinstance(
                amount, int) or isinstance(amount, bool)
                or not 0 < amount <= QUESTION_MAX_DAYS):
            errors[key] = str(_l("An answer to a question is due within 1 to %(max)s "
                                 "working days (Decision 40/2024/QĐ-UBND, Article 9.6.b).",
                                 max=QUESTION_MAX_DAYS))
        elif isinstance(amount, bool) or not isinstance(amount, int) \
                or not 0 < amount <= MAX_AMOUNT[unit]:
            errors[key] = str(_l("The amount must be a whole number from 1 to %(max)s.",
                                 max=MAX_AMOUNT[unit]))
        else:
            cleaned[key] = {"amount": amount, "unit": unit}
    if errors:
        raise InvalidDeadlineOverrides(errors)
    return cleaned


def default_rules() -> dict[str, Rule]:
    """The office's table (not tenant-owned: the same for every site)."""
    return {row.key: Rule(row.key, row.amount, row.unit)
            for row in db.session.scalars(select(DeadlineRule))
            if row.unit in UNITS}


def rules_for(tenant: Tenant | int | None) -> dict[str, Rule]:
    """The rules in force on a site: the table, then the site's own overrides."""
    rules = default_rules()
    if isinstance(tenant, int):
        tenant = db.session.get(Tenant, tenant)
    raw = tenant.setting("deadline_overrides") if tenant is not None else None
    if not raw:
        return rules
    for key, value in (raw.items() if isinstance(raw, dict) else ()):
        try:
            cleaned = clean_overrides({key: value}, rules)[key]
        except InvalidDeadlineOverrides:
            # Settings are checked when saved; a bad value that slipped in (edited by
            # hand) must not stop publishing: the office's rule applies instead.
            log.warning("ignored deadline override %r=%r of site %s", key, value,
                        tenant.id)
            continue
        rules[key] = Rule(key, cleaned["amount"], cleaned["unit"], site_override=True)
    return rules


def _now() -> datetime:
    return datetime.now(UTC)


def rule_and_origin(item: ContentItem) -> tuple[str, date | datetime] | None:
    """Which rule applies to ``item`` and when its clock started (see the table above)."""
    if item.translation_of_id is not None or item.translation_of is not None:
        return None
    created = item.created_at or _now()  # not flushed yet: it is being created now
    if isinstance(item, LegalDocument):
        return ("legal_document", item.issued_on) if item.issued_on else ("other", created)
    if isinstance(item, Procedure) and item.effective_on is not None:
        return "procedure_change", item.effective_on
    if isinstance(item, Article):
        origin = item.event_starts_at or created
        if item.kind == ArticleKind.EVENT:
            return "event_news", origin
        if item.kind == ArticleKind.PROPAGANDA:
            return "propaganda", origin
        return "other", origin  # news, direction, photo news: the general rule
    return "other", created


def _as_moment(origin: date | datetime) -> datetime:
    if isinstance(origin, datetime):
        return clock.as_utc(origin)
    return clock.start_of_day(origin).astimezone(UTC)


def assign_deadline(item: ContentItem) -> None:
    """Set ``deadline_rule``, ``deadline_from`` and ``due_at`` of ``item`` (flushes nothing).

    Called by the workflow on every create and save, so a changed issue date or kind
    moves the deadline with it. Items without a deadline get the three set to None.
    """
    found = rule_and_origin(item)
    rule = None
    if found is not None:
        key, origin = found
        tenant_id = item.tenant_id or context.current_tenant_id()
        rule = rules_for(tenant_id).get(key)
        if rule is None:
            log.warning("no deadline rule %r in the table; item %s has no deadline", key,
                        item.id)
    if rule is None:
        item.deadline_rule = item.deadline_from = item.due_at = None
        return
    item.deadline_rule = rule.key
    item.deadline_from = _as_moment(origin)
    item.due_at = rule.due(origin).astimezone(UTC)


def deadline_state(item: ContentItem, now: datetime | None = None) -> str | None:
    """"on_time" / "late" once published; "overdue" / "due_soon" / None before.

    An item counts as published from its ``published_at`` (a later unpublishing does
    not undo that it went online in time). "due_soon": not yet due, and the due day is
    today or the next working day. None: no deadline, not yet close, or withdrawn
    (archived or taken down) without ever being published.
    """
    if item.due_at is None:
        return None
    due = clock.as_utc(item.due_at)
    if item.published_at is not None:
        return "on_time" if clock.as_utc(item.published_at) <= due else "late"
    if item.status in WITHDRAWN_STATUSES:
        return None
    now = clock.as_utc(now or _now())
    if now > due:
        return "overdue"
    if calendar.working_days_between(now, due) <= 1:
        return "due_soon"
    return None


def recompute_open_deadlines(since: date) -> int:
    """Assign again the deadlines of unpublished items due on or after ``since`` (the
    receiver of ``hub.deadlines.signals.calendar_changed``).

    Only those can be moved by a change of that day. Run inside ``unscoped()`` for
    every site (the CLI), or in one site's scope for that site. Returns how many
    items' due dates changed.
    """
    start = clock.start_of_day(since).astimezone(UTC)
    items = db.session.scalars(
        select(ContentItem)
        .where(ContentItem.published_at.is_(None), ContentItem.due_at >= start,
               ContentItem.status.not_in(WITHDRAWN_STATUSES))).all()
    changed = 0
    for item in items:
        before = clock.as_utc(item.due_at) if item.due_at else None
        assign_deadline(item)
        if (clock.as_utc(item.due_at) if item.due_at else None) != before:
            changed += 1
    db.session.flush()
    return changed
