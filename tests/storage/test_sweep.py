"""Files no attachment row names — left by a request cut after the file was written, or
by a merge — are swept once they are a day old, on a folder and on a bucket; a file
whose row exists, a fresh one, and one an upload has just taken up again stay."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask

from hub.files.storage import get_storage
from hub.files.sweep import GRACE, sweep
from tests.content.factories import make_attachment, pdf_bytes
from tests.storage.conftest import key_of


@pytest.fixture(params=["local", "s3"])
def any_store_app(request: pytest.FixtureRequest, app: Flask) -> Flask:
    if request.param == "s3":
        settings: dict[str, Any] = request.getfixturevalue("s3_settings")
        app.config.update(settings)
    return app


def test_only_old_files_no_row_names_are_swept(any_store_app: Flask, two_sites) -> None:
    app = any_store_app
    site, other = two_sites
    kept = pdf_bytes("Quyết định có trong mục")
    make_attachment(app, site, kept, filename="qd.pdf")
    orphan = pdf_bytes("Tệp của một yêu cầu bị cắt")
    with app.app_context():
        storage = get_storage()
        storage.put(key_of(other.id, orphan), orphan)
        assert sweep() == 0  # fresh: an upload may still be committing
        later = datetime.now(UTC) + GRACE + timedelta(minutes=1)
        assert sweep(now=later) == 1
        assert not storage.exists(key_of(other.id, orphan))
        assert storage.exists(key_of(site.id, kept))
        assert sweep(now=later) == 0


def test_writing_the_same_bytes_again_renews_the_file(app: Flask, two_sites) -> None:
    site, _other = two_sites
    taken_up, left = pdf_bytes("Tệp được tải lên lại"), pdf_bytes("Tệp bị bỏ lại")
    two_days_ago = (datetime.now(UTC) - 2 * GRACE).timestamp()
    with app.app_context():
        storage = get_storage()
        for data in (taken_up, left):
            storage.put(key_of(site.id, data), data)
            os.utime(storage.path(key_of(site.id, data)),  # type: ignore[attr-defined]
                     (two_days_ago, two_days_ago))
        storage.put(key_of(site.id, taken_up), taken_up)  # an upload takes it up again
        assert sweep() == 1
        assert storage.exists(key_of(site.id, taken_up))
        assert not storage.exists(key_of(site.id, left))
