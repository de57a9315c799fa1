"""Reading a search request: every parameter checked, every bad value a clear 400.

The page and the API read the same parameters (``q``, ``scope``, ``type``, ``site``,
``field``, ``document_type``, ``issuer``, ``from``, ``to``, ``sort``, ``page``,
``per_page``, and ``copies_of``: every site's copy of one document). Unknown values
of a closed list (a type, a document type, a scope, a site) are refused rather than
ignored, so a citizen never silently gets unfiltered results.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NoReturn

from flask import request
from flask_babel import gettext as _
from sqlalchemy import select

from hub.content.models import ContentType, LegalDocumentType
from hub.core.http import LARGEST_ID, fail
from hub.core.periods import EARLIEST_YEAR, LATEST_YEAR, on_calendar
from hub.extensions import db
from search.analysis import clean_query
from search.types import MAX_QUERY_LENGTH, QUESTION, SearchQuery
from tenants.context import current_site
from tenants.models import Tenant

SCOPES = ("site", "subtree", "all")
SORTS = ("relevance", "date")
MAX_PAGE = 1000
PER_PAGE = 10
MAX_PER_PAGE = 50
MAX_VALUE = 200
MAX_VALUES = 20
MAX_COPY_KEY = 300
# What ``type`` may name: every content type, and published questions and answers.
TYPES = (*(t.value for t in ContentType), QUESTION)


@dataclass(frozen=True)
class ParsedRequest:
    query: SearchQuery
    truncated: bool


def bad(name: str, message: str) -> NoReturn:
    fail(400, _("Parameter “%(name)s”: %(message)s", name=name, message=message))


def _values(name: str) -> list[str]:
    values = [v.strip() for v in request.args.getlist(name) if v.strip()]
    if len(values) > MAX_VALUES:
        bad(name, _("too many values."))
    for value in values:
        if len(value) > MAX_VALUE:
            bad(name, _("the value is too long."))
    return values


def _choice(name: str, allowed: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    values = _values(name)
    for value in values:
        if value not in allowed:
            bad(name, _("choose one of: %(values)s.", values=", ".join(allowed)))
    return tuple(dict.fromkeys(values))


def _one(name: str, allowed: tuple[str, ...], default: str) -> str:
    values = _choice(name, allowed)
    return values[-1] if values else default


def _int(name: str, default: int, low: int, high: int) -> int:
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        bad(name, _("a whole number is expected."))
    if not low <= value <= high:
        bad(name, _("a number from %(low)d to %(high)d is expected.", low=low, high=high))
    return value


def _date(name: str) -> date | None:
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        bad(name, _("a date such as 2026-11-23 is expected."))
    if not on_calendar(day):
        bad(name, _("a date in the years %(first)d to %(last)d is expected.",
                    first=EARLIEST_YEAR, last=LATEST_YEAR))
    return day


def _sites(name: str = "site") -> tuple[int, ...]:
    ids: list[int] = []
    for value in _values(name):
        if not (value.isascii() and value.isdigit()) or int(value) > LARGEST_ID:
            bad(name, _("a site number is expected."))
        ids.append(int(value))
    if ids:
        # Tenants are not tenant-owned: any host may name any site of the province.
        known = set(db.session.scalars(select(Tenant.id).where(Tenant.id.in_(ids))))
        if set(ids) - known:
            bad(name, _("no such site."))
    return tuple(dict.fromkeys(ids))


def _copy_key(name: str = "copies_of") -> str:
    """A copy key as a hit gives it (``search.collapse.copy_key_of``), or ""."""
    values = [v.strip() for v in request.args.getlist(name) if v.strip()]
    if len(values) > 1:
        bad(name, _("one value is expected."))
    value = values[0] if values else ""
    if len(value) > MAX_COPY_KEY or not value.isprintable():
        bad(name, _("not a document of the search results."))
    return value


def _tenant_path(tenant_id: int) -> str | None:
    tenant = db.session.get(Tenant, tenant_id)
    return tenant.path if tenant is not None else None


def default_scope() -> str:
    """All sites on the province portal, this site elsewhere."""
    site = current_site()
    return "all" if site is not None and site.kind == "province" else "site"


def read_search_request(api: bool) -> ParsedRequest:
    """The ``SearchQuery`` of this request, or a 400 naming the bad parameter.

    A query longer than ``MAX_QUERY_LENGTH``: the API refuses it (400); the page cuts
    it and says so.
    """
    raw = request.args.get("q") or ""
    if api and len(raw.strip()) > MAX_QUERY_LENGTH:
        bad("q", _("at most %(n)d characters.", n=MAX_QUERY_LENGTH))
    text, truncated = clean_query(raw)
    site = current_site()
    date_from, date_to = _date("from"), _date("to")
    if date_from and date_to and date_from > date_to:
        bad("to", _("the end date is before the start date."))
    query = SearchQuery(
        text=text, locale=site.locale, scope=_one("scope", SCOPES, default_scope()),  # type: ignore[arg-type]
        tenant_id=site.tenant_id, tenant_path=_tenant_path(site.tenant_id),
        types=_choice("type", TYPES),
        site_ids=_sites(),
        fields=tuple(dict.fromkeys(_values("field"))),
        document_types=_choice("document_type", [t.value for t in LegalDocumentType]),
        issuers=tuple(dict.fromkeys(_values("issuer"))),
        date_from=date_from, date_to=date_to,
        sort=_one("sort", SORTS, "relevance"),  # type: ignore[arg-type]
        page=_int("page", 1, 1, MAX_PAGE),
        per_page=_int("per_page", PER_PAGE, 1, MAX_PER_PAGE) if api else PER_PAGE,
        copies_of=_copy_key())
    return ParsedRequest(query=query, truncated=truncated)
