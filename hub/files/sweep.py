"""Files no attachment row serves any more, removed once they are old enough.

A file is written before its row (``operations.store_upload``), so a request cut after
the write — the database gone at the commit, a form refused later in the same request —
leaves a whole file that nothing names; a merge copies the files and leaves the old
site's copies behind. None of them is ever served. The job ``files.sweep`` lists the
store every ``EVERY`` and deletes each file that no row names and that has not been
written or reused for ``GRACE``: an upload in flight is never older than that, and
writing the same bytes again renews a file's time (``Storage.put`` touches it), so a
file an upload is about to take up again is not swept under it.

Other rows may name files of the store too (an image's renditions, ``hub.images``):
their tables are registered with ``keep_files_of`` and their files are kept alike.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from hub.extensions import db
from hub.files.models import Attachment
from hub.files.storage import get_storage, key_for
from tenants.context import unscoped

log = logging.getLogger(__name__)

GRACE = timedelta(days=1)
EVERY = 6 * 3600  # seconds between two sweeps of one process
_last_sweep = {"at": 0.0}
# Models whose rows name a file of the store: (tenant_id, storage_key) columns.
_NAMING_MODELS: list[Any] = [Attachment]


def keep_files_of(model: Any) -> None:
    """Keep the files the rows of ``model`` name (its ``tenant_id`` and
    ``storage_key``, a key under the site's folder)."""
    if model not in _NAMING_MODELS:
        _NAMING_MODELS.append(model)


def named_keys() -> set[str]:
    """Every store key a row of any site names."""
    named: set[str] = set()
    with unscoped():
        for model in _NAMING_MODELS:
            rows = db.session.execute(select(model.tenant_id, model.storage_key))
            named |= {key_for(tenant_id, storage_key) for tenant_id, storage_key in rows}
    return named


def sweep(now: datetime | None = None, grace: timedelta = GRACE) -> int:
    """Delete the store's files that no row names and that are older than ``grace``;
    return how many went."""
    now = now or datetime.now(UTC)
    storage = get_storage()
    named = named_keys()
    removed = 0
    for key in storage.keys():
        if key in named:
            continue
        found = storage.stat(key)
        if found is None or found.modified is None or now - found.modified < grace:
            continue
        if is_named(key):  # a row committed since the list was read
            continue
        storage.delete(key)
        removed += 1
    if removed:
        log.info("removed %d uploaded files that no attachment names", removed)
    return removed


def is_named(key: str) -> bool:
    """Whether a row names ``key`` now."""
    tenant, _, storage_key = key.partition("/")
    if not tenant.isdigit():
        return False
    with unscoped():
        return any(db.session.scalar(select(model.id).where(
            model.tenant_id == int(tenant), model.storage_key == storage_key)
            .limit(1)) is not None for model in _NAMING_MODELS)


def scheduled_sweep() -> int:
    """The job: a sweep every ``EVERY`` seconds of this process."""
    if time.monotonic() - _last_sweep["at"] < EVERY and _last_sweep["at"]:
        return 0
    _last_sweep["at"] = time.monotonic()
    return sweep()
