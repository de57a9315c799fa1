"""Demo problem reports: on the province and on the commune of Thống Nhất, reports of
a page in every state — two open (one about harmful content, with an email for the
reply), one closed as corrected, one closed as not a problem, and one whose item an
approver took down from the report through the editorial workflow (an item published
for the purpose, so the demo's other pages stay). Sent and handled through the real
services of ``hub.problems.operations``; the reporters are illustrative."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from hub.accounts.models import User
from hub.content.models import Article, ContentItem
from hub.content.operations import create_item, transition
from hub.extensions import db
from hub.problems import operations
from hub.problems.models import ProblemReport
from hub.workflow.states import ContentStatus
from tenants.context import tenant_scope, unscoped
from tenants.models import Domain, Tenant

# (site label under the base domain, the approver who handles the reports)
SITES = (("", "admin@langson.gov.vn"),
         ("xathongnhat", "quantri.xathongnhat@langson.gov.vn"))

OPEN = (
    ("harmful", "Bình luận cuối bài có lời lẽ xúc phạm một cán bộ xã, đề nghị gỡ bỏ.",
     "tran.minh@example.vn"),
    ("broken", "Liên kết tải biểu mẫu trong bài không mở được (báo lỗi 404).", ""),
)
FIXED = ("wrong", "Ngày tổ chức hội nghị ghi 20/11 nhưng thực tế là 21/11.",
         "hoang.lan@example.vn", "Đã sửa ngày tổ chức thành 21/11 theo giấy mời.")
NOT_A_PROBLEM = ("other", "Bài viết nên có thêm ảnh của hội nghị.", "",
                 "Bài viết đầy đủ thông tin; ảnh không bắt buộc.")
HARMFUL_ITEM = {"title": "Thông tin chưa được kiểm chứng về dịch bệnh (bài bị gỡ, ví dụ)",
                "summary": "Bài đăng nhầm thông tin chưa được cơ quan y tế xác nhận.",
                "body": "<p>Nội dung chưa được kiểm chứng.</p>", "kind": "news"}
TAKE_DOWN = ("harmful", "Bài đưa tin sai sự thật về dịch bệnh, gây hoang mang.",
             "nguyen.an@example.vn", "Thông tin sai sự thật, chưa được Sở Y tế xác nhận "
             "(Điều 8.2.b Quy chế).")


def _site(host: str) -> Tenant | None:
    with unscoped():
        return db.session.scalar(select(Tenant).join(Domain).where(Domain.hostname == host))


def _receive(item: ContentItem, reason: str, body: str, email: str) -> ProblemReport:
    return operations.receive(item, reason=reason, body=body, email=email,
                              consent=bool(email), locale="vi")


def seed_demo_problems(app: Flask, base_domain: str) -> int:
    """Send and handle the demo reports on an already seeded demo province with its
    content. Does nothing where a site has reports already. Commits; returns the count."""
    count = 0
    for label, approver_email in SITES:
        host = f"{label}.{base_domain}" if label else base_domain
        site = _site(host)
        if site is None:
            continue
        with app.test_request_context("/", base_url=f"http://{host}/"), \
                tenant_scope(site.id):
            if db.session.scalar(select(ProblemReport.id).limit(1)) is not None:
                continue
            approver = db.session.scalar(select(User).where(User.email == approver_email))
            articles = list(db.session.scalars(
                select(Article).where(Article.status == ContentStatus.PUBLISHED)
                .order_by(Article.id).limit(2)))
            if approver is None or not articles:
                continue
            for reason, body, email in OPEN:
                _receive(articles[0], reason, body, email)
            reason, body, email, note = FIXED
            operations.close(_receive(articles[-1], reason, body, email), outcome="fixed",
                             note=note, actor=approver)
            reason, body, email, note = NOT_A_PROBLEM
            operations.close(_receive(articles[-1], reason, body, email),
                             outcome="not_a_problem", note=note, actor=approver)
            harmful = create_item("article", HARMFUL_ITEM, approver)
            transition(harmful, "submit", approver)
            transition(harmful, "approve", approver)
            reason, body, email, why = TAKE_DOWN
            operations.take_down(_receive(harmful, reason, body, email), reason=why,
                                 actor=approver)
            db.session.commit()
            count += 5
    return count
