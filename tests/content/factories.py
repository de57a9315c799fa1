"""Small builders of files, attachments, items, categories, menus and people on a site.

Files are real: a PNG that image viewers open, a PDF header, a DOCX that is a ZIP with
Word's parts, a Windows program header. Rows are written inside the site's tenant scope
and committed, as another request would have left them.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from typing import Any

from flask import Flask
from werkzeug.datastructures import FileStorage

from hub.content.models import Article, ItemAttachment
from hub.directory.models import Category, Menu, MenuItem, Person
from hub.extensions import db
from hub.files.models import Attachment
from hub.workflow.states import ContentStatus
from tenants.context import tenant_scope
from tenants.models import Tenant


def png_bytes(width: int = 2, height: int = 2) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def pdf_bytes(text: str = "Quyết định") -> bytes:
    return (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n% "
            + text.encode() + b"\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
    return buffer.getvalue()


def exe_bytes() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200 + b"PE\x00\x00"


HTML_PAGE = (b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script>"
             b"</body></html>")


def file_storage(data: bytes, filename: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=filename)


def make_attachment(app: Flask, site: Tenant, data: bytes | None = None,
                    filename: str = "Quyết định 40.pdf", alt_text: str = "") -> int:
    """Store a file for ``site`` the way an upload does; returns the attachment id."""
    from hub.files.operations import store_upload
    with app.test_request_context(), tenant_scope(site.id):
        attachment = store_upload(file_storage(data or pdf_bytes(), filename),
                                  alt_text=alt_text, by=None)
        db.session.commit()
        return attachment.id


def make_item(app: Flask, site: Tenant, *, status: ContentStatus = ContentStatus.PUBLISHED,
              title: str = "Hội nghị tổng kết năm 2026", attachment_id: int | None = None,
              body: str = "<p>Nội dung</p>", **values: Any) -> int:
    """An article of ``site`` in ``status``, optionally with a file attached."""
    with app.app_context(), tenant_scope(site.id):
        count = db.session.query(Article).count()
        item = Article(title=title, slug=f"bai-{count + 1}", body=body, status=status,
                       **values)
        db.session.add(item)
        db.session.flush()
        if attachment_id is not None:
            db.session.add(ItemAttachment(item_id=item.id, attachment_id=attachment_id))
        db.session.commit()
        return item.id


def set_status(app: Flask, site: Tenant, item_id: int, status: ContentStatus) -> None:
    with app.app_context(), tenant_scope(site.id):
        db.session.get(Article, item_id).status = status  # type: ignore[union-attr]
        db.session.commit()


def make_category(app: Flask, site: Tenant, name: str = "Tin tức", slug: str | None = None,
                  parent_id: int | None = None, locale: str = "vi") -> int:
    from hub.core.slugs import slugify
    with app.app_context(), tenant_scope(site.id):
        category = Category(name=name, slug=slug or slugify(name), parent_id=parent_id,
                            locale=locale)
        db.session.add(category)
        db.session.commit()
        return category.id


def make_menu_item(app: Flask, site: Tenant, label: str = "Giới thiệu",
                   url: str = "/gioi-thieu", location: str = "main",
                   parent_id: int | None = None) -> int:
    with app.app_context(), tenant_scope(site.id):
        menu = db.session.query(Menu).filter_by(location=location, locale="vi").first()
        if menu is None:
            menu = Menu(location=location, locale="vi")
            db.session.add(menu)
            db.session.flush()
        item = MenuItem(menu_id=menu.id, label=label, url=url, parent_id=parent_id)
        db.session.add(item)
        db.session.commit()
        return item.id


def make_person(app: Flask, site: Tenant, name: str = "Nguyễn Văn An",
                photo_id: int | None = None, locale: str = "vi") -> int:
    with app.app_context(), tenant_scope(site.id):
        person = Person(name=name, title="Giám đốc", photo_id=photo_id, locale=locale)
        db.session.add(person)
        db.session.commit()
        return person.id


def public_attachment_of(app: Flask, site: Tenant) -> int:
    """A file anyone may download on ``site``'s own host: a leader's photo."""
    attachment_id = make_attachment(app, site, png_bytes(), "chan-dung.png",
                                    alt_text="Chân dung Giám đốc Sở")
    make_person(app, site, photo_id=attachment_id)
    return attachment_id


def attachment_row(app: Flask, site: Tenant, attachment_id: int) -> Attachment | None:
    with app.app_context(), tenant_scope(site.id):
        row = db.session.get(Attachment, attachment_id)
        if row is not None:
            db.session.expunge(row)
        return row
