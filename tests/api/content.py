"""A small published world for the open-data tests, made through the real services.

Site A (``sokhcn``) has one public item of every type, a draft, a taken-down article, a
category, a leader; site B (``xathongnhat``) has a published article that must never
show on A; the province has a Vietnamese article and its published English translation
(shown on ``english.langson.localhost``), plus an unpublished English draft.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Flask

from hub.content import operations
from hub.content.models import ContentItem, ContentType
from hub.directory.models import Person
from hub.extensions import db
from tenants.context import tenant_scope
from tenants.models import Tenant
from tests.admin.helpers import acting
from tests.content.factories import make_category
from tests.factories import create_user

A_HOST = "sokhcn.langson.localhost"
B_HOST = "xathongnhat.langson.localhost"
VI_HOST = "langson.localhost"
EN_HOST = "english.langson.localhost"
PUBLISH = ("submit", "approve")

ITEMS: dict[ContentType, dict] = {
    ContentType.ARTICLE: {"title": "Hội nghị tổng kết <khoa học> & công nghệ",
                          "summary": "Sáng 20/11 \"hội nghị\" diễn ra.", "kind": "news"},
    ContentType.PAGE: {"title": "Giới thiệu chung về Sở", "kind": "introduction"},
    ContentType.LEGAL_DOCUMENT: {
        "title": "Quyết định ban hành Quy chế quản lý Cổng thông tin điện tử",
        "number": "40/2024/QĐ-UBND", "document_type": "quyet_dinh",
        "issuer": "Ủy ban nhân dân tỉnh Lạng Sơn", "signer": "Hồ Tiến Thiệu",
        "issued_on": "2024-10-15", "effective_on": "2024-10-25", "field": "Thông tin"},
    ContentType.PROCEDURE: {"title": "Cấp giấy phép hoạt động", "code": "1.001234",
                            "field": "Khoa học", "agency": "Sở KH&CN",
                            "service_level": "Toàn trình",
                            "procedure_steps": "<p>Nộp hồ sơ</p>"},
    ContentType.SCHEDULE_ENTRY: {"title": "Họp giao ban", "leader": "Nguyễn Văn An",
                                 "day": "2026-11-23", "starts_at": "08:00",
                                 "place": "Phòng họp số 1"},
    ContentType.DISCLOSURE: {"title": "Công khai dự toán ngân sách năm 2026",
                             "kind": "budget", "period": "2026"},
    ContentType.CONSULTATION: {"title": "Dự thảo Quy định quản lý hoạt động khoa học",
                               "drafting_agency": "Sở Khoa học và Công nghệ",
                               "opens_on": "2026-01-05", "closes_on": "2099-12-31",
                               "clauses": "Điều 1. Phạm vi\nĐiều 2. Đối tượng"},
}


@dataclass
class World:
    a: Tenant
    b: Tenant
    province: Tenant
    public: dict[ContentType, int] = field(default_factory=dict)
    draft: int = 0
    taken_down: int = 0
    foreign: int = 0
    category_id: int = 0
    person_id: int = 0
    vi_article: int = 0
    en_article: int = 0
    en_draft: int = 0


def make_item(app: Flask, site: Tenant, author: str, *, content_type: ContentType =
              ContentType.ARTICLE, steps: tuple[str, ...] = (),
              approver_email: str | None = None, **data: object) -> int:
    """An item made and moved through ``steps`` by the real services (``data`` may hold
    a procedure's own ``steps`` field, hence a helper of our own)."""
    values = {"body": "<p>Nội dung</p>", **data}
    if "procedure_steps" in values:
        values["steps"] = values.pop("procedure_steps")
    with acting(app, site, author) as user:
        item_id = operations.create_item(content_type, values, user).id
    for step in steps:
        with acting(app, site, author if step == "submit" else approver_email or author
                    ) as user:
            operations.transition(db.session.get(ContentItem, item_id), step, user,
                                  comment="Vi phạm" if step == "take_down" else "")
    return item_id


def staff(app: Flask, site: Tenant) -> tuple[str, str]:
    editor, approver = f"editor@{site.slug}.gov.vn", f"approver@{site.slug}.gov.vn"
    create_user(app, editor, {site: "editor"})
    create_user(app, approver, {site: "approver"})
    return editor, approver


def build_world(app: Flask, province: Tenant, a: Tenant, b: Tenant) -> World:
    world = World(a=a, b=b, province=province)
    editor, approver = staff(app, a)
    world.category_id = make_category(app, a, "Tin hoạt động", "tin-hoat-dong")
    for content_type, data in ITEMS.items():
        extra = {"category_id": world.category_id} \
            if content_type is ContentType.ARTICLE else {}
        world.public[content_type] = make_item(
            app, a, editor, content_type=content_type, steps=PUBLISH,
            approver_email=approver, **data, **extra)
    world.draft = make_item(app, a, editor, title="Bản nháp chưa duyệt")
    world.taken_down = make_item(app, a, editor, title="Bài vi phạm đã gỡ",
                                 steps=(*PUBLISH, "take_down"), approver_email=approver)
    with app.app_context(), tenant_scope(a.id):
        person = Person(name="Nguyễn Văn An", title="Giám đốc", is_leader=True,
                        email="an@sokhcn.gov.vn")
        db.session.add(person)
        db.session.commit()
        world.person_id = person.id

    b_editor, b_approver = staff(app, b)
    world.foreign = make_item(app, b, b_editor, title="Tin của xã khác", steps=PUBLISH,
                              approver_email=b_approver)

    p_editor, p_approver = staff(app, province)
    world.vi_article = make_item(app, province, p_editor, title="Lạng Sơn đón khách",
                                 steps=PUBLISH, approver_email=p_approver)
    world.en_article = make_item(app, province, p_editor, title="Lang Son welcomes guests",
                                 locale="en", translation_of_id=world.vi_article,
                                 steps=PUBLISH, approver_email=p_approver)
    world.en_draft = make_item(app, province, p_editor, title="Unpublished English draft",
                               locale="en")
    return world


def published_on(content_type: ContentType):  # type: ignore[no-untyped-def]
    """A factory for ``tests/test_foreign_ids.py``: a published item of ``content_type``
    on ``site`` (another site there), whose id the API of site A must answer 404."""
    def make(app: Flask, site: Tenant) -> int:
        editor, approver = staff(app, site)
        return make_item(app, site, editor, content_type=content_type, steps=PUBLISH,
                         approver_email=approver, **ITEMS[content_type])
    return make
