"""Files attached to an item: a legal document's text, a procedure's forms, photos with
their text alternative. A file whose name lies about its type is refused, and nothing
is attached."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from hub.extensions import db
from hub.files.models import Attachment
from tenants.context import tenant_scope
from tests.admin.helpers import email_of, make_item, make_staff, post, read_item, staff_client
from tests.content.factories import png_bytes

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG = png_bytes(1, 1)  # a whole image: a broken one is refused


def attach(client, item_id: int, data: bytes, name: str, role: str = "file",  # type: ignore[no-untyped-def]
           alt: str = ""):
    return post(client, f"/quan-tri/noi-dung/{item_id}/tep-dinh-kem",
                {"file": (io.BytesIO(data), name), "role": role, "alt_text": alt},
                content_type="multipart/form-data")


def attachments_stored(app, site) -> int:  # type: ignore[no-untyped-def]
    with app.app_context(), tenant_scope(site.id):
        db.session.remove()
        return db.session.scalar(select(func.count(Attachment.id))) or 0


def test_a_legal_document_gets_its_file_and_a_photo_with_alt_text(app, two_sites):
    site, _other = two_sites
    make_staff(app, site, ("editor",))
    item_id = make_item(app, site, email_of("editor", site))
    editor = staff_client(app, site, "editor")

    response = attach(editor, item_id, PDF, "Quyết định 40-2024.pdf")
    assert response.status_code == 302
    assert attach(editor, item_id, PNG, "anh-hoi-nghi.png", role="image",
                  alt="Toàn cảnh hội nghị").status_code == 302
    item = read_item(app, site, item_id)
    assert item["attachments"] == [("Quyết định 40-2024.pdf", "file"),
                                   ("anh-hoi-nghi.png", "image")]
    assert item["revision"] == 3  # the file list is part of the item's revisions
    page = editor.get(f"/quan-tri/noi-dung/{item_id}").text
    assert "Toàn cảnh hội nghị" in page and "/tep/" in page


def test_a_file_whose_name_lies_about_its_type_is_refused(app, two_sites):
    site, _other = two_sites
    make_staff(app, site, ("editor",))
    item_id = make_item(app, site, email_of("editor", site))
    editor = staff_client(app, site, "editor")
    for data, name in ((PNG, "quyet-dinh.pdf"), (b"<html><script>x()</script>", "anh.jpg"),
                       (b"MZ\x90\x00\x03" + b"\x00" * 60, "bieu-mau.docx")):
        response = attach(editor, item_id, data, name)
        assert response.status_code == 400, name
        assert 'id="file-error" role="alert"' in response.text
    assert read_item(app, site, item_id)["attachments"] == []
    assert attachments_stored(app, site) == 0


def test_an_image_needs_its_text_alternative(app, two_sites):
    site, _other = two_sites
    make_staff(app, site, ("editor",))
    item_id = make_item(app, site, email_of("editor", site))
    response = attach(staff_client(app, site, "editor"), item_id, PNG, "anh.png",
                      role="image")
    assert response.status_code == 400
    assert read_item(app, site, item_id)["attachments"] == []


def test_a_file_is_removed_from_the_item(app, two_sites):
    site, _other = two_sites
    make_staff(app, site, ("editor",))
    item_id = make_item(app, site, email_of("editor", site))
    editor = staff_client(app, site, "editor")
    attach(editor, item_id, PDF, "bieu-mau-01.pdf", role="form")
    with app.app_context(), tenant_scope(site.id):
        attachment_id = db.session.scalar(select(Attachment.id))
    response = post(editor, f"/quan-tri/noi-dung/{item_id}/tep-dinh-kem/{attachment_id}/go")
    assert response.status_code == 302
    assert read_item(app, site, item_id)["attachments"] == []
    again = post(editor, f"/quan-tri/noi-dung/{item_id}/tep-dinh-kem/{attachment_id}/go")
    assert again.status_code == 404


def test_a_contributor_cannot_attach_to_someone_elses_item(app, two_sites):
    site, _other = two_sites
    make_staff(app, site, ("editor", "contributor"))
    item_id = make_item(app, site, email_of("editor", site))
    response = attach(staff_client(app, site, "contributor"), item_id, PDF, "a.pdf")
    assert response.status_code == 403
    assert attachments_stored(app, site) == 0
