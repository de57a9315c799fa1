"""Citizens' questions in the open-data API: the published questions and their answers
(``/api/v1/questions``, one of them by id) and the tracking lookup of a code
(``POST /api/v1/questions/track``).

Only what the public page shows leaves here: the ``public_*`` texts staff redacted when
publishing, the answering unit and its signer. A site lists its own published
questions; the province portal lists every active site's of the province (filtered by
``site``), read in an explicit ``unscoped()`` block restricted to published rows of that
province — the same rows the shared search finds. The list is not kept in the page
cache: the province's copy would outlive another site's unpublishing, which bumps only
that site's generation.

The tracking lookup is a POST so that codes stay out of access logs and caches; it is
rate-limited per client, answers ``no-store``, and shows the steps the citizen may see
(``PUBLIC_ACTIONS``), never the name, email or phone. Like every route of the API it is
exempt from CSRF (``hub.api.init_app``): it changes nothing and reads no cookie, so a
forged cross-site request can learn nothing its sender could not ask directly.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from flask import Response, request
from flask_babel import gettext as _
from sqlalchemy import Select, select
from werkzeug.exceptions import TooManyRequests

from hub.api import params
from hub.api.controllers import error, respond
from hub.api.openapi import DATETIME_OR_NULL, INT, STR, URI, _list_of, _obj, _operation, ref
from hub.api.params import Param, bad, date_param, enum_param, int_param
from hub.api.queries import _local_start, paginate
from hub.api.serialize import iso, page_links
from hub.cache.pages import cached_page
from hub.core.clock import aware, local_day
from hub.core.http import fail
from hub.core.openapi import N_, register_paths
from hub.core.ratelimit import allowed
from hub.extensions import db
from hub.public.sites import site_name
from hub.questions.codes import TRACK_RULE, display
from hub.questions.fields import FIELDS, field_label
from hub.questions.models import ANSWERED_STATES, Question, QuestionKind, QuestionState
from hub.questions.operations import find_by_code
from hub.questions.states import PUBLIC_ACTIONS, PUBLIC_STATE_LABELS
from tenants.context import current_site, unscoped
from tenants.hosts import base_url, primary_hosts, site_host
from tenants.models import Tenant, TenantStatus

S = QuestionState
PATH = "/hoi-dap/{id}"                    # the public page, ``questions.show``

MAX_CODE = 64                             # longer input is no code at all
REDACTED = "[***]"

# The citizen's view of a state: the unit's inner steps (classified, in review) are one.
PUBLIC_STATUS: dict[QuestionState, str] = {
    S.NEW: "received", S.CLASSIFIED: "in_progress", S.REVIEW: "in_progress",
    S.PROGRESS: "progress", S.FORWARDED: "forwarded", S.ANSWERED: "answered",
    S.PUBLISHED: "answered", S.CLOSED: "answered", S.REFUSED: "refused"}


def _field(name: str, raw: str) -> str:
    if raw not in FIELDS:
        bad(name, _("one of %(values)s is expected.", values=", ".join(FIELDS)))
    return raw


FILTERS: tuple[Param, ...] = (
    int_param("site", 1, 2**31 - 1, "Only this site's questions (a site id). A site "
              "lists its own; the province portal lists every site's of the province."),
    Param("field", _field, {"type": "string", "enum": list(FIELDS)}, "Field of the question."),
    enum_param("kind", QuestionKind, "A question, or a petition or recommendation."),
    date_param("from", "Only questions published on or after this day (YYYY-MM-DD)."),
    date_param("to", "Only questions published on or before this day (YYYY-MM-DD)."),
)


# --- reading -------------------------------------------------------------------------

def _listed_sites() -> list[int]:
    """The sites whose questions this host lists: itself, or on the province portal
    every active site of the province (itself included)."""
    site = current_site()
    if site.kind != "province":
        return [site.tenant_id]
    province = db.session.get(Tenant, site.tenant_id)
    return list(db.session.scalars(select(Tenant.id).where(
        Tenant.path.startswith(province.path), Tenant.status == TenantStatus.ACTIVE)))


def _published(tenant_ids: list[int]) -> Select[tuple[Question]]:
    """Published questions of ``tenant_ids`` in this host's language, newest first."""
    return (select(Question)
            .where(Question.state == S.PUBLISHED, Question.tenant_id.in_(tenant_ids),
                   Question.locale == current_site().locale)
            .order_by(Question.published_at.desc(), Question.id.desc()))


def _filtered(query: Select[tuple[Question]], values: dict[str, Any]
              ) -> Select[tuple[Question]]:
    if "field" in values:
        query = query.where(Question.field == values["field"])
    if "kind" in values:
        query = query.where(Question.kind == values["kind"])
    start, end = values.get("from"), values.get("to")
    if start and end and start > end:
        bad("from", _("must not be after “to”."))
    if start:
        query = query.where(Question.published_at >= _local_start(start))
    if end:
        query = query.where(Question.published_at < _local_start(end + timedelta(days=1)))
    return query


