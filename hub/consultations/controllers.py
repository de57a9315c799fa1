"""The citizen's side of a consultation: the comment form of a draft while it is open.

``/du-thao/<slug>/gop-y``: a post passes, in this order, the honeypot, the limit per
client, the proof-of-work, the service's checks (an open, published draft; the fields;
consent) and the attachment's; each refusal says why, keeps what was typed and stores
nothing (an error response rolls the request back). The proof is spent in the
transaction that stores the comment. The draft's page (``hub.public.consultations``)
is cached and links here; this page never is (it carries the session's CSRF token).

Load -> check -> act, as everywhere; nothing here commits.
"""

from __future__ import annotations

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
from sqlalchemy import select

from hub.cache.pages import uncached_page
from hub.consultations import exports, operations
from hub.consultations.forms import CommentForm
from hub.consultations.queries import published_outcome
from hub.content.addresses import item_path
from hub.content.models import Consultation
from hub.core.http import fail
from hub.core.ratelimit import Rule
from hub.extensions import db
from hub.files.operations import (
    ALLOWED_EXTENSIONS,
    UploadRejected,
    content_disposition,
    max_upload_bytes,
    store_upload,
)
from hub.intake import proof
from hub.workflow.states import PUBLIC_STATES
from tenants.context import current_site

ATTACHMENT_ALT = "consultation comment attachment"  # shown as a file, never inline
CHALLENGE_RULE = Rule("consultations.challenge", 60, 60)


def _comment_rule() -> Rule:
    return Rule("consultations.comment",
                int(current_app.config.get("CONSULTATION_COMMENT_RATE_PER_CLIENT", 5)), 600)


def published_draft_or_404(slug: str) -> Consultation:
    """The published draft of this host's site and language with ``slug``."""
    site = current_site()
    draft = db.session.scalar(select(Consultation).where(
        Consultation.slug == slug[:200], Consultation.locale == site.locale,
        Consultation.status.in_(PUBLIC_STATES)))  # another site's: not found (scope)
    if draft is None:
        fail(404, _("The page you are looking for does not exist or has been moved."))
    return draft  # type: ignore[return-value]


def _page(draft: Consultation, form: CommentForm, *, error: str | None = None,
          status: int = 200, show_form: bool = True) -> Response:
    response = make_response(render_template(
        "consultations/public/comment.html", item=draft, form=form, error=error,
        show_form=show_form,
        item_path=item_path(draft), proof_field=proof.PROOF_FIELD,
        honeypot_field=proof.HONEYPOT_FIELD, body_max=operations.BODY_MAX,
        upload_types=", ".join(sorted(ALLOWED_EXTENSIONS)),
        upload_max_mb=max_upload_bytes() // (1024 * 1024)), status)
    response.headers["Cache-Control"] = "no-store"
    return response


@uncached_page
def comment(slug: str) -> Response:
    draft = published_draft_or_404(slug)
    form = CommentForm().prepare(draft.clause_list)
    if not operations.is_open(draft):
        error = operations.closed_error()
        return _page(draft, form, error=error.errors[""], status=error.status,
                     show_form=False)
    if request.method == "GET":
        return _page(draft, form)
    try:
        challenge = proof.screen((_comment_rule(),), lambda minutes: _(
            "Too many comments have been sent from here in a short time. Your text is "
            "kept below: please wait %(minutes)s minutes and send it again.",
            minutes=minutes))
    except proof.ProofRejected as refused:
        return proof.refusal(_page(draft, form, error=refused.reason,
                                   status=refused.status), refused)
    errors: dict[str, str] = {}
    try:
        operations.check_comment(draft, **form.values())
    except operations.ConsultationError as invalid:
        errors.update(invalid.errors)
    if not form.consent.data:
        errors["consent"] = _("Please agree to the processing of your personal data, or "
                              "we cannot receive your comment.")
    if errors:
        form.show_errors(errors)
        return _page(draft, form, status=400, error=_(
            "The comment was not sent. Please correct what is marked below."))
    attachment = None
    upload = form.attachment.data
    if upload is not None and getattr(upload, "filename", ""):
        try:
            attachment = store_upload(upload, alt_text=ATTACHMENT_ALT, by=None)
        except UploadRejected as rejected:
            form.show_errors({"attachment": rejected.reason})
            return _page(draft, form, status=rejected.status, error=_(
                "The comment was not sent: the attached file was refused. Please choose "
                "another file, or send without one."))
    try:
        operations.receive_comment(draft, attachment=attachment, consent=True,
                                   locale=draft.locale, **form.values())
        proof.spend(challenge)
    except proof.ProofRejected as refused:
        return _page(draft, form, error=refused.reason, status=400)
    except operations.ConsultationError as invalid:
        form.show_errors(invalid.errors)
        return _page(draft, form, status=invalid.status, error=invalid.errors.get("") or _(
            "The comment was not sent. Please correct what is marked below."))
    return redirect(url_for("consultations.sent", slug=draft.slug), 303)  # type: ignore[return-value]


@uncached_page
def sent(slug: str) -> Response:
    draft = published_draft_or_404(slug)
    response = make_response(render_template("consultations/public/sent.html", item=draft,
                                             item_path=item_path(draft)))
    response.headers["Cache-Control"] = "no-store"
    return response


@uncached_page
def challenge(slug: str) -> Response:
    """A fresh proof-of-work challenge for this site's comment form (JSON)."""
    return proof.challenge_response(CHALLENGE_RULE)


# --- the outcome as files ------------------------------------------------------------------

def _outcome_file(slug: str, data_of, mimetype: str, extension: str) -> Response:  # type: ignore[no-untyped-def]
    draft = published_draft_or_404(slug)
    outcome = published_outcome(draft.id)
    if outcome is None:
        fail(404, _("The agency has not published the outcome of this consultation yet."))
    response = make_response(data_of(draft, outcome))
    response.mimetype = mimetype
    response.headers["Content-Disposition"] = content_disposition(
        "attachment", f"tong-hop-y-kien-{draft.slug}.{extension}")
    return response


def outcome_docx(slug: str) -> Response:
    """Bảng tổng hợp, tiếp thu, giải trình ý kiến as a Word document."""
    site_name = str(current_site().tenant_name)
    return _outcome_file(slug, lambda draft, outcome: exports.outcome_docx(
        draft, site_name, outcome.summary, outcome.published_at), exports.DOCX_TYPE, "docx")


def outcome_csv(slug: str) -> Response:
    return _outcome_file(slug, lambda draft, _outcome: exports.outcome_csv(draft),
                         "text/csv", "csv")
