"""Staff upload files from the editor: the type is read from the bytes, a name that lies
about the content is refused, size is limited, images need a description, and each
site keeps its files once, in its own folder, named by their sha256."""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hub.audit.models import AuditEntry
from hub.extensions import db
from hub.files.models import Attachment
from tenants.context import unscoped
from tests.content.conftest import B_HOST, staff_client, token, translated
from tests.content.factories import (
    HTML_PAGE,
    docx_bytes,
    exe_bytes,
    file_storage,
    pdf_bytes,
    png_bytes,
)
from tests.factories import host_client


def upload(client, data: bytes, filename: str, alt_text: str = ""):  # type: ignore[no-untyped-def]
    return client.post("/quan-tri/tep", data={
        "csrf_token": token(client), "alt_text": alt_text,
        "file": file_storage(data, filename)},
        content_type="multipart/form-data", headers={"Accept": "application/json"})


def stored_files(app) -> list[Path]:  # type: ignore[no-untyped-def]
    root = Path(app.config["UPLOAD_DIR"])
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def attachment_count(app) -> int:  # type: ignore[no-untyped-def]
    with app.app_context(), unscoped():
        return db.session.scalar(select(func.count(Attachment.id)))


def test_a_pdf_is_stored_under_the_site_by_its_sha256(app, site_a, editor):
    data = pdf_bytes()
    response = upload(editor, data, "Quyết định 40.pdf")
    assert response.status_code == 201
    body = response.get_json()
    digest = hashlib.sha256(data).hexdigest()
    assert body["filename"] == "Quyết định 40.pdf"
    assert body["content_type"] == "application/pdf" and body["size"] == len(data)
    assert body["url"] == f"/tep/{body['id']}/Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%2040.pdf"
    path = Path(app.config["UPLOAD_DIR"]) / str(site_a.id) / digest[:2] / digest
    assert stored_files(app) == [path] and path.read_bytes() == data
    with app.app_context(), unscoped():
        row = db.session.get(Attachment, body["id"])
        assert row.sha256 == digest and row.tenant_id == site_a.id
        assert row.storage_key == f"{digest[:2]}/{digest}"
        entry = db.session.scalar(select(AuditEntry).where(
            AuditEntry.action == "attachment.uploaded"))
        assert entry.object_id == str(row.id) and entry.detail["sha256"] == digest


