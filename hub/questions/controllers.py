"""Public pages of the questions (Hỏi – Đáp) on every site's host.

- ``/hoi-dap``: the published questions of this site; on the province portal, of every
  site of the province (read across sites, but only published rows and only their
  ``public_*`` columns), filtered by site and field. Cached like the news list.
- ``/hoi-dap/<id>``: one published question of this site with its answer.
- ``/hoi-dap/gui-cau-hoi``: the form. A post passes, in this order, the honeypot, the
  limits per client and per site, the proof-of-work, the service's checks and the
  attachment's; each refusal says why, keeps what was typed and stores nothing (an
  error response rolls the request back). The proof is spent in the transaction that
  stores the question.
- ``/hoi-dap/da-gui``: the tracking code, passed once through the session, never in
  an address (logs, history and referrers would keep it).
- ``/hoi-dap/tra-cuu``: the citizen follows a question with its code. Never cached, no
  referrer; an unknown code and a malformed one get the same answer.
- ``/hoi-dap/du-lieu-ca-nhan``: the notice on personal data (Decree 13/2023/NĐ-CP).

Load -> check -> act, as everywhere; nothing here commits.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, NamedTuple

from flask import (
    Response,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import load_only

from hub.cache.memo import tenant_memo
from hub.cache.pages import cached_page, uncached_page
from hub.core.clock import aware
from hub.core.http import fail
from hub.core.ratelimit import Rule, allowed
from hub.core.sanitize import clean_html
from hub.extensions import db
from hub.files.operations import (
    ALLOWED_EXTENSIONS,
    UploadRejected,
    max_upload_bytes,
    store_upload,
)
from hub.formatting import day_formatter, format_day, machine_time
from hub.intake import proof
from hub.public.home import HomeLink, HomeSection
from hub.public.queries import current_locale, paginate
from hub.public.statements import built_once
from hub.questions import codes, operations
from hub.questions.fields import FIELDS, asked_fields, field_label
from hub.questions.forms import AskForm, TrackForm
from hub.questions.models import ANSWERED_STATES, Question, QuestionState
from hub.questions.states import KIND_LABELS, PUBLIC_ACTIONS, PUBLIC_STATE_LABELS
from tenants.context import current_site, unscoped
from tenants.hosts import base_url, primary_hosts, site_host
from tenants.models import Tenant, TenantStatus

S = QuestionState
SENT_KEY = "question_sent_code"   # the session key of the code shown once
SITE_FILTER, FIELD_FILTER = "don-vi", "linh-vuc"
ATTACHMENT_ALT = "question attachment"  # never shown: the file is not public


# --- limits ------------------------------------------------------------------------------

def _ask_rules() -> tuple[Rule, Rule]:
    config = current_app.config
    return (Rule("questions.ask", int(config.get("QUESTION_RATE_PER_CLIENT", 5)), 600),
            Rule("questions.ask.site", int(config.get("QUESTION_RATE_PER_SITE", 300)), 3600))


CHALLENGE_RULE = Rule("questions.challenge", 60, 60)
TRACK_RULE = codes.TRACK_RULE


# --- the lists ---------------------------------------------------------------------------

class QuestionEntry(NamedTuple):
    """A published question as the list shows it, ready to print (public columns only):
    the loader makes every entry's text in one pass, as the news list does."""
    url: str
    title: str
    meta: str             # "Question · Field: Land · Sent by: Nguyễn V. A. · Site"
    published: str        # ISO 8601 for <time datetime>
    published_label: str  # "Published on 04/12/2026"


HOME_QUESTIONS = 4
LIST_COLUMNS = (Question.id, Question.tenant_id, Question.kind, Question.field,
                Question.public_title, Question.public_name, Question.published_at)


@built_once
def published_questions(locale: str, field: str | None) -> Select[Any]:
    """Published questions on a host of ``locale``, newest first, of one ``field`` or
    all; an English host lists the questions asked in English only (it shows no
    Vietnamese). Built once per process and argument (``hub.public.statements``)."""
    query = select(*LIST_COLUMNS).where(Question.state == S.PUBLISHED) \
        .order_by(Question.published_at.desc(), Question.id.desc())
    if locale != "vi":
        query = query.where(Question.locale == locale)
    if field is not None:
        query = query.where(Question.field == field)
    return query


@built_once
def _home_questions(locale: str) -> Select[Any]:
    return published_questions(locale, None).limit(HOME_QUESTIONS)


