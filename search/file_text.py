"""The text of the files attached to items, for search: read in the background, kept on
the ``Attachment``, and indexed with the item.

A PDF or Word file attached to an item is read by the ``attachment_text`` job
(``flask worker``, or the in-process runner), never in the request that attached it:
the job picks files whose text was never read, or was read from other bytes
(``extracted_sha256`` differs from the file's), reads each in a child process within
the ``PORTAL_EXTRACT_*`` limits (``search.extraction``), keeps the text and the outcome,
and asks the indexer to index again every public item the file is attached to. What
could not be read (a scan, a password, a bomb, a file that took too long) stays listed
with its reason for the site's editors (``unreadable``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable

from flask import Flask, current_app
from sqlalchemy import Select, exists, or_, select

from hub.content.models import ContentItem, ItemAttachment
from hub.core.clock import utcnow
from hub.extensions import db
from hub.files.models import Attachment
from hub.files.operations import attachment_key
from hub.files.storage import StorageError, get_storage
from hub.workflow.states import PUBLIC_STATES
from search import extraction
from search.outbox import enqueue
from tenants.context import unscoped

log = logging.getLogger(__name__)

BATCH = 10            # files read in one pass of the job at most
PASS_SECONDS = 60.0   # and no new file is started after this long
UNREADABLE = (extraction.NO_TEXT, extraction.ENCRYPTED, extraction.TOO_LARGE,
              extraction.TIMEOUT, extraction.FAILED)


def attached_files() -> Select[tuple[Attachment]]:
    """PDF and Word files attached to at least one item (of the current scope)."""
    linked = exists().where(ItemAttachment.attachment_id == Attachment.id)
    return select(Attachment).where(Attachment.content_type.in_(extraction.EXTRACTABLE),
                                    linked)


def not_yet_read() -> Select[tuple[Attachment]]:
    """Attached files whose text was never read, or read from other bytes."""
    return attached_files().where(or_(Attachment.extracted_sha256.is_(None),
                                      Attachment.extracted_sha256 != Attachment.sha256))


def read_file(attachment: Attachment, limits: extraction.Limits | None = None) -> bool:
    """Read ``attachment``'s text and keep it with its outcome; ask for its public
    items to be indexed again. False when the store could not be reached (nothing is
    recorded: the next pass tries again). Only flushes."""
    limits = limits or extraction.Limits.from_config(current_app.config)
    if attachment.size > limits.max_bytes:
        result = extraction.Extracted(extraction.TOO_LARGE, detail=f"{attachment.size} bytes")
    else:
        try:
            with get_storage().open(attachment_key(attachment),
                                    size=attachment.size) as stream:
                data = stream.read(limits.max_bytes + 1)
        except FileNotFoundError:
            result = extraction.Extracted(extraction.FAILED, detail="the file is missing")
        except StorageError as error:
            log.warning("file %s could not be read for search: %s", attachment.id,
                        error.detail)
            return False
        else:
            result = extraction.extract(data, attachment.content_type, limits)
    if result.status != extraction.OK:
        log.info("no text read from file %s (%s): %s", attachment.id, result.status,
                 result.detail)
    attachment.extraction_status = result.status
    attachment.extraction_detail = result.detail[:500]
    attachment.extracted_text = result.text or None
    attachment.extracted_sha256 = attachment.sha256
    attachment.extracted_at = utcnow()
    reindex_items_of(attachment)
    db.session.flush()
    return True


def reindex_items_of(attachment: Attachment) -> None:
    """Outbox rows for every public item ``attachment`` is attached to."""
    items = db.session.scalars(
        select(ContentItem).join(ItemAttachment, ItemAttachment.item_id == ContentItem.id)
        .where(ItemAttachment.attachment_id == attachment.id,
               ContentItem.status.in_(PUBLIC_STATES)))
    for item in items:
        enqueue(item, "upsert", "file_text")


def read_files(attachments: Iterable[Attachment]) -> int:
    """Read each of ``attachments``; how many were read. Only flushes."""
    limits = extraction.Limits.from_config(current_app.config)
    return sum(1 for attachment in attachments if read_file(attachment, limits))


def _job() -> int:
    started = time.monotonic()
    done = 0
    with unscoped():
        for attachment in db.session.scalars(not_yet_read().order_by(Attachment.id)
                                             .limit(BATCH)).all():
            if time.monotonic() - started > PASS_SECONDS:
                break
            done += read_file(attachment)
    return done


def texts_of_items(item_ids: Iterable[int]) -> dict[int, list[tuple[str, str]]]:
    """(file name, text) of the readable files attached to each item, in the item's
    order of files; text read from the file's current bytes only. Call unscoped."""
    ids = sorted(set(item_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        select(ItemAttachment.item_id, Attachment.filename, Attachment.extracted_text)
        .join(Attachment, Attachment.id == ItemAttachment.attachment_id)
        .where(ItemAttachment.item_id.in_(ids),
               Attachment.extraction_status == extraction.OK,
               Attachment.extracted_sha256 == Attachment.sha256)
        .order_by(ItemAttachment.item_id, ItemAttachment.position, ItemAttachment.id))
    texts: dict[int, list[tuple[str, str]]] = {}
    for item_id, filename, text in rows:
        if text:
            texts.setdefault(item_id, []).append((filename, text))
    return texts


def unreadable() -> Select[tuple[Attachment]]:
    """The current site's attached files search could not read, newest reading first."""
    return (attached_files()
            .where(Attachment.extraction_status.in_(UNREADABLE),
                   Attachment.extracted_sha256 == Attachment.sha256)
            .order_by(Attachment.extracted_at.desc(), Attachment.id.desc()))


def init_app(app: Flask) -> None:
    from hub.core.jobs import register_job
    register_job("attachment_text", _job)