@pytest.mark.parametrize("data, filename, content_type", [
    (docx_bytes(), "Dự thảo kế hoạch.docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("Xã,Dân số\nThống Nhất,1234\n".encode(), "dan-so.csv", "text/csv"),
    ("Thông báo lịch tiếp công dân".encode(), "thong-bao.txt", "text/plain"),
])
def test_office_files_and_utf8_text_are_accepted(app, editor, data, filename, content_type):
    response = upload(editor, data, filename)
    assert response.status_code == 201
    assert response.get_json()["content_type"] == content_type


@pytest.mark.parametrize("data, filename", [
    (png_bytes(), "bao-cao.pdf"),          # a picture passed off as a document
    (HTML_PAGE, "anh-hoi-nghi.jpg"),       # a web page with a script, named as a photo
    (exe_bytes(), "du-thao.docx"),         # a program named as a Word file
    (pdf_bytes(), "so-lieu.xlsx"),
    (docx_bytes(), "bang.xlsx"),           # Word inside, Excel outside
    (HTML_PAGE, "ghi-chu.txt"),            # markup is not plain text
    ("Xin chào".encode("utf-16"), "thu.txt"),  # not UTF-8
])
def test_a_file_whose_name_lies_about_its_type_is_refused(app, editor, data, filename):
    response = upload(editor, data, filename, alt_text="Ảnh")
    assert response.status_code == 400
    error = response.get_json()["error"]
    extension = filename.rsplit(".", 1)[1]
    assert error["status"] == 400
    assert f".{extension}" in error["reason"]
    assert attachment_count(app) == 0 and stored_files(app) == []


@pytest.mark.parametrize("filename", ["cai-dat.exe", "trang.html", "hinh.svg", "khong-duoi"])
def test_types_that_are_not_allowed_are_refused_by_name_too(app, editor, filename):
    response = upload(editor, b"whatever bytes", filename)
    assert response.status_code == 400
    assert attachment_count(app) == 0 and stored_files(app) == []


def test_an_oversized_file_is_refused_with_413(app, editor):
    app.config["UPLOAD_MAX_BYTES"] = 1024
    response = upload(editor, pdf_bytes() + b"0" * 2000, "lon.pdf")
    assert response.status_code == 413
    assert response.get_json()["error"]["reason"] == translated(
        app, "The file is larger than the limit of %(limit)s MB. Please send a smaller "
             "file (for example, a scan at a lower resolution).", limit="0")
    assert attachment_count(app) == 0 and stored_files(app) == []


def test_an_empty_file_or_no_file_is_refused(app, editor):
    assert upload(editor, b"", "trong.pdf").status_code == 400
    response = editor.post("/quan-tri/tep", data={"csrf_token": token(editor)},
                           headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert response.get_json()["error"]["reason"] == translated(
        app, "Please choose a file to upload.")


def test_an_image_needs_its_alternative_text(app, editor):
    response = upload(editor, png_bytes(), "hoi-nghi.png", alt_text="   ")
    assert response.status_code == 400
    assert response.get_json()["error"]["reason"] == translated(
        app, "Please describe the image in its alternative text, for readers who "
             "cannot see it.")
    assert attachment_count(app) == 0
    response = upload(editor, png_bytes(), "hoi-nghi.png", alt_text="Toàn cảnh hội nghị")
    assert response.status_code == 201
    assert response.get_json()["alt_text"] == "Toàn cảnh hội nghị"


def test_the_same_bytes_are_kept_once_per_site(app, two_sites, editor):
    site_a, site_b = two_sites
    first = upload(editor, pdf_bytes(), "qd-40.pdf").get_json()
    again = upload(editor, pdf_bytes(), "qd-40.pdf").get_json()
    renamed = upload(editor, pdf_bytes(), "ban-sao.pdf").get_json()
    assert again["id"] == first["id"] and renamed["id"] != first["id"]
    assert attachment_count(app) == 2 and len(stored_files(app)) == 1

    other = staff_client(app, site_b, "editor", "bientap@thongnhat.gov.vn", host=B_HOST)
    assert upload(other, pdf_bytes(), "qd-40.pdf").status_code == 201
    folders = {path.relative_to(app.config["UPLOAD_DIR"]).parts[0]
               for path in stored_files(app)}
    assert folders == {str(site_a.id), str(site_b.id)}  # never shared between sites


def test_file_names_are_nfc_and_safe(app, editor):
    # A name with a path in it, decomposed accents and characters file systems refuse.
    name = unicodedata.normalize("NFD", "../../Báo cáo: quý I|2026?.pdf")
    response = upload(editor, pdf_bytes(), name)
    assert response.status_code == 201
    assert response.get_json()["filename"] == "Báo cáo_ quý I_2026_.pdf"


def test_who_may_upload(app, site_a):
    anonymous = host_client(app, "sokhcn.langson.localhost")
    response = anonymous.post("/quan-tri/tep", data={"file": file_storage(pdf_bytes(),
                                                                          "a.pdf")})
    assert response.status_code in (302, 400)  # the login page, or no CSRF token
    translator = staff_client(app, site_a, "translator")
    response = upload(translator, pdf_bytes(), "a.pdf")
    assert response.status_code == 403
    contributor = staff_client(app, site_a, "contributor")
    assert upload(contributor, pdf_bytes(), "a.pdf").status_code == 201


def test_an_upload_without_a_csrf_token_is_refused(app, editor):
    response = editor.post("/quan-tri/tep", data={"file": file_storage(pdf_bytes(), "a.pdf")},
                           headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert attachment_count(app) == 0
