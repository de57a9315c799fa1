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

from flask import Flask
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from hub.accounts.models import User
from hub.demo.english import fill_english, translate_demo
from hub.demo.publishing import SiteContent
from hub.demo.publishing import publish as _publish
from hub.directory.operations import save_category, save_menu_item, save_person
from hub.extensions import db
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


# (site label under the base domain, how it is named in titles, who publishes there)
DEMO_CONTENT_SITES = (
    ("", "tỉnh Lạng Sơn", "admin@langson.gov.vn"),
    ("sokhcn", "Sở Khoa học và Công nghệ", "quantri.sokhcn@langson.gov.vn"),
    ("xathongnhat", "xã Thống Nhất", "quantri.xathongnhat@langson.gov.vn"),
)


def seed_demo_content(app: Flask, base_domain: str) -> int:
    """Publish the demo content on the province, a department, a commune and the
    English portal of an already seeded demo province. Commits; returns sites filled."""
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
            fill_english(app, site, f"english.{base_domain}", email)
            translate_demo(app, site, base_domain, email)
    return filled