def home_section(locale: str) -> HomeSection | None:
    """The site's newest answered questions for its home page (``hub.public.home``), in
    one statement; None while the site has published none."""
    rows = db.session.execute(_home_questions(locale)).all()
    if not rows:
        return None
    day = day_formatter()
    return HomeSection(
        "questions", _("Questions and answers"),
        tuple(HomeLink(row.public_title, url_for("questions.show", question_id=row.id),
                       day(row.published_at)) for row in rows),
        _("All questions"), url_for("questions.index"))


@built_once
def province_questions(locale: str, field: str | None) -> Select[Any]:
    """``published_questions`` of every active site under the province whose path is
    bound as ``path`` (a subquery: no list of ids to render at every request)."""
    sites = select(Tenant.id).where(Tenant.path.startswith(bindparam("path")),
                                    Tenant.status == TenantStatus.ACTIVE)
    return published_questions(locale, field).where(Question.tenant_id.in_(sites))


def _field_options(chosen: str | None) -> Markup:
    """The field filter's options in the host's language, rendered once per choice."""
    return Markup("").join(
        Markup('<option value="{}"{}>{}</option>').format(
            key, Markup(" selected") if key == chosen else "", str(label))
        for key, label in FIELDS.items())


class ProvinceSites(NamedTuple):
    """The province's active sites as its list of questions needs them: kept per
    process until the province's content changes (``tenant_memo``), plain data only."""
    path: str                             # the province's, "/1/"
    names: dict[int, str]                 # in the host's language
    hosts: dict[int, dict[str, str]]      # ``tenants.hosts.primary_hosts``
    options: tuple[tuple[str, str], ...]  # (id, name) for the filter: itself first


def _province_sites() -> ProvinceSites:
    site = current_site()
    province = db.session.get(Tenant, site.tenant_id)
    tenants = sorted(db.session.scalars(select(Tenant).where(
        Tenant.path.startswith(province.path), Tenant.status == TenantStatus.ACTIVE)
        .order_by(Tenant.name)), key=lambda tenant: tenant.id != province.id)
    names = {tenant.id: tenant.name_in(site.locale) for tenant in tenants}
    return ProvinceSites(province.path, names, primary_hosts(names),
                         tuple((str(tenant_id), name) for tenant_id, name in names.items()))


def _site_options(sites: ProvinceSites, chosen: str | None) -> Markup:
    """The site filter's options, rendered once per choice (some 80 sites)."""
    return Markup("").join(
        Markup('<option value="{}"{}>{}</option>').format(
            value, Markup(" selected") if value == chosen else "", name)
        for value, name in sites.options)


def _filter_value(name: str, allowed_values: set[str], reason: str) -> str | None:
    raw = request.args.get(name, "")
    if raw == "":
        return None
    if raw not in allowed_values:
        fail(400, reason)
    return raw


def _entries_loader(names: dict[int, str], own_tenant_id: int,  # type: ignore[no-untyped-def]
                    hosts: dict[int, dict[str, str]]):
    """Rows -> entries; another site's question links to its own host."""
    locale = current_locale()

    def load(statement: Select[Any]) -> list[QuestionEntry]:
        rows = db.session.execute(statement).all()
        # ``questions.show`` is /hoi-dap/<id>: the list's address and the id.
        section = url_for("questions.index")
        field_word, sent_by = _("Field"), _("Sent by")
        kinds = {kind: str(label) for kind, label in KIND_LABELS.items()}
        entries = []
        for row in rows:
            path = f"{section}/{row.id}"
            if row.tenant_id != own_tenant_id:
                host = site_host(row.tenant_id, locale, hosts)
                path = base_url(host) + path if host else path
            meta = [kinds[row.kind], f"{field_word}: {field_label(row.field)}",
                    f"{sent_by}: {row.public_name}"]
            if names.get(row.tenant_id):
                meta.append(names[row.tenant_id])
            published = aware(row.published_at)
            entries.append(QuestionEntry(
                path, row.public_title, " · ".join(meta),
                machine_time(published),
                _("Published on %(day)s", day=format_day(published)) if published else ""))
        return entries
    return load


