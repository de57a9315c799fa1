"""How a site keeps its deadlines and quotas: the figures of the reports page and the
staff dashboard, and later of the province office's console.

Every function takes the site's ``tenant_id`` and filters on it explicitly, so it
gives the same answer inside the site's own scope (the staff area) and inside an
``unscoped()`` block (the office reading every site in turn). Periods are calendar days
in Vietnam; a month is the month as Vietnam lives it, not UTC's.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import NamedTuple

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

from hub.content.deadlines import STATE_LABELS, WITHDRAWN_STATUSES, deadline_state
from hub.content.models import Article, ArticleKind, ContentItem
from hub.core import clock
from hub.core.clock import local_today
from hub.core.database import of_sites
from hub.deadlines.models import PublicationQuota
from hub.extensions import db
from hub.workflow.states import ContentStatus
from tenants.models import Tenant

# The columns of a deadline report, in order, and how staff read them.
REPORT_STATES = ("on_time", "late", "overdue", "pending")
REPORT_STATE_LABELS = {**STATE_LABELS, "pending": _l("Not published, not yet due")}
# Kinds of article that count as news for the monthly quota ("tin ... hoạt động tiêu
# biểu", 002 Article 8.3).
QUOTA_KINDS = (ArticleKind.NEWS, ArticleKind.EVENT)


def day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """UTC bounds [start, end) of the Vietnamese days ``first`` to ``last`` inclusive."""
    return (clock.start_of_day(first).astimezone(UTC),
            clock.start_of_day(last + timedelta(days=1)).astimezone(UTC))


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def month_end(month: date) -> date:
    return next_month(month) - timedelta(days=1)


# --- deadlines ---------------------------------------------------------------------------

@dataclass
class DeadlineReport:
    """Items whose deadline fell in [first, last], by how it was kept."""
    first: date
    last: date
    counts: dict[str, int]
    rows: list[tuple[ContentItem, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _report_state(item: ContentItem, now: datetime) -> str | None:
    state = deadline_state(item, now)
    if state == "due_soon" or (state is None and item.published_at is None
                               and item.status not in WITHDRAWN_STATUSES):
        return "pending"  # not published, not late yet
    return state


def deadline_report(tenant_id: int, first: date, last: date,
                    now: datetime | None = None) -> DeadlineReport:
    """On time / late / overdue / pending among the site's items due in the period.

    An item is in the period of its due date: a document due on 3 March and still
    unpublished is an overdue item of March, wherever the report is read from.
    Items withdrawn without being published are left out.
    """
    now = clock.as_utc(now or datetime.now(UTC))
    start, end = day_bounds(first, last)
    items = db.session.scalars(
        select(ContentItem)
        .where(ContentItem.tenant_id == tenant_id, ContentItem.due_at >= start,
               ContentItem.due_at < end)
        .options(selectinload(ContentItem.created_by))
        .order_by(ContentItem.due_at, ContentItem.id)).all()
    counts = dict.fromkeys(REPORT_STATES, 0)
    rows: list[tuple[ContentItem, str]] = []
    for item in items:
        state = _report_state(item, now)
        if state is None:
            continue
        counts[state] += 1
        rows.append((item, state))
    return DeadlineReport(first, last, counts, rows)


# --- monthly quotas (002 Article 8.3) -------------------------------------------------------

@dataclass(frozen=True)
class QuotaMonth:
    month: date                 # the first day of the month
    published: int
    required: int | None        # None: no quota for this kind of site
    finished: bool              # the month is over
    before_site: bool = False   # the site was not on the portal yet

    @property
    def status(self) -> str:
        """"met", "missed", "in_progress" (current month, not met yet), "no_quota" or
        "before_site"."""
        if self.required is None:
            return "no_quota"
        if self.before_site:
            return "before_site"
        if self.published >= self.required:
            return "met"
        return "missed" if self.finished else "in_progress"


QUOTA_STATUS_LABELS = {
    "met": _l("Met"),
    "missed": _l("Missed"),
    "in_progress": _l("In progress"),
    "no_quota": _l("No quota for this kind of site"),
    "before_site": _l("The site was not on the portal yet"),
}


def required_per_month(tenant: Tenant) -> int | None:
    """The quota of the site's kind (department 2, commune 3), or None."""
    return db.session.scalar(select(PublicationQuota.per_month)
                             .where(PublicationQuota.tenant_kind == tenant.kind.value))


