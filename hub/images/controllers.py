"""Serving renditions: ``/anh/<id>/<version>/<spec>.<ext>`` on the image's own site.

Visibility follows the downloads (``hub.files.controllers``): an image is served while
something public uses it, to everyone, cached for a year (its address changes with its
bytes and focal point); otherwise to the site's staff only, never cached; everyone else
gets the 404 of an image that does not exist. An address of an older version leads to
the current one. A missing rendition is made on the first request.
"""

from __future__ import annotations

import hashlib

from flask import abort, current_app, redirect, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from hub.accounts.permissions import can
from hub.core.http import fail
from hub.extensions import db
from hub.files.controllers import SANDBOX_POLICY, is_public
from hub.files.models import Attachment
from hub.files.storage import StorageError, get_storage, key_for
from hub.images.operations import ensure, formats, rendition_url
from hub.images.operations import version as version_of
from hub.images.specs import FORMATS, Spec

FOREVER = "public, max-age=31536000, immutable"


def rendition(attachment_id: int, version: str, spec: str, extension: str) -> Response:
    image = db.get_or_404(Attachment, attachment_id)
    wanted = Spec.parse(spec)
    if (not image.is_image or image.width is None or wanted is None
            or extension not in formats(image)):
        abort(404)
    public = is_public(image)
    if not public and not can(current_user, "content.view"):
        abort(404)  # the same answer as for an image that does not exist
    if version != version_of(image):
        return redirect(rendition_url(image, wanted, extension), code=302)
    try:
        made = ensure(image, [(wanted, extension)])
        if not made:  # a row of another site holds it: never served from here
            abort(404)
        row = made[0]
        with get_storage().open(key_for(image.tenant_id, row.storage_key)) as stream:
            content = stream.read()
    except (StorageError, FileNotFoundError) as error:
        current_app.logger.error("image %s cannot be rendered: %s", image.id, error)
        fail(503, _("The file cannot be read right now. Please try again in a few "
                    "minutes."))
    response = current_app.response_class(content, mimetype=FORMATS[extension][1])
    response.set_etag(hashlib.sha256(row.storage_key.encode()).hexdigest()[:32])
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = SANDBOX_POLICY
    response.headers["Cache-Control"] = FOREVER if public else "private, no-store"
    return response.make_conditional(request.environ)
