"""Public pages of the problem reports, on every site's host.

- ``/<section>/<slug>/bao-loi``: the form below a published item's page (the item's
  own address, as its print view ``/in`` and download ``/tai-ve``). A post passes, in
  this order, the honeypot, the limits per client and per site, the proof-of-work and
  the service's checks; each refusal says why, keeps what was typed and stores nothing.
  The proof is spent in the transaction that stores the report.
- ``/bao-loi/thu-thach``: a proof-of-work challenge for this site.
- ``/bao-loi/da-gui``: thanks, and where to go back.

Nothing here commits; nothing here is cached (a form with a token).
"""

from __future__ import annotations

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

from hub.cache.pages import uncached_page
from hub.content.addresses import TYPES_BY_SECTION, item_url
from hub.content.models import ContentItem
from hub.core.http import fail
from hub.core.ratelimit import Rule
from hub.extensions import db
from hub.intake import proof
from hub.problems import operations
from hub.problems.forms import ReportForm
from hub.public.queries import current_locale, public_items

SENT_KEY = "problem_sent_item"   # the page to go back to, shown once
SEGMENT = "bao-loi"
CHALLENGE_RULE = Rule("problems.challenge", 60, 60)


def _rules() -> tuple[Rule, Rule]:
    per_client = int(current_app.config.get("PROBLEM_RATE_PER_CLIENT", 5))
    return (Rule("problems.report", per_client, 600),
            Rule("problems.report.site", 300, 3600))


def report_path(item: ContentItem) -> str:
    """The form's address below ``item``'s page: ``/tin-tuc/<slug>/bao-loi``."""
    return f"{item_url(item)}/{SEGMENT}"


def _published_item(section: str, slug: str) -> ContentItem:
    """The published item at ``/<section>/<slug>`` on this host, or the 404 page."""
    content_type = TYPES_BY_SECTION.get(section)
    if content_type is None or len(slug) > 200:
        fail(404, _("The page you are looking for does not exist or has been moved."))
    model = ContentItem.__mapper__.polymorphic_map[content_type].class_
    item = db.session.scalar(public_items(model).where(model.slug == slug).limit(1))
    if item is None:
        fail(404, _("The page you are looking for does not exist or has been moved."))
    return item


def _page(form: ReportForm, item: ContentItem, *, error: str | None = None,
          status: int = 200) -> Response:
    response = make_response(render_template(
        "problems/public/report.html", form=form, item=item, error=error,
        proof_field=proof.PROOF_FIELD, body_max=operations.BODY_MAX), status)
    response.headers["Cache-Control"] = "no-store"
    return response


@uncached_page
def report(section: str, slug: str) -> Response:
    item = _published_item(section, slug)
    form = ReportForm()
    if request.method == "GET":
        return _page(form, item)
    try:
        challenge = proof.screen(_rules(), lambda minutes: _(
            "Too many reports have been sent from here in a short time. Your text is "
            "kept below: please wait %(minutes)s minutes and send it again.",
            minutes=minutes))
    except proof.ProofRejected as refused:
        return proof.refusal(_page(form, item, status=refused.status,
                                   error=refused.reason), refused)
    try:
        operations.receive(item, **form.values(), consent=bool(form.consent.data),
                           locale=current_locale())
        proof.spend(challenge)
    except proof.ProofRejected as refused:
        return _page(form, item, status=400, error=refused.reason)
    except operations.ProblemError as invalid:
        form.show_errors(invalid.errors)
        return _page(form, item, status=400, error=_(
            "The report was not sent. Please correct what is marked below."))
    session[SENT_KEY] = item_url(item)
    return redirect(url_for("problems.sent"), 303)  # type: ignore[return-value]


@uncached_page
def sent() -> Response:
    back = session.pop(SENT_KEY, None)
    response = make_response(render_template("problems/public/sent.html", back=back))
    response.headers["Cache-Control"] = "no-store"
    return response


@uncached_page
def challenge() -> Response:
    """A fresh proof-of-work challenge for this site's report form (JSON)."""
    return proof.challenge_response(CHALLENGE_RULE)
