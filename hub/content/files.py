"""Handing out attachments, and taking them in from the editor.

``/tep/<id>/<filename>`` serves a file on its own site's host only: the id is looked up
through the tenant scope, so another site's id is a 404 like an unknown one. A file is
public while something public uses it — an item that is published (attached, or shown
in its text), a person of the directory (photo, or in the biography), the org chart of
a published page. Anything else (a draft's file, a taken-down item's) is for the site's
staff only; everyone else gets the same 404 as for a file that does not exist.

Every answer carries headers that keep a hostile file harmless even if one slipped
through: the sniffed type with ``nosniff``, a sandboxing CSP, and ``attachment`` for
everything but images (RFC 6266 / 5987 ``filename*`` so Vietnamese names survive).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from flask import abort, current_app, jsonify, redirect, request, send_file, url_for
from flask_login import current_user
from sqlalchemy import exists, or_, select
from werkzeug.wrappers import Response

from hub.accounts.permissions import can, permission_required
from hub.content.models import (
    Attachment,
    ContentItem,
    ContentStatus,
    ItemAttachment,
    Page,
    Person,
)
from hub.content.uploads import UploadRejected, attachment_path, store_upload
from hub.core.errors import TITLES
from hub.core.text import fold_vietnamese
from hub.extensions import db

# Public files may sit in browsers and proxies briefly; a take-down must not wait longer.
PUBLIC_MAX_AGE = 300
SANDBOX_POLICY = "default-src 'none'; sandbox"


def attachment_url(attachment: Attachment, **kwargs: Any) -> str:
    """The address of a file on its site: ``/tep/<id>/<filename>``."""
    return url_for("files.download", attachment_id=attachment.id,
                   filename=attachment.filename, **kwargs)


def _marker(attachment: Attachment) -> str:
    # How rich text refers to the file: "/tep/12/" never matches "/tep/123/".
    return f"/tep/{attachment.id}/"


def is_public(attachment: Attachment) -> bool:
    """Does something public use this file? Cheap checks first; the text search last."""
    published = ContentItem.status == ContentStatus.PUBLISHED
    checks = (
        select(ItemAttachment.id).join(ContentItem, ContentItem.id == ItemAttachment.item_id)
        .where(ItemAttachment.attachment_id == attachment.id, published),
        select(Person.id).where(Person.photo_id == attachment.id),
        select(Page.id).where(Page.org_chart_id == attachment.id,
                              Page.status == ContentStatus.PUBLISHED),
        select(Person.id).where(or_(Person.biography.contains(_marker(attachment)),
                                    Person.duties.contains(_marker(attachment)))),
        select(ContentItem.id).where(published,
                                     ContentItem.body.contains(_marker(attachment))),
    )
    return any(db.session.scalar(select(exists(check))) for check in checks)


def _ascii_name(filename: str) -> str:
    # For clients without RFC 5987: the Vietnamese name folded, keeping capitals
    # ("Quyết định.pdf" -> "Quyet dinh.pdf").
    folded = "".join(
        fold_vietnamese(ch).upper() if ch.isupper() else fold_vietnamese(ch)
        for ch in filename)
    folded = folded.encode("ascii", "ignore").decode("ascii")
    return "".join("_" if ch in '"\\' or ord(ch) < 32 else ch for ch in folded) or "tep"


def content_disposition(disposition: str, filename: str) -> str:
    """``attachment; filename="Quyet dinh.pdf"; filename*=UTF-8''Quy%E1%BA%BFt...``"""
    return (f'{disposition}; filename="{_ascii_name(filename)}"; '
            f"filename*=UTF-8''{quote(filename, safe='')}")


def download(attachment_id: int, filename: str) -> Response:
    attachment = db.get_or_404(Attachment, attachment_id)
    public = is_public(attachment)
    if not public and not can(current_user, "content.view"):
        abort(404)  # the same answer as for a file that does not exist
    if filename != attachment.filename:
        return redirect(attachment_url(attachment), code=301)
    path = attachment_path(attachment)
    if not path.is_file():
        current_app.logger.error("attachment %s of tenant %s is missing on disk (%s)",
                                 attachment.id, attachment.tenant_id, path)
        abort(404)
    # Werkzeug adds "; charset=utf-8" to text types, which is what uploads checked.
    response = send_file(path, mimetype=attachment.content_type, conditional=True,
                         etag=attachment.sha256, max_age=None)
    response.headers["Content-Disposition"] = content_disposition(
        "inline" if attachment.is_image else "attachment", attachment.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = SANDBOX_POLICY
    response.headers["Cache-Control"] = (
        f"public, max-age={PUBLIC_MAX_AGE}" if public else "private, no-store")
    return response


def _json_error(status: int, reason: str) -> tuple[Response, int]:
    return jsonify(error={"status": status, "title": str(TITLES.get(status, "")),
                          "reason": reason}), status


@permission_required("attachments.upload")
def upload() -> tuple[Response, int]:
    """The editor's upload: a multipart POST with ``file`` and, for images,
    ``alt_text``; answers JSON (201 with the file, or 400/413 with a reason)."""
    try:
        attachment = store_upload(request.files.get("file"),  # type: ignore[arg-type]
                                  alt_text=request.form.get("alt_text", ""),
                                  by=current_user._get_current_object())
    except UploadRejected as exc:
        return _json_error(exc.status, exc.reason)
    return jsonify(id=attachment.id, url=attachment_url(attachment),
                   filename=attachment.filename, content_type=attachment.content_type,
                   size=attachment.size, alt_text=attachment.alt_text,
                   is_image=attachment.is_image), 201
