"""Demo content: every public content type published through the real workflow
services, with categories, a main menu and a directory of officials.

Used by ``flask demo seed`` (so the demo province has something to read) and by the
browser tests (which visit every page type).
"""

from __future__ import annotations

import io
import struct
import zlib
from datetime import date, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from hub.accounts.models import User
from hub.demo.english import fill_english, translate_demo
from hub.demo.pdfs import document_pdf
from hub.demo.profiles import profile_for
from hub.demo.publishing import SiteContent
from hub.demo.publishing import publish as _publish
from hub.directory.operations import save_category, save_menu_item, save_person
from hub.extensions import db
from hub.files.operations import store_upload
from tenants.context import tenant_scope
from tenants.models import Tenant


def _png(size: int = 16) -> bytes:
    """A small valid PNG (a red square): a portrait for the directory pages."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    rows = b"".join(b"\x00" + b"\xa5\x0e\x0e" * size for _ in range(size))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def _document_file(document: dict[str, str], user: Any) -> list[list[Any]]:
    """The document's PDF, stored as an upload is: its ``attachments`` value."""
    pdf = document_pdf(document["number"], document["title"], document["issuer"],
                       document["issued_on"])
    if pdf is None:
        return []
    slug = document["number"].replace("/", "-").replace("Đ", "D")
    attachment = store_upload(FileStorage(io.BytesIO(pdf), filename=f"{slug}.pdf",
                                          content_type="application/pdf"), by=user)
    return [[attachment.id, "file"]]


def fill_site(app: Flask, site: Tenant, host: str, name: str, user_email: str) -> SiteContent:
    """Publish on ``site`` the content its kind of site has (``hub.demo.profiles``);
    ``name`` is how its titles name it ("xã Thống Nhất")."""
    out = SiteContent(host)
    profile = profile_for(site.kind, name)
    monday = date.today() - timedelta(days=date.today().weekday())
    with app.test_request_context("/", base_url=f"http://{host}/"), tenant_scope(site.id):
        user = db.session.scalar(select(User).where(User.email == user_email))
        news = save_category(None, name="Tin tức - Sự kiện", by=user)
        notices = save_category(None, name="Thông báo", by=user)
        out.categories = [(news.id, news.slug), (notices.id, notices.slug)]
        for position, (label, url) in enumerate((
                ("Giới thiệu", "/gioi-thieu"),
                ("Văn bản quy phạm pháp luật", "/van-ban-quy-pham-phap-luat"),
                ("Văn bản chỉ đạo, điều hành", "/van-ban-chi-dao-dieu-hanh"),
                ("Thủ tục hành chính", "/thu-tuc"), ("Lịch công tác", "/lich-cong-tac"),
                ("Liên hệ", "/danh-ba"))):
            save_menu_item(None, location="main", locale="vi", label=label, url=url,
                           position=position, by=user)
        save_menu_item(None, location="main", locale="vi", label=news.name,
                       category_id=news.id, position=9, by=user)
        for index, article in enumerate(profile.articles):
            _publish("article", {
                **article, "category_id": str(news.id), "author_byline": profile.author,
                "source": profile.source, "featured": "1" if index == 0 else "",
                "kind": "news"}, user, out)
        _publish("article", {**profile.notice, "category_id": str(notices.id),
                             "kind": "news"}, user, out)
        for index, document in enumerate(profile.documents):
            files = _document_file(document, user) if index == 0 else []
            _publish("legal_document", {**document, "attachments": files}, user, out)
        _publish("procedure", {
            **profile.procedure, "service_level": "Toàn trình",
            "steps": "<ol><li>Nộp hồ sơ</li><li>Nhận kết quả</li></ol>",
            "dossier": "<p>Tờ khai theo mẫu.</p>", "processing_time": "Trong ngày",
            "fees": "Miễn lệ phí", "national_portal_url": "https://dichvucong.gov.vn/"}, user, out)
        for weekday, leader, title in profile.schedule:
            _publish("schedule_entry", {
                "title": title, "leader": leader,
                "day": (monday + timedelta(days=weekday)).isoformat(), "starts_at": "08:00",
                "place": "Phòng họp số 1", "participants": "Lãnh đạo các phòng, ban",
                "host_unit": "Văn phòng"}, user, out)
        _publish("page", {"title": "Giới thiệu chung", "slug": "gioi-thieu-chung",
                          "body": profile.introduction, "kind": "introduction"}, user, out)
        _publish("disclosure", {"title": profile.disclosure, "kind": "budget",
                                "period": "2026",
                                "body": "<p>Số liệu dự toán ngân sách.</p>"}, user, out)
        photo = FileStorage(io.BytesIO(_png()), filename="chu-tich.png",
                            content_type="image/png")
        for position, (person, title, leader) in enumerate(profile.people):
            save_person(None, values={
                "name": person, "title": title, "unit": profile.unit,
                "phone": "0205 3812 345", "email": f"lienhe{position}@langson.gov.vn",
                "biography": "<p>Quê quán Lạng Sơn.</p>", "duties": "<p>Phụ trách chung.</p>",
                "is_leader": leader, "position": position, "locale": "vi"},
                photo=photo if position == 0 else None,
                photo_alt=f"Ảnh chân dung {person}" if position == 0 else "", by=user)
        db.session.commit()
    return out


# (site label under the base domain, how it is named in titles, who publishes there)
DEMO_CONTENT_SITES = (
    ("", "tỉnh Lạng Sơn", "admin@langson.gov.vn"),
    ("sokhcn", "Sở Khoa học và Công nghệ", "quantri.sokhcn@langson.gov.vn"),
    ("xathongnhat", "xã Thống Nhất", "quantri.xathongnhat@langson.gov.vn"),
)


def seed_demo_content(app: Flask, base_domain: str) -> int:
    """Publish the demo content on the province, a department, a commune and the
    English portal of an already seeded demo province. Commits; returns sites filled."""
    from hub.demo.photos import add_photographs
    from tenants.context import unscoped
    from tenants.models import Domain

    filled = 0
    for label, name, email in DEMO_CONTENT_SITES:
        host = f"{label}.{base_domain}" if label else base_domain
        with unscoped():
            site = db.session.scalar(select(Tenant).join(Domain)
                                     .where(Domain.hostname == host))
        if site is None:
            continue
        fill_site(app, site, host, name, email)
        add_photographs(app, site, host, email, photo_news=not label, first=filled * 7)
        filled += 1
        if not label:
            fill_english(app, site, f"english.{base_domain}", email)
            translate_demo(app, site, base_domain, email)
    return filled

