"""Every public page type the browser tests visit, as (name, host, path) built from the
seeded data and the app's URL map.

Paths come from ``url_for`` on the public endpoints, so a page type whose endpoint does
not exist is reported as missing rather than guessed. ``ENDPOINTS`` names, per page
type, the endpoint and the arguments it takes from the seed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, url_for

from tests.browser.seed import ENGLISH_HOST, Seeded, SiteContent


@dataclass(frozen=True)
class PageCase:
    name: str
    host: str
    path: str | None           # None: the app has no such page yet
    expect_status: int = 200


def _slug(site: SiteContent, content_type: str) -> dict[str, Any]:
    return {"slug": site.first(content_type)[1]}


# page type -> (endpoint, its arguments from a site's seeded content; extra keys become
# the query string). Pages of the province unless the name says otherwise.
Args = Callable[[SiteContent], dict[str, Any]]
ENDPOINTS: dict[str, tuple[str, Args]] = {
    "news": ("public.news", lambda s: {}),
    "category listing": ("public.category", lambda s: {"slug": s.categories[0][1]}),
    "article": ("public.article", lambda s: _slug(s, "article")),
    "print view": ("public.print_view", lambda s: {**_slug(s, "article"), "section": "tin-tuc"}),
    "legal document register": ("public.documents", lambda s: {}),
    "legal document register (filtered)": ("public.documents",
                                           lambda s: {"nam": "2024", "hieu-luc": "in_force"}),
    "directive document register": ("public.directives", lambda s: {}),
    "legal document": ("public.document", lambda s: _slug(s, "legal_document")),
    "procedures": ("public.procedures", lambda s: {}),
    "procedure": ("public.procedure", lambda s: _slug(s, "procedure")),
    "schedule week": ("public.schedule", lambda s: {}),
    "organisation": ("public.organisation", lambda s: {}),
    "leaders": ("public.leaders", lambda s: {}),
    "contacts": ("public.contacts", lambda s: {}),
    "static page": ("public.page", lambda s: _slug(s, "page")),
    "disclosures": ("public.disclosures", lambda s: {}),
    "search results": ("search.page", lambda s: {"q": "hội nghị"}),
    "photo news": ("public.article", lambda s: _slug(s, "photo_news")),
    "article (commune)": ("public.article", lambda s: _slug(s, "article")),
    "article (English)": ("public.article", lambda s: _slug(s, "article")),
}


def _build(app: Flask, host: str, endpoint: str, values: dict[str, Any]) -> str | None:
    if endpoint not in app.view_functions:
        return None
    with app.test_request_context("/", base_url=f"http://{host}/"):
        return url_for(endpoint, **values)


def page_cases(app: Flask, seeded: Seeded) -> dict[str, PageCase]:
    province, commune = seeded.province, seeded.commune
    cases = [
        PageCase("home (province)", province.host, "/"),
        PageCase("home (commune)", commune.host, "/"),
        PageCase("home (English)", ENGLISH_HOST, "/"),
        PageCase("login", province.host, "/dang-nhap"),
        PageCase("error 404", province.host, "/khong-co-trang-nay", 404),
        PageCase("error 400", province.host, "/van-ban-quy-pham-phap-luat?loai=khong-co",
                 400),
    ]
    for name, (endpoint, args) in ENDPOINTS.items():
        site = (commune if "(commune)" in name else seeded.english if "(English)" in name
                else province)
        cases.append(PageCase(name, site.host, _build(app, site.host, endpoint, args(site))))
    return {case.name: case for case in cases}


FIXED = ("home (province)", "home (commune)", "home (English)", "login", "error 404",
         "error 400")
PAGE_NAMES: tuple[str, ...] = FIXED + tuple(ENDPOINTS)

# The questions' pages (Hỏi – Đáp): the list, filtered on the province, the form, the
# tracking form and the notice on personal data; a question and a found tracking code
# are audited by test_questions.py, which makes them.
ENDPOINTS.update({
    "questions": ("questions.index", lambda s: {}),
    "questions (filtered)": ("questions.index", lambda s: {"linh-vuc": "land"}),
    "question form": ("questions.ask", lambda s: {}),
    "question tracking": ("questions.track", lambda s: {}),
    "questions personal data notice": ("questions.privacy", lambda s: {}),
    "questions (English)": ("questions.index", lambda s: {}),
    "question form (commune)": ("questions.ask", lambda s: {}),
})
PAGE_NAMES = FIXED + tuple(ENDPOINTS)

# The ratings' pages: the form (Vietnamese and English hosts) and the thanks after a
# page answer; the control itself is on every page above.
ENDPOINTS.update({
    "rating form": ("ratings.rate", lambda s: {}),
    "rating form (English)": ("ratings.rate", lambda s: {}),
    "rating thanks": ("ratings.thanks", lambda s: {"page": "/tin-tuc", "again": "1"}),
})
PAGE_NAMES = FIXED + tuple(ENDPOINTS)

# Drafts for consultation: the list on the province and on the English host (the draft's
# own page and its comment form are not in the browser seed yet).
ENDPOINTS.update({
    "consultations": ("public.consultations", lambda s: {}),
    "consultations (open)": ("public.consultations", lambda s: {"trang-thai": "dang-lay-y-kien"}),
    "consultations (English)": ("public.consultations", lambda s: {}),
})
PAGE_NAMES = FIXED + tuple(ENDPOINTS)

# The component sites' directory: the whole list, a search (the GET form, no script),
# and the English host's.
ENDPOINTS.update({
    "site directory": ("public.sites", lambda s: {}),
    "site directory (search)": ("public.sites", lambda s: {"q": "tan doan"}),
    "site directory (English)": ("public.sites", lambda s: {}),
})
PAGE_NAMES = FIXED + tuple(ENDPOINTS)