@cached_page
def index() -> str:
    site = current_site()
    field = _filter_value(FIELD_FILTER, set(FIELDS),
                          _("There is no such field. Please choose one from the list."))
    query = published_questions(current_locale(), field)
    field_options = tenant_memo("questions.field_options",
                                lambda: _field_options(field), field)
    if site.kind != "province":
        if request.args.get(SITE_FILTER):
            fail(400, _("Only the province portal lists the questions of other sites."))
        pagination = paginate(query, load=_entries_loader({}, site.tenant_id, {}))
        return render_template("questions/public/index.html", pagination=pagination,
                               field_options=field_options, site_options=None)
    sites = tenant_memo("questions.province_sites", _province_sites)
    chosen_site = _filter_value(SITE_FILTER, {value for value, _name in sites.options},
                                _("There is no such site in the province. Please choose "
                                  "one from the list."))
    # Across the province's sites: published rows only, public columns only.
    query = (query.where(Question.tenant_id == int(chosen_site)) if chosen_site
             else province_questions(current_locale(), field))
    with unscoped():
        pagination = paginate(query.params(path=sites.path),
                              load=_entries_loader(sites.names, site.tenant_id, sites.hosts))
    return render_template(
        "questions/public/index.html", pagination=pagination, field_options=field_options,
        site_options=tenant_memo("questions.site_options",
                                 lambda: _site_options(sites, chosen_site), chosen_site))


PUBLIC_COLUMNS = (Question.kind, Question.field, Question.state, Question.locale,
                  Question.public_title, Question.public_name, Question.public_body,
                  Question.public_answer, Question.answering_unit, Question.signer_name,
                  Question.signer_title, Question.answered_at, Question.published_at)


@cached_page
def show(question_id: int) -> str:
    query = select(Question).options(load_only(*PUBLIC_COLUMNS)).where(
        Question.id == question_id, Question.state == S.PUBLISHED)
    if current_locale() != "vi":
        query = query.where(Question.locale == current_locale())
    question = db.session.scalar(query)  # another site's: not found (tenant scope)
    if question is None:
        fail(404, _("This question has not been published, or does not exist."))
    return render_template("questions/public/show.html", question=question,
                           answer=clean_html(question.public_answer),
                           field=field_label(question.field),
                           kind=KIND_LABELS[question.kind],
                           published_at=aware(question.published_at),
                           answered_at=aware(question.answered_at))


# --- asking ------------------------------------------------------------------------------

