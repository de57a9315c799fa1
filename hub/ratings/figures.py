"""The figures of a site's ratings per period: how many, the average and the
distribution 1–5 of each aspect, and "was this page useful?" per page.

One function, ``figures(tenant_id, first, last)``, read by the site's reports page, the
API and the province office's console (which calls it for each site inside
``unscoped()``): it filters on ``tenant_id`` explicitly, so it answers the same in a
site's scope and unscoped. Two grouped queries (the ratings, the pages' answers),
whatever the number of ratings; ``figures_of_sites`` asks them for many sites at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case, func, select

from hub.extensions import db
from hub.ratings.models import ASPECTS, PageUsefulness, Rating

MARKS = (1, 2, 3, 4, 5)
TOP_PAGES = 20


@dataclass
class AspectFigures:
    aspect: str
    distribution: dict[int, int] = field(default_factory=lambda: dict.fromkeys(MARKS, 0))

    @property
    def count(self) -> int:
        return sum(self.distribution.values())

    @property
    def average(self) -> float | None:
        total = sum(mark * n for mark, n in self.distribution.items())
        return round(total / self.count, 2) if self.count else None

    def share(self, mark: int) -> float:
        """The part of the ratings that gave ``mark`` (0 to 1)."""
        return self.distribution[mark] / self.count if self.count else 0.0


@dataclass
class PageFigures:
    path: str
    useful: int = 0
    not_useful: int = 0

    @property
    def total(self) -> int:
        return self.useful + self.not_useful


@dataclass
class RatingFigures:
    tenant_id: int
    first: date
    last: date
    ratings: int = 0
    comments: int = 0
    aspects: dict[str, AspectFigures] = field(
        default_factory=lambda: {aspect: AspectFigures(aspect) for aspect in ASPECTS})
    pages: list[PageFigures] = field(default_factory=list)   # most answers first
    useful: int = 0
    not_useful: int = 0


def figures(tenant_id: int, first: date, last: date) -> RatingFigures:
    """Ratings and page answers of the site on the days [first, last]."""
    return figures_of_sites([tenant_id], first, last)[tenant_id]


def figures_of_sites(tenant_ids: list[int], first: date, last: date
                     ) -> dict[int, RatingFigures]:
    """``figures`` of several sites in two grouped queries, whatever their number."""
    results = {tenant_id: RatingFigures(tenant_id, first, last) for tenant_id in tenant_ids}
    marks = [getattr(Rating, aspect) for aspect in ASPECTS]
    has_comment = Rating.comment.is_not(None)
    for tenant_id, *row, commented, count in db.session.execute(
            select(Rating.tenant_id, *marks, has_comment, func.count())
            .where(Rating.tenant_id.in_(tenant_ids), Rating.rated_on >= first,
                   Rating.rated_on <= last)
            .group_by(Rating.tenant_id, *marks, has_comment)):
        result = results[tenant_id]
        for aspect, mark in zip(ASPECTS, row, strict=True):
            result.aspects[aspect].distribution[int(mark)] += int(count)
        result.ratings += int(count)
        result.comments += int(count) if commented else 0
    yes = func.sum(case((PageUsefulness.useful.is_(True), 1), else_=0))
    no = func.sum(case((PageUsefulness.useful.is_(True), 0), else_=1))
    pages: dict[int, list[PageFigures]] = {tenant_id: [] for tenant_id in tenant_ids}
    for tenant_id, path, y, n in db.session.execute(
            select(PageUsefulness.tenant_id, PageUsefulness.path, yes, no)
            .where(PageUsefulness.tenant_id.in_(tenant_ids),
                   PageUsefulness.rated_on >= first, PageUsefulness.rated_on <= last)
            .group_by(PageUsefulness.tenant_id, PageUsefulness.path)):
        pages[tenant_id].append(PageFigures(path, int(y or 0), int(n or 0)))
    for tenant_id, result in results.items():
        result.useful = sum(page.useful for page in pages[tenant_id])
        result.not_useful = sum(page.not_useful for page in pages[tenant_id])
        result.pages = sorted(pages[tenant_id], key=lambda p: (-p.total, p.path))[:TOP_PAGES]
    return results
