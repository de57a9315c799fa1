"""Public pages of the ratings on every site's host (Vietnamese and English alike).

- ``/danh-gia``: the rating form — four marks (interface, content, quality, the
  agency's support) as radio groups and an optional comment — and the notice of what is
  kept. A post passes the honeypot, the limits per client and per site, the origin,
  the proof-of-work and the checks; each refusal says why, keeps what was chosen and
  stores nothing.
- ``/danh-gia/trang``: the "Was this page useful?" control at the foot of every public
  page posts here (yes or no, and the page's path).
- ``/danh-gia/cam-on``: thanks (and, for a repeat the same day, that it was counted
  once already).
- ``/danh-gia/thu-thach``: a proof-of-work challenge for the form (JSON).

No cookie, no session, no CSRF token: the pages are the same for everyone, so they are
cached and the control can be static markup in every cached page. Flask-WTF's CSRF
token lives in the session cookie, so these two posts are exempt from it and guarded
without a cookie instead:

- The rating form's anti-forgery token is its proof-of-work (``hub.intake.proof``): a
  challenge signed with the app's key, bound to this site, expiring, spent once. A page
  of another origin cannot read ``/danh-gia/thu-thach`` (JSON without CORS), so it
  cannot obtain a challenge to solve; a program that can is not a forged request of a
  visitor's browser, and pays the work and the limits like anyone.
- The page control is too small to be worth a proof-of-work on every page (every
  reader would pay for the few who answer): it is refused when the browser says the
  post comes from another origin (``Origin``, ``Sec-Fetch-Site``), limited per client
  and per site, and damped to one answer per client, page and day.

Load -> check -> act; nothing here commits.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from flask import (
    Response,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from werkzeug.exceptions import NotFound, TooManyRequests
from werkzeug.routing import RequestRedirect

from hub.cache.pages import cached_page, is_public_page, uncached_page
from hub.core.http import fail
from hub.core.ratelimit import Rule
from hub.intake import proof
from hub.public.queries import current_locale
from hub.ratings import operations
from hub.ratings.models import ASPECTS, COMMENT_MAX
from hub.ratings.operations import ASPECT_LABELS, MARK_LABELS, RatingError

RATE_RULES = (Rule("ratings.rate", 5, 600), Rule("ratings.rate.site", 600, 3600))
USEFUL_RULES = (Rule("ratings.useful", 30, 600), Rule("ratings.useful.site", 5000, 3600))
CHALLENGE_RULE = Rule("ratings.challenge", 60, 60)
PAGE_FIELD, USEFUL_FIELD = "page", "useful"
USEFUL_VALUES = {"yes": True, "no": False}


def _from_elsewhere() -> bool:
    """Does the browser say this post was made by a page of another origin?"""
    if request.headers.get("Sec-Fetch-Site", "") == "cross-site":
        return True
    origin = request.headers.get("Origin")
    if not origin or origin == "null":
        return bool(origin)
    return urlsplit(origin).netloc.lower() != request.host.lower()


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


# --- the rating form -------------------------------------------------------------------

def _form_page(values: dict[str, str] | None = None, errors: dict[str, str] | None = None,
               error: str | None = None, status: int = 200) -> Response:
    return make_response(render_template(
        "ratings/rate.html", values=values or {}, errors=errors or {}, error=error,
        aspects=ASPECTS, aspect_labels=ASPECT_LABELS, mark_labels=MARK_LABELS,
        comment_max=COMMENT_MAX, proof_field=proof.PROOF_FIELD), status)


def _typed() -> dict[str, str]:
    return {key: request.form.get(key, "") for key in (*ASPECTS, "comment")}


@cached_page
def rate() -> Response:
    if request.method == "GET":
        return _form_page()
    values = _typed()

    def refused(reason: str, status: int = 400,
                errors: dict[str, str] | None = None) -> Response:
        return _no_store(_form_page(values, errors, reason, status))

    if request.form.get(proof.HONEYPOT_FIELD):
        return refused(_("The form was filled in by a program, not a person, so it was "
                         "not sent. If you are a person, please leave the field named "
                         "“website” empty and send again."))
    if _from_elsewhere():
        return refused(_("The rating was not sent from this site, so it was not "
                         "counted. Please rate on the site's own rating page."), 403)
    rule = proof.exceeded(*RATE_RULES)
    if rule is not None:
        response = refused(_("Too many ratings have been sent from here in a short time. "
                             "Please wait %(minutes)s minutes and send again.",
                             minutes=rule.window_seconds // 60), 429)
        response.headers["Retry-After"] = str(rule.window_seconds)
        return response
    try:
        challenge = proof.verify(request.form.get(proof.PROOF_FIELD))
        rating = operations.rate(values, locale=current_locale())
        proof.spend(challenge)
    except proof.ProofRejected as rejected:
        return refused(rejected.reason)
    except RatingError as invalid:
        return refused(_("The rating was not sent. Please correct what is marked below."),
                       errors=invalid.errors)
    return _see_other("ratings.thanks", {} if rating is not None else {"again": "1"})


def _see_other(endpoint: str, query: dict[str, str]) -> Response:
    url = url_for(endpoint)
    if query:
        url += "?" + urlencode(query)
    return _no_store(redirect(url, 303))  # type: ignore[arg-type]


# --- "Was this page useful?" -------------------------------------------------------------

def _public_page(path: str) -> bool:
    """Is ``path`` a public page of this host (so nobody fills the table with junk)?"""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    try:
        endpoint, _args = adapter.match(path, method="GET")
    except (NotFound, RequestRedirect):
        return False
    except Exception:  # noqa: BLE001 - 405 and the like: not a page
        return False
    return is_public_page(current_app, endpoint) and not endpoint.startswith("ratings.")


@uncached_page
def useful() -> Response:
    if _from_elsewhere():
        fail(403, _("The answer was not sent from this site, so it was not counted."))
    rule = proof.exceeded(*USEFUL_RULES)
    if rule is not None:
        exc = TooManyRequests(description=_(
            "Too many answers have been sent from here in a short time. Please wait "
            "%(minutes)s minutes and try again.", minutes=rule.window_seconds // 60),
            retry_after=rule.window_seconds)
        exc.portal_reason = True  # type: ignore[attr-defined]
        raise exc
    answer = request.form.get(USEFUL_FIELD, "")
    if answer not in USEFUL_VALUES:
        fail(400, _("Please answer “Yes” or “No”."))
    try:
        path = operations.check_path(request.form.get(PAGE_FIELD))
    except RatingError as invalid:
        fail(400, invalid.errors["path"])
    if not _public_page(path):
        fail(400, _("This is not the address of a page of this site."))
    counted = operations.mark_useful(path, USEFUL_VALUES[answer])
    query = {"page": path}
    if not counted:
        query["again"] = "1"
    return _see_other("ratings.thanks", query)


@cached_page
def thanks() -> str:
    back = request.args.get(PAGE_FIELD)
    try:
        back = operations.check_path(back) if back else None
    except RatingError:
        back = None
    return render_template("ratings/thanks.html", again=request.args.get("again") == "1",
                           back=back)


@uncached_page
def challenge() -> Response:
    """A fresh proof-of-work challenge for this site's rating form (JSON, not stored)."""
    return proof.challenge_response(CHALLENGE_RULE)
