"""Demo content: every public content type published through the real workflow
services, with categories, a main menu and a directory of officials.

Used by ``flask demo seed`` (so the demo province has something to read) and by the
browser tests (which visit every page type).
"""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from hub.accounts.models import User
from hub.content.models import ContentItem
from hub.content.operations import create_item, transition
from hub.directory.operations import save_category, save_menu_item, save_person
from hub.extensions import db
from hub.translation.models import TranslationRequest
from tenants.context import tenant_scope
from tenants.models import Tenant


@dataclass
class SiteContent:
    """What was published on one site: ``items[type]`` is a list of (id, slug)."""

    host: str
    items: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    categories: list[tuple[int, str]] = field(default_factory=list)

    def first(self, content_type: str) -> tuple[int, str]:
        return self.items[content_type][0]


def _png(size: int = 16) -> bytes:
    """A small valid PNG (a red square): a portrait for the directory pages."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    rows = b"".join(b"\x00" + b"\xa5\x0e\x0e" * size for _ in range(size))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def _publish(content_type: str, data: dict[str, Any], user: Any, out: SiteContent) -> None:
    item = create_item(content_type, data, user)
    transition(item, "submit", user)
    transition(item, "approve", user)
    out.items.setdefault(content_type, []).append((item.id, item.slug))


def fill_site(app: Flask, site: Tenant, host: str, name: str, user_email: str) -> SiteContent:
    out = SiteContent(host)
    monday = date.today() - timedelta(days=date.today().weekday())
    with app.test_request_context("/", base_url=f"http://{host}/"), tenant_scope(site.id):
        user = db.session.scalar(select(User).where(User.email == user_email))
        news = save_category(None, name="Tin tức - Sự kiện", by=user)
        notices = save_category(None, name="Thông báo", by=user)
        out.categories = [(news.id, news.slug), (notices.id, notices.slug)]
        for position, (label, url) in enumerate((
                ("Giới thiệu", "/gioi-thieu"), ("Văn bản", "/van-ban"),
                ("Thủ tục hành chính", "/thu-tuc"), ("Lịch công tác", "/lich-cong-tac"),
                ("Liên hệ", "/danh-ba"))):
            save_menu_item(None, location="main", locale="vi", label=label, url=url,
                           position=position, by=user)
        save_menu_item(None, location="main", locale="vi", label=news.name,
                       category_id=news.id, position=9, by=user)
        for index in range(3):
            _publish("article", {
                "title": f"{name}: hội nghị tổng kết công tác năm 2026 (bài {index + 1})",
                "summary": "Sáng 20/11, hội nghị đánh giá kết quả thực hiện nhiệm vụ năm 2026.",
                "body": "<p>Hội nghị đánh giá kết quả năm 2026.</p>"
                        "<h2>Nhiệm vụ năm 2027</h2><p>Đề ra nhiệm vụ năm 2027.</p>"
                        "<ul><li>Chuyển đổi số</li><li>Cải cách hành chính</li></ul>",
                "category_id": str(news.id), "author_byline": "Nguyễn Thị Hoa",
                "source": "Văn phòng UBND", "featured": "1" if index == 0 else "",
                "kind": "news"}, user, out)
        _publish("article", {"title": "Thông báo lịch tiếp công dân tháng 12",
                             "body": "<p>Lịch tiếp công dân định kỳ.</p>",
                             "category_id": str(notices.id), "kind": "news"}, user, out)
        _publish("legal_document", {
            "title": "Quyết định ban hành Quy chế quản lý, vận hành Cổng thông tin điện tử",
            "summary": "Ban hành Quy chế quản lý, vận hành Cổng thông tin điện tử.",
            "number": "40/2024/QĐ-UBND", "document_type": "quyet_dinh",
            "issuer": f"Ủy ban nhân dân {name}", "signer": "Hồ Tiến Thiệu",
            "issued_on": "2024-10-15", "effective_on": "2024-10-25",
            "field": "Thông tin và truyền thông"}, user, out)
        _publish("procedure", {
            "title": "Thủ tục đăng ký khai sinh", "code": "1.001193",
            "field": "Hộ tịch", "agency": f"Ủy ban nhân dân {name}", "service_level": "Toàn trình",
            "steps": "<ol><li>Nộp hồ sơ</li><li>Nhận kết quả</li></ol>",
            "dossier": "<p>Tờ khai đăng ký khai sinh.</p>", "processing_time": "Trong ngày",
            "fees": "Miễn lệ phí", "legal_basis": "<p>Luật Hộ tịch 2014.</p>",
            "national_portal_url": "https://dichvucong.gov.vn/"}, user, out)
        for offset, leader in ((0, "Chủ tịch Hồ Tiến Thiệu"), (2, "Phó Chủ tịch Đoàn Thu Hà")):
            _publish("schedule_entry", {
                "title": "Họp giao ban công tác tuần", "leader": leader,
                "day": (monday + timedelta(days=offset)).isoformat(), "starts_at": "08:00",
                "place": "Phòng họp số 1", "participants": "Lãnh đạo các phòng, ban",
                "host_unit": "Văn phòng"}, user, out)
        _publish("page", {"title": "Giới thiệu chung", "slug": "gioi-thieu-chung",
                          "body": "<p>Lịch sử hình thành và phát triển.</p>",
                          "kind": "introduction"}, user, out)
        _publish("disclosure", {"title": "Công khai dự toán ngân sách năm 2026",
                                "kind": "budget", "period": "2026",
                                "body": "<p>Số liệu dự toán ngân sách.</p>"}, user, out)
        photo = FileStorage(io.BytesIO(_png()), filename="chu-tich.png",
                            content_type="image/png")
        for position, (person, title, leader) in enumerate((
                ("Hồ Tiến Thiệu", "Chủ tịch", True), ("Đoàn Thu Hà", "Phó Chủ tịch", True),
                ("Lương Văn Minh", "Chánh Văn phòng", False))):
            save_person(None, values={
                "name": person, "title": title, "unit": "Ủy ban nhân dân",
                "phone": "0205 3812 345", "email": f"lienhe{position}@langson.gov.vn",
                "biography": "<p>Quê quán Lạng Sơn.</p>", "duties": "<p>Phụ trách chung.</p>",
                "is_leader": leader, "position": position, "locale": "vi"},
                photo=photo if position == 0 else None,
                photo_alt=f"Ảnh chân dung {person}" if position == 0 else "", by=user)
        db.session.commit()
    return out


def fill_english(app: Flask, site: Tenant, host: str, user_email: str) -> SiteContent:
    out = SiteContent(host)
    with app.test_request_context("/", base_url=f"http://{host}/"), \
            tenant_scope(site.id):
        user = db.session.scalar(select(User).where(User.email == user_email))
        news = save_category(None, name="News", locale="en", by=user)
        out.categories = [(news.id, news.slug)]
        save_menu_item(None, location="main", locale="en", label="News",
                       category_id=news.id, by=user)
        _publish("article", {"title": "Lang Son opens its new border economic zone",
                             "summary": "The province welcomes investors.",
                             "body": "<p>The province welcomes investors.</p>",
                             "category_id": str(news.id), "locale": "en", "kind": "news"},
                 user, out)
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
        filled += 1
        if not label:
            add_photographs(app, site, host, email)
            fill_english(app, site, f"english.{base_domain}", email)
            translate_demo(app, site, base_domain, email)
    return filled


DEMO_TRANSLATOR = "biendich1.songoaivu@langson.gov.vn"


def translate_demo(app: Flask, province: Tenant, base_domain: str, user_email: str) -> None:
    """The translation workflow at work on the province: its organisation page asked,
    translated by the Department of Foreign Affairs and published in English; its
    functions page being translated. Needs the demo's translation office."""
    from hub.translation.operations import (
        request_translation,
        save_draft,
        take_step,
        translation_offices,
    )
    from tenants.context import unscoped
    from tenants.models import Domain

    office_host = f"songoaivu.{base_domain}"
    with unscoped():
        office = db.session.scalar(select(Tenant).join(Domain)
                                   .where(Domain.hostname == office_host))
    if office is None:
        return
    pages = {
        "organisation": ("Cơ cấu tổ chức", "<p>Ủy ban nhân dân tỉnh gồm Chủ tịch, các Phó "
                         "Chủ tịch và các sở, ban, ngành.</p>",
                         "Organisation", "<p>The Provincial People's Committee consists of "
                         "the Chairman, the Vice Chairmen and the departments.</p>"),
        "functions": ("Chức năng, nhiệm vụ, quyền hạn", "<p>Ủy ban nhân dân tỉnh thực hiện "
                      "quản lý nhà nước tại địa phương.</p>",
                      "Functions, duties and powers", "<p>The Provincial People's "
                      "Committee carries out state management in the province.</p>"),
    }
    requests = {}
    with app.test_request_context("/", base_url=f"http://{base_domain}/"), \
            tenant_scope(province.id):
        user = db.session.scalar(select(User).where(User.email == user_email))
        out = SiteContent(base_domain)
        for kind, (title, body, _en_title, _en_body) in pages.items():
            _publish("page", {"title": title, "body": body, "kind": kind}, user, out)
        offices = [o for o in translation_offices(province) if o.id == office.id]
        for kind, (item_id, _slug) in zip(pages, out.items["page"], strict=True):
            item = db.session.get(ContentItem, item_id)
            requests[kind] = request_translation(
                item, user, office=offices[0], target_locale="en", due_on=None,
                note="Bản dịch cho Cổng thông tin tiếng Anh (Điều 7.1)").id
        db.session.commit()
    with app.test_request_context("/", base_url=f"http://{office_host}/"), \
            tenant_scope(office.id):
        translator = db.session.scalar(select(User).where(User.email == DEMO_TRANSLATOR))
        for kind, request_id in requests.items():
            req = db.session.get(TranslationRequest, request_id)
            _title, _body, en_title, en_body = pages[kind]
            save_draft(req, {"title": en_title, "body": en_body}, translator,
                       version=req.version, source_revision=req.source_revision)
            if kind == "organisation":
                take_step(req, "submit", translator, version=req.version)
        db.session.commit()
    with app.test_request_context("/", base_url=f"http://{base_domain}/"), \
            tenant_scope(province.id):
        user = db.session.scalar(select(User).where(User.email == user_email))
        req = db.session.get(TranslationRequest, requests["organisation"])
        take_step(req, "approve", user, version=req.version)
        db.session.commit()
