"""The portal on an S3 bucket (a real S3 API server, ``tests/s3.py``), on each database:
the editor's upload lands in the bucket, a download streams it through the app with
its safe headers (conditional and range requests too), copies between sites and merges
copy the objects, readiness asks the bucket, and a backup holds the bucket's files and
restores them byte for byte."""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import quote

from flask import Flask
from sqlalchemy import func, select

from hub.extensions import db
from hub.files.models import Attachment
from hub.files.operations import copy_to_site
from hub.files.storage import get_storage
from tenants.context import tenant_scope, unscoped
from tests.admin.helpers import email_of, make_staff, read_item, staff_client
from tests.admin.helpers import make_item as draft_item
from tests.admin.test_attachments import attach
from tests.backups.conftest import backup, drill_app, every_row, publish  # noqa: F401
from tests.backups.test_restore_drill import destroy
from tests.content.factories import make_attachment, make_item, pdf_bytes
from tests.factories import host_client
from tests.sites.test_merged_content import merge_over_http, merging  # noqa: F401
from tests.storage.conftest import bucket_files, key_of

A_HOST = "sokhcn.langson.localhost"


def attachments(app: Flask) -> int:
    with app.app_context(), unscoped():
        db.session.remove()
        return db.session.scalar(select(func.count(Attachment.id))) or 0


def test_the_editors_file_goes_to_the_bucket(s3_app: Flask, two_sites) -> None:
    site, _other = two_sites
    make_staff(s3_app, site, ("editor",))
    item_id = draft_item(s3_app, site, email_of("editor", site))
    data = pdf_bytes("Quyết định 12")
    response = attach(staff_client(s3_app, site, "editor"), item_id, data, "qd-12.pdf")
    assert response.status_code == 302
    assert read_item(s3_app, site, item_id)["attachments"] == [("qd-12.pdf", "file")]
    assert bucket_files(s3_app) == {f"portal/{key_of(site.id, data)}": data}
    assert not Path(s3_app.config["UPLOAD_DIR"]).exists()  # nothing on local disk


def test_a_download_streams_from_the_bucket_with_its_safe_headers(
        s3_app: Flask, two_sites) -> None:
    site, _other = two_sites
    data = pdf_bytes("Thông báo " + "x" * 4000)
    file_id = make_attachment(s3_app, site, data, filename="Thông báo.pdf")
    make_item(s3_app, site, attachment_id=file_id)
    visitor = host_client(s3_app, A_HOST)
    path = f"/tep/{file_id}/{quote('Thông báo.pdf')}"
    response = visitor.get(path)
    assert response.status_code == 200 and response.data == data
    headers = response.headers
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Length"] == str(len(data))
    assert headers["Content-Disposition"].startswith('attachment; filename="Thong bao.pdf"')
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert headers["Cache-Control"] == "public, max-age=300"
    assert headers["ETag"] == f'"{hashlib.sha256(data).hexdigest()}"'
    assert headers["Accept-Ranges"] == "bytes" and headers["Last-Modified"]
    again = visitor.get(path, headers={"If-None-Match": headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    part = visitor.get(path, headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and part.data == data[100:200]
    assert part.headers["Content-Range"] == f"bytes 100-199/{len(data)}"
    assert visitor.get(path, headers={"Range": f"bytes={len(data) + 5}-"}).status_code == 416


def test_a_file_missing_from_the_bucket_is_a_404(s3_app: Flask, two_sites) -> None:
    site, _other = two_sites
    data = pdf_bytes("Mất tệp")
    file_id = make_attachment(s3_app, site, data)
    make_item(s3_app, site, attachment_id=file_id)
    with s3_app.app_context():
        get_storage().delete(key_of(site.id, data))
    assert host_client(s3_app, A_HOST).get(
        f"/tep/{file_id}/{quote('Quyết định 40.pdf')}").status_code == 404


def test_a_copy_to_another_site_is_its_own_object(s3_app: Flask, two_sites) -> None:
    site, other = two_sites
    data = pdf_bytes("Chuyển đơn")
    file_id = make_attachment(s3_app, site, data)
    with s3_app.app_context():
        with tenant_scope(site.id):
            original = db.session.get(Attachment, file_id)
        with tenant_scope(other.id):
            copy = copy_to_site(original)
            db.session.commit()
            assert copy.tenant_id == other.id
    assert set(bucket_files(s3_app)) == {f"portal/{key_of(site.id, data)}",
                                         f"portal/{key_of(other.id, data)}"}


def test_a_merge_copies_the_files_in_the_bucket(s3_app: Flask, merging) -> None:  # noqa: F811
    old, new = merging["old"], merging["new"]
    with s3_app.app_context(), unscoped():
        digest = db.session.get(Attachment, merging["file"]).sha256
    merge_over_http(s3_app, old, new)
    names = set(bucket_files(s3_app))
    assert f"portal/{new.id}/{digest[:2]}/{digest}" in names
    assert f"portal/{old.id}/{digest[:2]}/{digest}" in names  # kept: a rollback loses nothing


def test_readiness_asks_the_bucket(s3_app: Flask) -> None:
    client = s3_app.test_client()
    body = client.get("/healthz/ready", headers={"Host": "10.0.0.1"}).get_json()
    assert body["checks"]["uploads"] == {"status": "ok", "reason": "s3 bucket",
                                         "required": True}
    s3_app.config["S3_BUCKET"] = "portal-no-such-bucket"
    response = client.get("/healthz/ready", headers={"Host": "10.0.0.1"})
    assert response.status_code == 503
    uploads = response.get_json()["checks"]["uploads"]
    assert uploads["status"] == "error" and uploads["reason"].startswith("s3 bucket refused")


def test_a_backup_holds_the_buckets_files_and_restores_them(
        drill_app: Flask, s3_settings: dict) -> None:  # noqa: F811
    """The restore drill on S3: database and bucket emptied, restored, byte for byte."""
    app = drill_app
    app.config.update(s3_settings)
    site = publish(app)
    rows, files = every_row(app), bucket_files(app)
    assert len(files) == 4  # a PDF, an image and its renditions in WebP and PNG
    made = backup(app, "create")
    assert made.exit_code == 0, made.output
    assert "Verified" in made.output
    Path(app.config["UPLOAD_DIR"]).mkdir(parents=True)  # destroy() removes the folder too
    destroy(app)
    with app.app_context():
        store = get_storage()
        for key in list(store.keys()):
            store.delete(key)
        store.put("999/stray.txt", b"not in the backup")
    restored = backup(app, "restore", "--yes")
    assert restored.exit_code == 0, restored.output
    assert f"s3://{app.config['S3_BUCKET']}/portal/" in restored.output
    assert bucket_files(app) == files
    after = every_row(app)
    assert {t: r for t, r in after.items() if t != "audit_entry"} \
        == {t: r for t, r in rows.items() if t != "audit_entry"}
    with app.app_context(), tenant_scope(site.id):
        assert db.session.query(Attachment).count() == 2