def _sites_of(questions: list[Question]) -> tuple[dict[int, Tenant], dict[int, dict[str, str]]]:
    ids = {question.tenant_id for question in questions}
    if not ids:
        return {}, {}
    tenants = {t.id: t for t in db.session.scalars(select(Tenant).where(Tenant.id.in_(ids)))}
    return tenants, primary_hosts(ids)


# --- JSON ------------------------------------------------------------------------------

def question_json(question: Question, tenant: Tenant | None,
                  hosts: dict[int, dict[str, str]]) -> dict[str, Any]:
    """A published question as the public page shows it, linked on its own site."""
    host = site_host(question.tenant_id, question.locale, hosts)
    base = base_url(host) if host else ""
    return {
        "id": question.id,
        "kind": question.kind.value,
        "field": {"key": question.field, "label": field_label(question.field)},
        "title": question.public_title,
        "question": question.public_body,
        "answer": question.public_answer,
        "answering_unit": question.answering_unit,
        "signer": {"name": question.signer_name, "title": question.signer_title},
        "asked_by": question.public_name,
        "received_on": local_day(aware(question.received_at)).isoformat(),
        "answered_at": iso(question.answered_at),
        "published_at": iso(question.published_at),
        "url": f"{base}{PATH.format(id=question.id)}",
        "api_url": f"{base}/api/v1/questions/{question.id}",
        "site": {"id": question.tenant_id,
                 "name": site_name(tenant, current_site().locale) if tenant else ""},
    }


def _effective_state(question: Question) -> QuestionState:
    """A forwarded question is where the receiving unit's row is (mirrored in
    ``forwarded_state``), once that unit has started on it."""
    if question.state is S.FORWARDED and question.forwarded_state:
        try:
            mirrored = QuestionState(question.forwarded_state)
        except ValueError:
            return question.state
        return question.state if mirrored is S.NEW else mirrored
    return question.state


def _without_citizen(text: str, question: Question) -> str:
    """``text`` (an answer, a note) without the citizen's own name, email or phone."""
    for value in (question.name, question.email, question.phone):
        value = (value or "").strip()
        if len(value) >= 3:
            text = re.sub(re.escape(value), REDACTED, text, flags=re.IGNORECASE)
    return text


def _step(event: Any, question: Question) -> dict[str, Any]:
    detail = event.detail or {}
    step: dict[str, Any] = {"action": event.action,
                            "label": str(PUBLIC_ACTIONS[event.action]),
                            "date": local_day(aware(event.created_at)).isoformat()}
    unit = (detail.get("unit_en") if current_site().locale == "en" else None) \
        or detail.get("unit")
    if unit:
        step["unit"] = unit
    if event.action == "progress" and detail.get("promised_on"):
        step["promised_on"] = detail["promised_on"]
    # What the unit wrote to the citizen; a note to the receiving unit stays inside.
    if event.action in ("progress", "refuse") and event.note:
        step["note"] = _without_citizen(event.note, question)
    return step


def tracking_json(question: Question) -> dict[str, Any]:
    """What the holder of the tracking code may know: where the question is, its
    public steps, the date owed and the answer sent."""
    state = _effective_state(question)
    answered = state in ANSWERED_STATES and question.answered_at is not None
    deadline = question.deadline
    return {
        "code": display(question.code or ""),
        "status": {"state": PUBLIC_STATUS[state], "label": str(PUBLIC_STATE_LABELS[state])},
        "received_on": local_day(aware(question.received_at)).isoformat(),
        "deadline": local_day(deadline).isoformat()
        if deadline and not answered and state is not S.REFUSED else None,
        "steps": [_step(event, question) for event in question.events
                  if event.public and event.action in PUBLIC_ACTIONS],
        "answer": {"answer": _without_citizen(question.answer, question),
                   "answering_unit": question.answering_unit,
                   "signer": {"name": question.signer_name,
                              "title": question.signer_title},
                   "answered_at": iso(question.answered_at)} if answered else None,
    }


# --- handlers ----------------------------------------------------------------------------

def index() -> Response:
    values = params.read(params.PAGING + FILTERS)
    sites = _listed_sites()
    if "site" in values:
        if values["site"] not in sites:
            bad("site", _("no such site here: a site lists its own questions, the "
                          "province portal those of every site of the province."))
        sites = [values["site"]]
    query = _filtered(_published(sites), values)
    if current_site().kind == "province":
        with unscoped():  # published rows of the province's sites, nothing else
            page = paginate(query, values)
    else:
        page = paginate(query, values)
    tenants, hosts = _sites_of(page.items)
    filters = {k: iso(v) for k, v in values.items() if k not in ("page", "per_page")}
    return respond({
        "data": [question_json(q, tenants.get(q.tenant_id), hosts) for q in page.items],
        "meta": {"page": page.page, "per_page": page.per_page, "total": page.total,
                 "pages": page.pages},
        "links": page_links("api.questions", page, filters),
    })


@cached_page
def show(question_id: int) -> Response:
    params.read(())
    question = db.session.scalar(_published([current_site().tenant_id])
                                 .where(Question.id == question_id))
    if question is None:
        fail(404, _("There is no such published question on this site."))
    tenants, hosts = _sites_of([question])
    return respond({"data": question_json(question, tenants.get(question.tenant_id),
                                          hosts)})


