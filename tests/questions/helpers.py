"""The world of the question tests: the province, a department and a commune, with
staff on each, and a way to receive a question on a site as the form would."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import Flask

from hub.accounts.models import User
from hub.extensions import db
from hub.questions import operations
from hub.questions.models import Question
from tenants.context import tenant_scope
from tenants.models import Tenant
from tests.factories import create_site, create_user


@dataclass
class World:
    app: Flask
    province: Tenant
    department: Tenant
    commune: Tenant
    users: dict[str, User]

    def user(self, name: str) -> User:
        return db.session.get(User, self.users[name].id)


def build_world(app: Flask, province: Tenant) -> World:
    department = create_site(app, "sokhcn.langson", "Sở Khoa học và Công nghệ",
                             "department", parent=province,
                             hosts=("sokhcn.langson.localhost",))
    commune = create_site(app, "xathongnhat.langson", "Xã Thống Nhất", "commune",
                          parent=province, hosts=("xathongnhat.langson.localhost",))
    users = {
        "province_editor": create_user(app, "bientap@langson.gov.vn", {province: "editor"}),
        "province_approver": create_user(app, "pheduyet@langson.gov.vn",
                                         {province: "approver"}),
        "department_editor": create_user(app, "bientap@sokhcn.gov.vn",
                                         {department: "editor"}),
        "department_approver": create_user(app, "giamdoc@sokhcn.gov.vn",
                                           {department: "approver"}),
        "commune_approver": create_user(app, "chutich@thongnhat.gov.vn",
                                        {commune: "approver"}),
        "contributor": create_user(app, "ctv@langson.gov.vn", {province: "contributor"}),
    }
    return World(app, province, department, commune, users)


SAMPLE = {"name": "Nguyễn Văn An", "email": "an.nguyen@example.vn", "phone": "0912 345 678",
          "field": "land", "title": "Thủ tục cấp giấy chứng nhận quyền sử dụng đất",
          "body": "Tôi muốn hỏi hồ sơ cấp giấy chứng nhận lần đầu gồm những gì? "
                  "Số điện thoại của tôi là 0912 345 678."}


def receive(app: Flask, tenant: Tenant, *, received_at: datetime | None = None,
            **values: Any) -> Question:
    """A question received on ``tenant`` and committed (as the form's request does)."""
    with app.test_request_context(base_url=f"http://{tenant.slug}.localhost/"), \
            tenant_scope(tenant.id):
        question = operations.receive(**{**SAMPLE, **values}, received_at=received_at)
        db.session.commit()
        question_id = question.id
    return question_id  # type: ignore[return-value]


def outbox(app: Flask) -> list[str]:
    """The mails sent so far, as text."""
    folder = Path(app.config["MAIL_OUTBOX_DIR"])
    if not folder.exists():
        return []
    from email import message_from_bytes, policy
    texts = []
    for path in sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns):
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        texts.append(f"To: {message['To']}\nSubject: {message['Subject']}\n\n"
                     f"{message.get_body().get_content()}")
    return texts


def published_question_of(app: Flask, site: Tenant) -> int:
    """A question asked, answered and published on ``site`` (for the foreign-id table)."""
    admin = create_user(app, f"answers-{site.id}@example.gov.vn", roles={site: "site_admin"})
    question_id = receive(app, site)
    with app.test_request_context(base_url=f"http://{site.slug}.localhost/"), \
            tenant_scope(site.id):
        actor = db.session.get(User, admin.id)
        question = db.session.get(Question, question_id)
        operations.classify(question, field="land", level="own", actor=actor)
        operations.save_draft(question, answer="<p>Trả lời.</p>", signer_name="Lê Văn C",
                              signer_title="Chánh Văn phòng", actor=actor, submit=True)
        operations.send_answer(question, actor=actor)
        operations.publish(question, **operations.public_preview(question), actor=actor)
        db.session.commit()
    return question_id
