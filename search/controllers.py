"""The search page ``/tim-kiem`` (every host) and the JSON API ``/api/v1/search``.

Thin: parameters are read by ``search.params``, the search is the backend's. An engine
that cannot answer gives a clear "temporarily unavailable" page (503) or JSON 503, never
a 500 and never the engine's message.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode, urlsplit

from flask import jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from hub.content.labels import DOCUMENT_TYPE_LABELS, TYPE_LABELS
from hub.content.models import ContentType, LegalDocumentType
from hub.core.http import fail
from hub.extensions import db
from hub.formatting import machine_time
from search.backends.base import SearchUnavailable
from search.params import SCOPES, read_search_request
from search.service import get_backend
from search.types import QUESTION, Hit, SearchResults
from tenants.context import current_site
from tenants.hosts import base_url
from tenants.models import Tenant

SUGGEST_LIMIT = 8
QUESTION_LABEL = _l("Questions and answers")


def hit_url(hit: Hit) -> str:
    """The hit's address on its own site's host, with this request's scheme and port
    (the index stores the canonical URL; development runs on another port)."""
    if not hit.site_host:
        return hit.url
    parts = urlsplit(hit.url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return f"{base_url(hit.site_host)}{path}"


def type_label(value: str) -> str:
    if value == QUESTION:
        return str(QUESTION_LABEL)
    try:
        return str(TYPE_LABELS[ContentType(value)])
    except (ValueError, KeyError):
        return value


def document_type_label(value: str) -> str:
    try:
        return str(DOCUMENT_TYPE_LABELS[LegalDocumentType(value)])
    except (ValueError, KeyError):
        return value


def site_names(ids: list[int]) -> dict[str, str]:
    """Site id -> the site's name in this host's language."""
    if not ids:
        return {}
    tenants = db.session.scalars(select(Tenant).where(Tenant.id.in_(ids)))
    return {str(tenant.id): tenant.name_in(current_site().locale) for tenant in tenants}


def facet_labels(results: SearchResults) -> dict[str, dict[str, str]]:
    """Readable labels of facet values (site ids -> names in this host's language, enum
    values -> translated labels); values missing here are their own label (the page and
    the API both read this)."""
    sites = site_names([int(v) for v, _n in results.facets.get("site", []) if v.isdigit()])
    return {
        "site": sites,
        "type": {v: type_label(v) for v, _n in results.facets.get("type", [])},
        "document_type": {v: document_type_label(v)
                          for v, _n in results.facets.get("document_type", [])},
    }


def search_page() -> tuple[str, int] | str:
    parsed = read_search_request(api=False)
    query = parsed.query
    results, unavailable = None, False
    if query.text:
        try:
            results = get_backend().search(query)
        except SearchUnavailable:
            unavailable = True
    args = request.args.to_dict(flat=False)

    def page_url(page: int) -> str:
        return "?" + urlencode({**args, "page": [str(page)]}, doseq=True)

    def query_url(text: str) -> str:
        return "?" + urlencode({**{k: v for k, v in args.items() if k != "page"},
                                "q": [text]}, doseq=True)

    def facet_url(name: str, value: str) -> str:
        return "?" + urlencode({**{k: v for k, v in args.items() if k != "page"},
                                name: [value]}, doseq=True)

    def copies_url(hit: Hit | None) -> str:
        """Every site's copy of ``hit``'s document; None: back to one per document."""
        kept = {k: v for k, v in args.items() if k not in ("page", "copies_of", "scope")}
        if hit is None:
            return "?" + urlencode(kept, doseq=True)
        return "?" + urlencode({**kept, "scope": ["all"], "copies_of": [hit.copy_key]},
                               doseq=True)

    pages = 0
    if results is not None:
        pages = min((results.total + query.per_page - 1) // query.per_page, 1000)
    body = render_template(
        "search/results.html", query=query, results=results, truncated=parsed.truncated,
        unavailable=unavailable, scopes=SCOPES, hit_url=hit_url, type_label=type_label,
        labels=facet_labels(results) if results else {}, page_url=page_url,
        facet_url=facet_url, query_url=query_url, copies_url=copies_url, pages=pages,
        wider_scopes=SCOPES[SCOPES.index(query.scope) + 1:],
        type_choices=[*((t.value, str(TYPE_LABELS[t])) for t in ContentType),
                      (QUESTION, str(QUESTION_LABEL))],
        is_province=current_site().kind == "province")
    return (body, 503) if unavailable else body


def _hit_json(hit: Hit) -> dict[str, Any]:
    return {"title": hit.title, "url": hit_url(hit), "site": hit.site_name,
            "type": hit.type, "snippet": hit.snippet, "file": hit.file_name or None,
            "published_at": machine_time(hit.published_at) or None,
            "copies": hit.copies,
            "copies_of": hit.copy_key if hit.copies > 1 and hit.copy_key else None}


def search_api():  # type: ignore[no-untyped-def]
    query = read_search_request(api=True).query
    if not query.text:
        return jsonify(total=0, results=[], facets={}, suggestion=None)
    try:
        results = get_backend().search(query)
    except SearchUnavailable:
        fail(503, _("Search is temporarily unavailable. Please try again later."))
    labels = facet_labels(results)
    return jsonify(total=results.total, results=[_hit_json(h) for h in results.hits],
                   facets={name: [{"value": v, "label": labels.get(name, {}).get(v, v),
                                   "count": n} for v, n in values]
                           for name, values in results.facets.items()},
                   suggestion=results.suggestion or None)


def suggest_api():  # type: ignore[no-untyped-def]
    parsed = read_search_request(api=True)
    if not parsed.query.text:
        return jsonify(suggestions=[])
    try:
        suggestions = get_backend().suggest(parsed.query, SUGGEST_LIMIT)
    except SearchUnavailable:
        fail(503, _("Search is temporarily unavailable. Please try again later."))
    return jsonify(suggestions=[
        {"title": s.title, "url": hit_url(Hit(0, s.title, s.url, "", urlsplit(s.url).netloc,
                                              "", "", None))}  # type: ignore[arg-type]
        for s in suggestions])
