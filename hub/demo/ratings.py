"""Demo ratings: six months of visitors' ratings and page answers on the province and
on a commune (Xã Thống Nhất), so the reports page shows its chart and
``/api/v1/ratings`` its figures on a fresh ``make run``.

The rows are history, written as the form would have stored them (a day, four marks,
sometimes a comment; no address, no key, no hash: those are gone after their day).
A fixed random seed makes every demo the same. A few comments wait to be read, one is
read and one hidden, for the staff's list at ``/quan-tri/danh-gia``.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select

from hub.core.clock import local_today
from hub.extensions import db
from hub.ratings.models import CommentState, PageUsefulness, Rating
from tenants.context import tenant_scope, unscoped
from tenants.models import Domain, Tenant

MONTHS = 6
# Per site: (host label or "" for the province, ratings a month, the usual marks).
SITES = (("", 40, {"interface": 4, "content": 4, "quality": 4, "support": 3}),
         ("xathongnhat", 12, {"interface": 3, "content": 4, "quality": 3, "support": 4}))
PAGES = ("/", "/tin-tuc", "/van-ban-quy-pham-phap-luat", "/thu-tuc", "/hoi-dap",
         "/lich-cong-tac", "/gioi-thieu")
COMMENTS = (
    ("Trang web dễ tra cứu thủ tục, cảm ơn.", CommentState.NEW),
    ("Mục văn bản nên có bộ lọc theo năm rõ hơn.", CommentState.NEW),
    ("Trên điện thoại chữ hơi nhỏ.", CommentState.READ),
    ("Quảng cáo dịch vụ bên ngoài, không liên quan.", CommentState.HIDDEN),
    ("Cán bộ trả lời câu hỏi nhanh, rất hài lòng.", CommentState.NEW),
)


def _site(host: str) -> Tenant | None:
    with unscoped():
        return db.session.scalar(select(Tenant).join(Domain).where(Domain.hostname == host))


def _mark(rng: random.Random, usual: int) -> int:
    return max(1, min(5, usual + rng.choice((-2, -1, -1, 0, 0, 0, 0, 1, 1))))


def _days(today: date) -> list[date]:
    """Every day of the last ``MONTHS`` months up to today."""
    first = today.replace(day=1)
    for _ in range(MONTHS - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    return [first + timedelta(days=n) for n in range((today - first).days + 1)]


def seed_demo_ratings(base_domain: str) -> int:
    """Add the demo ratings unless the province already has some; the rows added."""
    rng = random.Random(2026)
    province = _site(base_domain)
    if province is None:
        return 0
    with unscoped():
        if db.session.scalar(select(Rating.id).where(
                Rating.tenant_id == province.id).limit(1)) is not None:
            return 0
    days = _days(local_today())
    months = [[day for day in days if (day.year, day.month) == month]
              for month in sorted({(day.year, day.month) for day in days})]
    added = 0
    for label, per_month, usual in SITES:
        site = _site(f"{label}.{base_domain}" if label else base_domain)
        if site is None:
            continue
        comments = list(COMMENTS)
        with tenant_scope(site.id):
            for n in range(per_month * MONTHS):
                day = rng.choice(months[n % MONTHS])  # every month has its share
                comment, state = comments.pop() if comments and rng.random() < 0.1 \
                    else (None, None)
                db.session.add(Rating(
                    rated_on=day, locale="en" if rng.random() < 0.1 else "vi",
                    comment=comment, comment_state=state,
                    **{aspect: _mark(rng, mark) for aspect, mark in usual.items()}))
                added += 1
            for n in range(per_month * MONTHS * 3):
                db.session.add(PageUsefulness(rated_on=rng.choice(months[n % MONTHS]),
                                              path=rng.choice(PAGES),
                                              useful=rng.random() < 0.75))
                added += 1
            db.session.commit()
    return added
