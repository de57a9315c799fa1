"""The world of the consultation tests: the province and a commune, each with an
editor-approver, and drafts made through the real services."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from hub.accounts.models import User
from hub.content import operations
from hub.extensions import db
from tenants.context import tenant_scope
from tenants.models import Tenant
from tests.factories import create_site, create_user

PROVINCE_HOST = "langson.localhost"
COMMUNE_HOST = "xathongnhat.langson.localhost"

DRAFT: dict[str, Any] = {
    "title": "Dự thảo Quy định quản lý chợ trên địa bàn tỉnh",
    "summary": "Quy định về phân hạng, quản lý và khai thác chợ.",
    "body": "<p>Toàn văn dự thảo kèm theo.</p>",
    "drafting_agency": "Sở Công Thương", "field": "Thương mại",
    "contact_person": "Bà Lý Thị Hoa, Phòng Quản lý thương mại, 0205 3870 111",
    "clauses": "Điều 1. Phạm vi điều chỉnh\nĐiều 2. Đối tượng áp dụng\n"
               "Điều 5. Phân hạng chợ",
}


@pytest.fixture
def commune(app: Flask, province: Tenant) -> Tenant:
    return create_site(app, "xathongnhat.langson", "Xã Thống Nhất", "commune",
                       parent=province, hosts=(COMMUNE_HOST,))


@pytest.fixture
def staff(app: Flask, province: Tenant, commune: Tenant) -> dict[str, User]:
    return {
        "editor": create_user(app, "bientap@langson.gov.vn", {province: "editor"},
                              display_name="Biên tập viên"),
        "approver": create_user(app, "pheduyet@langson.gov.vn", {province: "approver"},
                                display_name="Người phê duyệt"),
        "contributor": create_user(app, "ctv@langson.gov.vn", {province: "contributor"}),
        "commune_approver": create_user(app, "chutich@thongnhat.gov.vn",
                                        {commune: "approver"}),
    }


def make_draft(app: Flask, site: Tenant, email: str, steps: tuple[str, ...] = (
        "submit", "approve"), approver: str | None = None, **data: Any) -> int:
    """A draft for consultation made by ``email`` and taken through ``steps``."""
    with app.app_context(), tenant_scope(site.id):
        user = db.session.scalar(select(User).where(User.email == email))
        item = operations.create_item("consultation", {**DRAFT, **data}, user)
        for step in steps:
            actor = user if step == "submit" or approver is None else db.session.scalar(
                select(User).where(User.email == approver))
            operations.transition(item, step, actor)
        db.session.commit()
        return item.id
