"""When the store fails the editor is told, and nothing is half-written: the S3 server
stopped in the middle of work (or never there: a closed port), a disk that is full
(a real 64 KiB tmpfs). The item keeps its files as they were, no attachment row is left
without its file, no partial file is left on disk, and once the store is back the same
upload succeeds."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from flask import Flask
from sqlalchemy import func, select

from hub.extensions import db
from hub.files.models import Attachment
from tenants.context import unscoped
from tenants.models import Tenant, TenantStatus
from tests.admin.helpers import email_of, make_staff, read_item, staff_client
from tests.admin.helpers import make_item as draft_item
from tests.admin.test_attachments import attach
from tests.backups.conftest import backup, publish
from tests.content.conftest import translated
from tests.content.factories import file_storage, pdf_bytes
from tests.s3 import S3Server
from tests.services import free_port
from tests.sites.helpers import SITES, office_client, post_form
from tests.sites.test_merged_content import merging  # noqa: F401

UNREACHABLE = ("The file could not be saved: the file store cannot be reached. Nothing "
               "was saved. Please try again in a few minutes.")
FULL = ("The file could not be saved: the file store is full. Nothing was saved. "
        "Please tell the portal's administrator.")


def attachments(app: Flask) -> int:
    with app.app_context(), unscoped():
        db.session.remove()
        return db.session.scalar(select(func.count(Attachment.id))) or 0


def upload_json(client, data: bytes, filename: str):  # type: ignore[no-untyped-def]
    from tests.admin.helpers import post
    return post(client, "/quan-tri/tep", {"file": file_storage(data, filename)},
                content_type="multipart/form-data", headers={"Accept": "application/json"})


def editing(app: Flask, site: Tenant) -> tuple[object, int]:
    make_staff(app, site, ("editor",))
    item_id = draft_item(app, site, email_of("editor", site))
    return staff_client(app, site, "editor"), item_id


def readiness(app: Flask) -> tuple[int, dict]:
    response = app.test_client().get("/healthz/ready", headers={"Host": "10.0.0.1"})
    return response.status_code, response.get_json()["checks"]["uploads"]


@pytest.mark.slow
def test_the_s3_server_stopping_mid_work_refuses_the_file_and_saves_nothing(
        s3_app: Flask, s3_server: S3Server, two_sites) -> None:
    site, _other = two_sites
    editor, item_id = editing(s3_app, site)
    first = pdf_bytes("Tệp thứ nhất")
    assert attach(editor, item_id, first, "thu-nhat.pdf").status_code == 302
    with s3_app.app_context(), unscoped():
        first_id = db.session.scalar(select(Attachment.id))

    s3_server.stop()
    try:
        started = time.monotonic()
        response = attach(editor, item_id, pdf_bytes("Tệp thứ hai"), "thu-hai.pdf")
        assert time.monotonic() - started < 15  # seconds, not minutes
        assert response.status_code == 503
        assert translated(s3_app, UNREACHABLE) in response.text
        assert 'id="file-error" role="alert"' in response.text  # the form, shown again
        assert attachments(s3_app) == 1
        assert read_item(s3_app, site, item_id)["attachments"] == [("thu-nhat.pdf", "file")]
        api = upload_json(editor, pdf_bytes("Tệp API"), "api.pdf")
        assert api.status_code == 503
        assert api.get_json()["error"]["reason"] == translated(s3_app, UNREACHABLE)
        assert attachments(s3_app) == 1
        status, uploads = readiness(s3_app)
        assert status == 503 and uploads["status"] == "error"
        assert uploads["reason"].startswith("unreachable")
        download = editor.get(f"/tep/{first_id}/thu-nhat.pdf")
        assert download.status_code == 503
    finally:
        s3_server.start()
    s3_server.make_bucket(s3_app.config["S3_BUCKET"])  # moto forgets: a new, empty bucket

    again = attach(editor, item_id, pdf_bytes("Tệp thứ hai"), "thu-hai.pdf")
    assert again.status_code == 302
    assert attachments(s3_app) == 2
    assert [name for name, _role in read_item(s3_app, site, item_id)["attachments"]] \
        == ["thu-nhat.pdf", "thu-hai.pdf"]
    assert readiness(s3_app) == (200, {"status": "ok", "reason": "s3 bucket",
                                       "required": True})


def closed_port(app: Flask) -> None:
    """The store moved to an address where nothing answers."""
    app.config["S3_ENDPOINT_URL"] = f"http://127.0.0.1:{free_port()}"


def test_a_store_nobody_answers_refuses_quickly(s3_app: Flask, two_sites) -> None:
    site, _other = two_sites
    editor, item_id = editing(s3_app, site)
    closed_port(s3_app)
    started = time.monotonic()
    response = attach(editor, item_id, pdf_bytes(), "qd.pdf")
    assert response.status_code == 503 and time.monotonic() - started < 10
    assert attachments(s3_app) == 0
    assert read_item(s3_app, site, item_id)["attachments"] == []


def test_a_merge_whose_files_cannot_be_copied_merges_nothing(
        s3_app: Flask, merging) -> None:  # noqa: F811
    old, new = merging["old"], merging["new"]
    closed_port(s3_app)
    client = office_client(s3_app)
    response = post_form(client, f"{SITES}/{old.id}/sap-nhap", {"into": new.id},
                         form_path=f"{SITES}/{old.id}/sap-nhap?into={new.id}")
    assert response.status_code == 422
    reason = translated(s3_app, "the files could not be copied to the successor's store "
                        "(%(detail)s); nothing was merged, please try again", detail="|")
    before, after = reason.split("|")
    assert before in response.text and after in response.text
    with s3_app.app_context(), unscoped():
        db.session.remove()
        assert db.session.get(Tenant, old.id).status is TenantStatus.ACTIVE
        assert db.session.get(Attachment, merging["file"]).tenant_id == old.id


def test_a_backup_of_an_unreachable_bucket_fails_and_leaves_no_backup(
        s3_app: Flask) -> None:
    publish(s3_app)
    closed_port(s3_app)
    made = backup(s3_app, "create")
    assert made.exit_code == 1
    assert "the uploaded files could not be read from s3://" in made.output
    root = Path(s3_app.config["BACKUP_DIR"])
    assert not [path for path in root.iterdir() if path.is_dir()]


# --- a full disk ----------------------------------------------------------------------

@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real file system of 64 KiB (tmpfs), mounted for the test."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs",  # noqa: S603, S607
                              str(folder)], capture_output=True, text=True, check=False)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)  # noqa: S603, S607


def test_a_full_disk_refuses_the_file_and_leaves_nothing_half_written(
        app: Flask, two_sites, tiny_disk: Path) -> None:
    app.config["UPLOAD_DIR"] = str(tiny_disk / "uploads")
    site, _other = two_sites
    editor, item_id = editing(app, site)
    large = pdf_bytes("Bản scan " + "x" * 200_000)  # larger than the whole disk

    response = attach(editor, item_id, large, "ban-scan.pdf")
    assert response.status_code == 507
    assert translated(app, FULL) in response.text
    assert attachments(app) == 0
    assert read_item(app, site, item_id)["attachments"] == []
    assert [p for p in tiny_disk.rglob("*") if p.is_file()] == []  # no partial file
    api = upload_json(editor, large, "ban-scan.pdf")
    assert api.status_code == 507 and api.get_json()["error"]["reason"] == translated(app, FULL)

    small = pdf_bytes("Quyết định ngắn")  # there is room again: nothing was left behind
    assert attach(editor, item_id, small, "qd.pdf").status_code == 302
    assert read_item(app, site, item_id)["attachments"] == [("qd.pdf", "file")]
    with app.app_context(), unscoped():
        attachment = db.session.scalar(select(Attachment))
    assert editor.get(f"/tep/{attachment.id}/{quote('qd.pdf')}").data == small
