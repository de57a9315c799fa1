"""The search endpoints in the portal's OpenAPI document: registered with
``hub.core.openapi``, which ``hub.api`` renders."""

from __future__ import annotations

from typing import Any

from hub.content.models import LegalDocumentType
from hub.core.openapi import N_, register_paths
from hub.core.periods import EARLIEST_YEAR, LATEST_YEAR
from search.params import MAX_COPY_KEY, MAX_PAGE, MAX_PER_PAGE, SCOPES, SORTS, TYPES
from search.types import FACETS, MAX_QUERY_LENGTH


def _param(name: str, schema: dict[str, Any], description: str,
           many: bool = False) -> dict[str, Any]:
    if many:
        schema = {"type": "array", "items": schema}
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description, **({"explode": True} if many else {})}


def _error(description: str) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def register_openapi() -> None:
    q = _param("q", {"type": "string", "maxLength": MAX_QUERY_LENGTH},
               "Words, with or without diacritics, \"quoted phrases\", or a document "
               "number such as 40/2024/QĐ-UBND.")
    params = [
        q,
        _param("scope", {"type": "string", "enum": list(SCOPES)},
               "site: this host's site; subtree: it and its sub-sites; all: every site "
               "(default on the province portal)."),
        _param("type", {"type": "string", "enum": list(TYPES)},
               "Item types; \"question\": published questions and their answers.",
               many=True),
        _param("site", {"type": "integer"}, "Site ids.", many=True),
        _param("field", {"type": "string"}, "Field of the documents and procedures.", many=True),
        _param("document_type", {"type": "string",
                                 "enum": [t.value for t in LegalDocumentType]},
               "Legal document types.", many=True),
        _param("issuer", {"type": "string"}, "Issuing bodies.", many=True),
        _param("from", {"type": "string", "format": "date"},
               f"Published on or after (years {EARLIEST_YEAR}–{LATEST_YEAR})."),
        _param("to", {"type": "string", "format": "date"},
               f"Published on or before (years {EARLIEST_YEAR}–{LATEST_YEAR})."),
        _param("sort", {"type": "string", "enum": list(SORTS)}, "Order of results."),
        _param("copies_of", {"type": "string", "maxLength": MAX_COPY_KEY},
               "Every site's copy of one document: a result's copies_of value. Without "
               "it, a search over several sites gives one result per document."),
        _param("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}, "Page."),
        _param("per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
               "Results per page."),
    ]
    bucket = {"type": "object", "required": ["value", "label", "count"], "properties": {
        "value": {"type": "string",
                  "description": "What to pass back in the parameter of the same name "
                                 "(a site's id for \"site\")."},
        "label": {"type": "string",
                  "description": "The value's readable name in the host's language: the "
                                 "site's name, the type's or document type's label; "
                                 "the value itself for issuers, fields and years."},
        "count": {"type": "integer"}}}
    schemas = {
        "SearchResult": {"type": "object", "required": ["title", "url", "site", "type",
                                                        "snippet", "file", "published_at",
                                                        "copies", "copies_of"],
                         "properties": {
                             "title": {"type": "string"},
                             "url": {"type": "string", "format": "uri"},
                             "site": {"type": "string"},
                             "type": {"type": "string"},
                             "snippet": {"type": "string",
                                         "description": "HTML: escaped text, matches "
                                                        "in <mark>."},
                             "file": {"type": ["string", "null"],
                                      "description": "The name of the attached file "
                                                     "the snippet comes from, when the "
                                                     "words were found only there."},
                             "published_at": {"type": ["string", "null"],
                                              "format": "date-time"},
                             "copies": {"type": "integer", "minimum": 1,
                                        "description": "How many sites publish this "
                                                       "document (a decision reposted "
                                                       "by its units, a procedure every "
                                                       "commune carries); the result is "
                                                       "the issuing site's copy, or the "
                                                       "searching site's own."},
                             "copies_of": {"type": ["string", "null"],
                                           "description": "Pass it as copies_of to list "
                                                          "every site's copy; null when "
                                                          "only one site publishes it."}}},
        "SearchResponse": {"type": "object",
                           "required": ["total", "results", "facets", "suggestion"],
                           "properties": {
                               "total": {"type": "integer"},
                               "suggestion": {
                                   "type": ["string", "null"],
                                   "description": "Did you mean: when nothing was found, "
                                                  "the query with its misspelt words "
                                                  "corrected to words of the index, "
                                                  "given only when it finds results; "
                                                  "otherwise null. Words typed without "
                                                  "diacritics take the items' own "
                                                  "(embedded search); the Elasticsearch "
                                                  "backend answers without diacritics, "
                                                  "as its folded fields hold them."},
                               "results": {"type": "array", "items": {
                                   "$ref": "#/components/schemas/SearchResult"}},
                               "facets": {"type": "object", "properties": {
                                   name: {"type": "array", "items": bucket}
                                   for name in FACETS}}}},
        "SearchSuggestions": {"type": "object", "required": ["suggestions"], "properties": {
            "suggestions": {"type": "array", "items": {
                "type": "object", "required": ["title", "url"],
                "properties": {"title": {"type": "string"},
                               "url": {"type": "string", "format": "uri"}}}}}},
    }
    ok = {"application/json": {"schema": {"$ref": "#/components/schemas/SearchResponse"}}}
    paths = {
        "/api/v1/search": {"get": {
            "summary": N_("Search the published items of every site of the province"),
            "operationId": "search", "tags": ["search"], "parameters": params,
            "responses": {"200": {"description": "Results", "content": ok},
                          "400": _error("A parameter is invalid."),
                          "503": _error("Search is temporarily unavailable.")}}},
        "/api/v1/search/suggest": {"get": {
            "summary": N_("Titles completing what was typed (the last word as a prefix)"),
            "operationId": "searchSuggest", "tags": ["search"], "parameters": params[:2],
            "responses": {"200": {"description": "Suggestions", "content": {
                "application/json": {"schema": {
                    "$ref": "#/components/schemas/SearchSuggestions"}}}},
                "400": _error("A parameter is invalid."),
                "503": _error("Search is temporarily unavailable.")}}},
    }
    register_paths(paths, schemas)