def quota_table(tenant_id: int, months: int = 6,
                on: date | None = None) -> list[QuotaMonth]:
    """News published per month against the quota, the current month first.

    Counted: articles of kind news or event, original (not translations), by the day
    they went online; violating content that was taken down does not count.
    """
    tenant = db.session.get(Tenant, tenant_id)
    if tenant is None:
        raise LookupError(f"no site {tenant_id}")
    required = required_per_month(tenant)
    current = month_start(on or local_today())
    wanted = [current]
    for _ in range(months - 1):
        wanted.append(month_start(wanted[-1] - timedelta(days=1)))
    start, end = day_bounds(wanted[-1], month_end(current))
    published = db.session.scalars(
        select(Article.published_at)
        .where(Article.tenant_id == tenant_id, Article.kind.in_(QUOTA_KINDS),
               Article.translation_of_id.is_(None), Article.published_at >= start,
               Article.published_at < end, Article.status != ContentStatus.TAKEN_DOWN))
    per_month = Counter(month_start(clock.local_day(moment)) for moment in published)
    # Months before the site joined the portal owe nothing here.
    joined = month_start(clock.local_day(tenant.created_at)) if tenant.created_at else None
    return [QuotaMonth(month, per_month.get(month, 0), required, finished=month != current,
                       before_site=joined is not None and month < joined)
            for month in wanted]



# --- many sites at once (the province office's console) ------------------------------------

class _Due(NamedTuple):
    due_at: datetime | None
    published_at: datetime | None
    status: ContentStatus


def deadline_counts_of_sites(tenant_ids: list[int], first: date, last: date,
                             now: datetime | None = None) -> dict[int, dict[str, int]]:
    """``deadline_report(...).counts`` of several sites in one statement."""
    now = clock.as_utc(now or datetime.now(UTC))
    start, end = day_bounds(first, last)
    counts = {tenant_id: dict.fromkeys(REPORT_STATES, 0) for tenant_id in tenant_ids}
    for tenant_id, due_at, published_at, status in db.session.execute(
            select(ContentItem.tenant_id, ContentItem.due_at, ContentItem.published_at,
                   ContentItem.status)
            .where(of_sites(ContentItem.tenant_id, tenant_ids), ContentItem.due_at >= start,
                   ContentItem.due_at < end)):
        if tenant_id not in counts:
            continue
        state = _report_state(_Due(due_at, published_at, status), now)  # type: ignore[arg-type]
        if state is not None:
            counts[tenant_id][state] += 1
    return counts


def quota_of_sites(tenant_ids: list[int], first_month: date, last_month: date,
                   on: date | None = None) -> dict[int, list[QuotaMonth]]:
    """``quota_table`` of several sites for the months ``first_month`` to
    ``last_month`` (oldest first), in two statements; ``on`` is today (the month in
    progress is not yet missed)."""
    current = month_start(on or local_today())
    months = [month_start(first_month)]
    while months[-1] < month_start(last_month):
        months.append(next_month(months[-1]))
    quotas = dict(db.session.execute(
        select(PublicationQuota.tenant_kind, PublicationQuota.per_month)).all())
    tenants = db.session.execute(select(Tenant.id, Tenant.kind, Tenant.created_at)
                                 .where(Tenant.id.in_(tenant_ids))).all()
    # Counted in the database, month by month (Vietnam's months: bounds in UTC).
    bounds = [day_bounds(month, month_end(month)) for month in months]
    bucket = case(*[(Article.published_at < end, index)
                    for index, (_start, end) in enumerate(bounds)], else_=None)
    per_month: Counter[tuple[int, date]] = Counter()
    for tenant_id, index, count in db.session.execute(
            select(Article.tenant_id, bucket, func.count())
            .where(Article.tenant_id.in_(tenant_ids), Article.kind.in_(QUOTA_KINDS),
                   Article.translation_of_id.is_(None),
                   Article.published_at >= bounds[0][0], Article.published_at < bounds[-1][1],
                   Article.status != ContentStatus.TAKEN_DOWN)
            .group_by(Article.tenant_id, bucket)):
        if index is not None:
            per_month[(tenant_id, months[index])] += count
    result = {}
    for tenant_id, kind, created_at in tenants:
        required = quotas.get(kind.value)
        joined = month_start(clock.local_day(created_at)) if created_at else None
        result[tenant_id] = [
            QuotaMonth(month, per_month.get((tenant_id, month), 0), required,
                       finished=month < current,
                       before_site=joined is not None and month < joined)
            for month in months]
    return result


def last_publication_of_sites(tenant_ids: list[int]) -> dict[int, datetime]:
    """When each site last put an item online in Vietnamese (its originals: translations
    are made into other languages) that is still public, in one statement.

    One lookup per site in the listing index (tenant, language, state, publication
    time) rather than a scan of every item the sites ever published."""
    newest = (select(func.max(ContentItem.published_at))
              .where(ContentItem.tenant_id == Tenant.id, ContentItem.locale == "vi",
                     ContentItem.status == ContentStatus.PUBLISHED)
              .correlate(Tenant).scalar_subquery())
    return {tenant_id: clock.as_utc(moment) for tenant_id, moment in db.session.execute(
        select(Tenant.id, newest).where(Tenant.id.in_(tenant_ids))) if moment is not None}