def _typed_code() -> str:
    if request.is_json:
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            fail(400, _("The body must be a JSON object such as {\"code\": \"…\"}."))
        code = body.get("code")
    else:
        code = request.form.get("code")
    if code is None or (isinstance(code, str) and not code.strip()):
        bad("code", _("the tracking code is required."))
    return code if isinstance(code, str) and len(code) <= MAX_CODE else ""


def track() -> Response:
    params.read(())  # a code in the query string would land in the logs
    if not allowed(TRACK_RULE):
        exc = TooManyRequests(_("Too many lookups from your connection. Please wait a "
                                "few minutes and try again."))
        exc.portal_reason = True  # type: ignore[attr-defined]
        response = error(exc)
        response.headers["Retry-After"] = str(TRACK_RULE.window_seconds)
        return response
    question = find_by_code(_typed_code())
    if question is None:
        fail(404, _("No question with this tracking code was sent to this site. Check "
                    "the code in the message you received: twelve letters and digits."))
    response = respond({"data": tracking_json(question)})
    response.headers["Cache-Control"] = "no-store"
    return response


# --- the OpenAPI document (registered by ``hub.api.init_app``) ---------------------------

DATE = {"type": "string", "format": "date"}
DATE_OR_NULL = {"type": ["string", "null"], "format": "date"}


def register_openapi() -> None:
    """Add the questions' paths and schemas to the document ``hub.api.openapi`` renders
    (through ``hub.core.openapi``, which that module reads: it cannot import this one,
    which builds on its helpers)."""
    register_paths(openapi_paths(), openapi_schemas())


def openapi_schemas() -> dict[str, Any]:
    signer = _obj({"name": STR, "title": STR})
    step = _obj({"action": {"type": "string", "enum": list(PUBLIC_ACTIONS)}, "label": STR,
                 "date": DATE, "unit": STR, "promised_on": DATE, "note": STR},
                required=["action", "label", "date"])
    return {
        "Question": _obj({
            "id": INT, "kind": {"type": "string", "enum": [k.value for k in QuestionKind]},
            "field": _obj({"key": {"type": "string", "enum": list(FIELDS)}, "label": STR}),
            "title": STR, "question": STR,
            "answer": {"type": "string", "description": "Sanitised HTML."},
            "answering_unit": STR, "signer": signer,
            "asked_by": {"type": "string", "description": "The shortened name the "
                                                          "asker is published under."},
            "received_on": DATE, "answered_at": DATETIME_OR_NULL,
            "published_at": DATETIME_OR_NULL, "url": URI, "api_url": URI,
            "site": _obj({"id": INT, "name": STR})}),
        "QuestionList": _list_of("Question"),
        "QuestionDetail": _obj({"data": ref("Question")}),
        "Tracking": _obj({
            "code": STR,
            "status": _obj({"state": {"type": "string",
                                      "enum": sorted(set(PUBLIC_STATUS.values()))},
                            "label": STR}),
            "received_on": DATE, "deadline": DATE_OR_NULL,
            "steps": {"type": "array", "items": step},
            "answer": {"oneOf": [{"type": "null"}, _obj({
                "answer": {"type": "string", "description": "Sanitised HTML."},
                "answering_unit": STR, "signer": signer,
                "answered_at": DATETIME_OR_NULL})]}}),
        "TrackingDetail": _obj({"data": ref("Tracking")}),
        "TrackingRequest": _obj({"code": {"type": "string", "maxLength": MAX_CODE,
                                          "description": "The tracking code, as "
                                          "written in the receipt (K7QM-4XTB-9RWH)."}}),
    }


def openapi_paths() -> dict[str, Any]:
    def error(description: str) -> dict[str, Any]:
        return {"description": description,
                "content": {"application/json": {"schema": ref("Error")}}}

    body = {"schema": ref("TrackingRequest")}
    return {
        "/api/v1/questions": _operation(
            "list_questions", "questions", N_(
                "Published questions and answers of this site (Decree 42/2022 Art. "
                "5.1.k); on the province portal, of every site."),
            "QuestionList", params.PAGING + FILTERS),
        "/api/v1/questions/{question_id}": _operation(
            "get_question", "questions", "One published question and its answer.",
            "QuestionDetail", path_id="question_id"),
        "/api/v1/questions/track": {"post": {
            "operationId": "track_question", "tags": ["questions"],
            "summary": "Where a question sent to this site is, by its tracking code "
                       "(POST, so the code stays out of logs; rate-limited).",
            "requestBody": {"required": True, "content": {
                "application/json": body, "application/x-www-form-urlencoded": body}},
            "responses": {
                "200": {"description": "OK", "content": {"application/json": {
                    "schema": ref("TrackingDetail")}}},
                "400": error("The code is missing, or a parameter was given."),
                "404": error("No question with this code was sent to this site."),
                "429": error("Too many lookups from this client; see Retry-After."),
            }}},
    }
