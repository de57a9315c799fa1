"""The staff's list of attached files search cannot read (``/quan-tri/tep-khong-doc-duoc``):
scans without a text layer, files locked with a password, files too large or too slow
to read, files that failed. Their words are not found by search until the file is
replaced (by one with a text layer: search reads no image). The site's editors see
their own site's files only (the isolation rule); nothing here changes anything.
"""

from __future__ import annotations

from flask import render_template
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from hub.accounts.permissions import permission_required
from hub.content.models import ContentItem, ItemAttachment
from hub.extensions import db
from search import extraction
from search.file_text import unreadable

LIMIT = 500  # the newest; a site with more has a problem this list already shows
REASONS = {
    extraction.NO_TEXT: _l("No text layer: a scanned image (search does not read images)"),
    extraction.ENCRYPTED: _l("Protected by a password"),
    extraction.TOO_LARGE: _l("Too large to read"),
    extraction.TIMEOUT: _l("Took too long to read"),
    extraction.FAILED: _l("Could not be read (the file may be damaged)"),
}


@permission_required("content.edit_any")
def unreadable_files():  # type: ignore[no-untyped-def]
    files = list(db.session.scalars(unreadable().limit(LIMIT)))
    items: dict[int, list[ContentItem]] = {}
    if files:
        for attachment_id, item in db.session.execute(
                select(ItemAttachment.attachment_id, ContentItem)
                .join(ContentItem, ContentItem.id == ItemAttachment.item_id)
                .where(ItemAttachment.attachment_id.in_([f.id for f in files]))
                .order_by(ContentItem.id)):
            items.setdefault(attachment_id, []).append(item)
    return render_template("search/staff/unreadable.html", files=files, items=items,
                           reasons=REASONS)