def _ask_page(form: AskForm, *, error: str | None = None, status: int = 200) -> Response:
    response = make_response(render_template(
        "questions/public/ask.html", form=form, error=error,
        proof_field=proof.PROOF_FIELD, body_max=operations.BODY_MAX,
        upload_types=", ".join(sorted(ALLOWED_EXTENSIONS)),
        upload_max_mb=max_upload_bytes() // (1024 * 1024)), status)
    response.headers["Cache-Control"] = "no-store"
    return response


def _refused(form: AskForm, reason: str, status: int = 400) -> Response:
    return _ask_page(form, error=reason, status=status)


def _ask_form() -> AskForm:
    tenant = db.session.get(Tenant, current_site().tenant_id)
    return AskForm(asked=asked_fields(tenant))


@uncached_page
def ask() -> Response:
    form = _ask_form()
    if request.method == "GET":
        return _ask_page(form)
    try:
        challenge = proof.screen(_ask_rules(), lambda minutes: _(
            "Too many questions have been sent from here in a short time. Your text is "
            "kept below: please wait %(minutes)s minutes and send it again.",
            minutes=minutes))
    except proof.ProofRejected as refused:
        return proof.refusal(_refused(form, refused.reason, status=refused.status),
                             refused)
    errors: dict[str, str] = {}
    try:
        operations.check_submission(**form.values())
    except operations.QuestionError as invalid:
        errors.update(invalid.errors)
    if not form.consent.data:
        errors["consent"] = _("Please agree to the processing of your personal data, or "
                              "we cannot answer you.")
    if errors:
        form.show_errors(errors)
        return _refused(form, _("The question was not sent. Please correct what is "
                                "marked below."))
    attachment = None
    upload = form.attachment.data if "attachment" in form.asked else None
    if upload is not None and getattr(upload, "filename", ""):
        try:
            attachment = store_upload(upload, alt_text=ATTACHMENT_ALT, by=None)
        except UploadRejected as rejected:
            form.show_errors({"attachment": rejected.reason})
            return _refused(form, _("The question was not sent: the attached file was "
                                    "refused. Please choose another file, or send without "
                                    "one."), status=rejected.status)
    try:
        # Received first, spent last: the first write of the transaction takes the
        # embedded database's write lock, which is then held for the writes alone.
        question = operations.receive(**form.values(), attachment=attachment,
                                      consent=True, locale=current_locale())
        proof.spend(challenge)
    except proof.ProofRejected as refused:
        return _refused(form, refused.reason)
    except operations.QuestionError as invalid:
        form.show_errors(invalid.errors)
        return _refused(form, _("The question was not sent. Please correct what is "
                                "marked below."))
    session[SENT_KEY] = question.code
    return redirect(url_for("questions.sent"), 303)  # type: ignore[return-value]


@uncached_page
def sent() -> Response:
    code = session.pop(SENT_KEY, None)
    return _private(make_response(render_template(
        "questions/public/sent.html", code=codes.display(code) if code else None)))


@uncached_page
def challenge() -> Response:
    """A fresh proof-of-work challenge for this site's form (JSON, never stored)."""
    return proof.challenge_response(CHALLENGE_RULE)


# --- tracking ----------------------------------------------------------------------------

class TrackStep(NamedTuple):
    at: datetime | None
    label: str
    unit: str
    promised_on: date | None
    note: str


def _effective_state(question: Question) -> QuestionState:
    """What the citizen is told: a forwarded question is where the receiving unit is."""
    if question.state is S.FORWARDED and question.forwarded_state:
        try:
            return S(question.forwarded_state)
        except ValueError:
            return question.state
    return question.state


def _steps(question: Question) -> list[TrackStep]:
    unit_key = "unit_en" if current_locale() == "en" else "unit"
    steps = []
    for event in question.events:
        if not event.public or event.action not in PUBLIC_ACTIONS:
            continue
        detail = event.detail or {}
        unit = str(detail.get(unit_key) or detail.get("unit") or "") \
            if event.action in ("forward", "send") else ""
        promised = detail.get("promised_on") if event.action == "progress" else None
        try:
            promised_on = date.fromisoformat(promised) if promised else None
        except (TypeError, ValueError):
            promised_on = None
        note = event.note if event.action in ("progress", "refuse") else ""
        steps.append(TrackStep(aware(event.created_at), str(PUBLIC_ACTIONS[event.action]),
                               unit, promised_on, note))
    return steps


def _tracking(question: Question) -> dict[str, Any]:
    state = _effective_state(question)
    answered = state in ANSWERED_STATES
    deadline = None
    if state not in ANSWERED_STATES and state is not S.REFUSED:
        deadline = aware(question.promised_at) if question.state is S.FORWARDED \
            else question.deadline
    return {"question": question, "kind": KIND_LABELS[question.kind],
            "status": PUBLIC_STATE_LABELS[state], "deadline": deadline,
            "steps": _steps(question), "answered": answered,
            "received_at": aware(question.received_at),
            "answered_at": aware(question.answered_at),
            "answer": clean_html(question.answer) if answered else "",
            "refused": state is S.REFUSED}


def _private(response: Response) -> Response:
    """The tracking page is the citizen's: no shared cache, no referrer leaving it."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _track_page(form: TrackForm, *, status: int = 200, error: str | None = None,
                found: dict[str, Any] | None = None) -> Response:
    return _private(make_response(render_template(
        "questions/public/track.html", form=form, error=error, found=found or {}),
        status))


@uncached_page
def track() -> Response:
    looking_up = request.method == "POST" or "ma" in request.args
    form = TrackForm(formdata=request.form if request.method == "POST" else request.args)
    if not looking_up:
        return _track_page(TrackForm(formdata=None))
    if not allowed(TRACK_RULE):
        response = _track_page(form, status=429, error=_(
            "Too many look-ups from here in a short time. Please wait %(minutes)s "
            "minutes and try again.", minutes=TRACK_RULE.window_seconds // 60))
        response.headers["Retry-After"] = str(TRACK_RULE.window_seconds)
        return response
    question = operations.find_by_code(form.code.data)
    if question is None:
        return _track_page(form, status=404, error=_(
            "No question has this tracking code on this site. Please check the code in "
            "the message you received (letters and digits, in three groups of four)."))
    return _track_page(form, found=_tracking(question))


# --- personal data -------------------------------------------------------------------------

@cached_page
def privacy() -> str:
    tenant = db.get_or_404(Tenant, current_site().tenant_id)
    facts = tenant.footer_facts(current_locale())
    contact = {key: facts.get(key, "") for key in ("email", "phone", "address")}
    # The site's own notice is written in Vietnamese: other hosts keep the standard one.
    own_notice = str(tenant.setting("privacy_notice") or "").strip() \
        if current_locale() == "vi" else ""
    return render_template(
        "questions/public/privacy.html", contact=contact,
        site=tenant.name_in(current_locale()),
        own_paragraphs=[part.strip() for part in own_notice.split("\n\n") if part.strip()],
        retention_years=int(current_app.config.get("QUESTION_RETENTION_YEARS", 5)))
