"""Fixtures of the public-site tests: a province with two sub-sites, an editor-approver
on each, and content made and published through the workflow's own services."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from hub.accounts.models import User
from hub.content import operations
from hub.content.models import ContentItem
from hub.extensions import db
from tenants.context import tenant_scope
from tenants.models import Tenant
from tests.factories import create_user, host_client

PROVINCE = "langson.localhost"
ENGLISH = "english.langson.localhost"
A_HOST = "sokhcn.langson.localhost"
B_HOST = "xathongnhat.langson.localhost"

SAMPLES: dict[str, dict[str, Any]] = {
    "article": {"title": "Hội nghị khoa học năm 2026", "summary": "Sáng 23/11 khai mạc.",
                "body": "<p>Nội dung hội nghị.</p>", "kind": "news",
                "author_byline": "Trần Thị Mai", "source": "Báo Lạng Sơn"},
    "legal_document": {"title": "Quyết định ban hành Quy chế Cổng thông tin",
                       "number": "40/2024/QĐ-UBND", "document_type": "quyet_dinh",
                       "issuer": "Ủy ban nhân dân tỉnh Lạng Sơn", "signer": "Hồ Tiến Thiệu",
                       "issued_on": "2024-10-15", "field": "Thông tin"},
    "procedure": {"title": "Cấp giấy phép hoạt động", "code": "1.004227",
                  "field": "Khoa học", "agency": "Sở Khoa học và Công nghệ",
                  "service_level": "Toàn trình", "steps": "<p>Nộp hồ sơ.</p>",
                  "dossier": "<p>Đơn đề nghị.</p>", "processing_time": "10 ngày",
                  "fees": "Không", "national_portal_url": "https://dichvucong.gov.vn/p/1"},
    "schedule_entry": {"title": "Họp giao ban", "leader": "Giám đốc Nguyễn Văn An",
                       "day": "2026-11-23", "starts_at": "08:00", "place": "Phòng họp 1"},
    "disclosure": {"title": "Công khai dự toán ngân sách 2026", "kind": "budget",
                   "period": "2026"},
    "consultation": {"title": "Dự thảo Quy định quản lý chợ trên địa bàn tỉnh",
                     "drafting_agency": "Sở Công Thương", "field": "Thương mại",
                     "opens_on": "2026-11-02", "closes_on": "2026-12-31",
                     "clauses": "Điều 1. Phạm vi điều chỉnh\nĐiều 2. Đối tượng áp dụng"},
    "page": {"title": "Giới thiệu chung", "kind": "introduction",
             "body": "<p>Lịch sử hình thành.</p>"},
}


@pytest.fixture
def sites(app: Flask, province: Tenant) -> dict[str, Tenant]:
    from tests.factories import create_site
    a = create_site(app, "sokhcn.langson", "Sở Khoa học và Công nghệ", "department",
                    parent=province, hosts=(A_HOST,), governing_agency="UBND tỉnh Lạng Sơn",
                    responsible_person="Nguyễn Văn Bình", licence="Giấy phép số 12/GP-TTĐT")
    b = create_site(app, "xathongnhat.langson", "Xã Thống Nhất", "commune",
                    parent=province, hosts=(B_HOST,))
    for tenant in (province, a, b):
        create_user(app, f"editor@{tenant.slug}.gov.vn", {tenant: ["editor", "approver"]},
                    display_name="Phạm Kiểm Duyệt")
    return {"province": province, "a": a, "b": b}


def publish(app: Flask, site: Tenant, content_type: str, steps: tuple[str, ...] = (
        "submit", "approve"), **data: Any) -> int:
    """An item of ``content_type`` made by the site's editor and taken through
    ``steps`` (by default: published). Returns its id."""
    values = {**SAMPLES[content_type], **data}
    with app.app_context(), tenant_scope(site.id):
        user = db.session.scalar(select(User).where(
            User.email == f"editor@{site.slug}.gov.vn"))
        item = operations.create_item(content_type, values, user)
        for step in steps:
            operations.transition(item, step, user,
                                  comment="Vi phạm" if step == "take_down" else "")
        db.session.commit()
        return item.id


def slug_of(app: Flask, site: Tenant, item_id: int) -> str:
    with app.app_context(), tenant_scope(site.id):
        item = db.session.get(ContentItem, item_id)
        assert item is not None
        return item.slug


def client_for(app: Flask, host: str):  # type: ignore[no-untyped-def]
    return host_client(app, host)
