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
The bytes come from the store (``hub.files.storage``: a folder or an S3 bucket) through
the app, never by a redirect to the store; a store that cannot be read answers 503.
"""

from __future__ import annotations

from flask import abort, current_app, jsonify, redirect, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import exists, select
from werkzeug.exceptions import RequestedRangeNotSatisfiable
from werkzeug.wrappers import Response
from werkzeug.wsgi import wrap_file

from hub.accounts.permissions import can, permission_required
from hub.core.errors import TITLES
from hub.core.http import fail
from hub.extensions import db
from hub.files.models import Attachment
from hub.files.operations import (
    UploadRejected,
    attachment_key,
    attachment_url,
    content_disposition,
    mentions,
    shown_in_text,
    sorted_public_uses,
    store_upload,
)
from hub.files.storage import StorageError, get_storage

# Public files may sit in browsers and proxies briefly; a take-down must not wait longer.
PUBLIC_MAX_AGE = 300
SANDBOX_POLICY = "default-src 'none'; sandbox"


def is_public(attachment: Attachment) -> bool:
    """Does something public use this file? Asked of each use registered with
    ``public_use`` (cheap checks first; a search of rich text last)."""
    return any(db.session.scalar(select(exists(use(attachment, mentions(attachment)))))
               for use in sorted_public_uses())


def download(attachment_id: int, filename: str) -> Response:
    attachment = db.get_or_404(Attachment, attachment_id)
    public = is_public(attachment)
    if not public and not can(current_user, "content.view"):
        abort(404)  # the same answer as for a file that does not exist
    if filename != attachment.filename:
        return redirect(attachment_url(attachment), code=301)
    response = _send(attachment)
    response.headers["Content-Disposition"] = content_disposition(
        "inline" if attachment.is_image else "attachment", attachment.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = SANDBOX_POLICY
    response.headers["Cache-Control"] = (
        f"public, max-age={PUBLIC_MAX_AGE}" if public else "private, no-store")
    return response


def _send(attachment: Attachment) -> Response:
    """The file streamed from the store through the app (never a redirect to it), with
    its size, time and sha256 as ETag: conditional requests and ranges are answered as
    for a file on disk, and a range reads only that range from the store."""
    key = attachment_key(attachment)
    storage = get_storage()
    try:
        found = storage.stat(key)
        if found is None:
            current_app.logger.error("attachment %s of tenant %s is missing from the "
                                     "store (%s)", attachment.id, attachment.tenant_id, key)
            abort(404)
        stream = storage.open(key, size=found.size)
    except (StorageError, FileNotFoundError) as error:
        current_app.logger.error("attachment %s cannot be read: %s", attachment.id, error)
        fail(503, _("The file cannot be read right now. Please try again in a few "
                    "minutes."))
    # Werkzeug adds "; charset=utf-8" to text types, which is what uploads checked.
    response = current_app.response_class(
        wrap_file(request.environ, stream), mimetype=attachment.content_type,
        direct_passthrough=True)
    response.content_length = found.size
    if found.modified is not None:
        response.last_modified = found.modified
    response.set_etag(attachment.sha256)
    try:
        return response.make_conditional(request.environ, accept_ranges=True,
                                         complete_length=found.size)
    except RequestedRangeNotSatisfiable:
        stream.close()
        raise


def _json_error(status: int, reason: str) -> tuple[Response, int]:
    return jsonify(error={"status": status, "title": str(TITLES.get(status, "")),
                          "reason": reason}), status


@permission_required("attachments.upload")
def upload() -> tuple[Response, int]:
    """The editor's upload: a multipart POST with ``file`` and, for images,
    ``alt_text``; answers JSON (201 with the file — an image with the rendition the text
    shows — or 400/413 with a reason)."""
    try:
        attachment = store_upload(request.files.get("file"),  # type: ignore[arg-type]
                                  alt_text=request.form.get("alt_text", ""),
                                  by=current_user._get_current_object())
    except UploadRejected as exc:
        return _json_error(exc.status, exc.reason)
    return jsonify(id=attachment.id, url=attachment_url(attachment),
                   filename=attachment.filename, content_type=attachment.content_type,
                   size=attachment.size, alt_text=attachment.alt_text,
                   is_image=attachment.is_image,
                   rendition=shown_in_text(attachment)), 201
