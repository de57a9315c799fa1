"""Demo consultations (góp ý dự thảo) on the province and the commune of Thống Nhất,
brought there through the real services by the demo's staff.

On each site: one draft open for comment, with comments in every moderation state
(waiting, published, hidden with a reason); one closed, whose comments were received
while it was open, moderated, answered by the agency (accepted, partly accepted, not
accepted) and whose outcome table is published. The people, organisations and drafts
are illustrative.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import select

from hub.accounts.models import User
from hub.consultations import operations
from hub.content import operations as content
from hub.content.consultation_period import earliest_close
from hub.content.models import Consultation
from hub.core.clock import local_today, site_timezone
from hub.extensions import db
from tenants.context import tenant_scope, unscoped
from tenants.models import Domain, Tenant


@dataclass(frozen=True)
class DemoSite:
    label: str            # under the base domain ("" for the province)
    editor: str
    approver: str
    agency: str
    open_title: str
    closed_title: str


SITES = (
    DemoSite("", "admin@langson.gov.vn", "admin@langson.gov.vn", "Sở Công Thương",
             "Dự thảo Quy định phân cấp quản lý chợ trên địa bàn tỉnh Lạng Sơn",
             "Dự thảo Quy định về quản lý cụm công nghiệp trên địa bàn tỉnh"),
    DemoSite("xathongnhat", "capnhat.xathongnhat@langson.gov.vn",
             "quantri.xathongnhat@langson.gov.vn", "Ủy ban nhân dân xã Thống Nhất",
             "Dự thảo Quy ước thôn Bản Pát về nếp sống văn minh",
             "Dự thảo Kế hoạch chỉnh trang đường làng, ngõ xóm năm 2027"),
)

CLAUSES = ("Điều 1. Phạm vi điều chỉnh\nĐiều 2. Đối tượng áp dụng\n"
           "Điều 3. Nguyên tắc quản lý\nĐiều 4. Trách nhiệm của các cơ quan, đơn vị\n"
           "Điều 5. Tổ chức thực hiện")

# (kind, name, organisation, email, clause, text, then: "pending" | "published" |
# "hidden: <reason>" on the open draft, or a response on the closed one)
OPEN_COMMENTS = (
    ("person", "Hoàng Văn Sơn", "", "son.hoang@example.vn", "Điều 3. Nguyên tắc quản lý",
     "Đề nghị bổ sung nguyên tắc công khai giá thuê điểm kinh doanh.", "published"),
    ("organisation", "Nông Thị Lan", "Hợp tác xã Dịch vụ Đồng Đăng", "htx.dongdang@example.vn",
     "Điều 4. Trách nhiệm của các cơ quan, đơn vị",
     "Đề nghị quy định rõ thời hạn cơ quan trả lời kiến nghị của tiểu thương.",
     "published"),
    ("person", "Lý Văn Hải", "", "", "", "Dự thảo cần có thời gian chuyển tiếp hợp lý.",
     "pending"),
    ("person", "Người gửi quảng cáo", "", "", "",
     "Bán hàng giá rẻ, liên hệ ngay số điện thoại bên dưới.",
     "hidden: Nội dung quảng cáo, không góp ý cho dự thảo."),
)
CLOSED_COMMENTS = (
    ("person", "Vy Thị Hồng", "", "hong.vy@example.vn", "Điều 2. Đối tượng áp dụng",
     "Đề nghị mở rộng đối tượng áp dụng cho hộ kinh doanh cá thể.", "accepted", ""),
    ("organisation", "Đinh Văn Khải", "Hiệp hội Doanh nghiệp tỉnh", "hiephoi@example.vn",
     "Điều 5. Tổ chức thực hiện",
     "Đề nghị lùi thời điểm có hiệu lực thêm sáu tháng.", "partly_accepted",
     "Tiếp thu một phần: lùi thời điểm có hiệu lực ba tháng để bảo đảm tiến độ."),
    ("person", "Hà Văn Minh", "", "", "Điều 1. Phạm vi điều chỉnh",
     "Đề nghị bỏ quy định về phân cấp.", "not_accepted",
     "Không tiếp thu: việc phân cấp được thực hiện theo quy định của Luật Tổ chức chính "
     "quyền địa phương."),
    ("person", "Tài khoản rác", "", "", "", "Nội dung không liên quan.", "hidden", ""),
)


@dataclass
class DemoConsultations:
    count: int = 0
    pages: list[str] | None = None

    def lines(self, port: int | None = 8000) -> list[str]:
        if not self.count:
            return []
        suffix = f":{port}" if port else ""
        return [f"Consultations (góp ý dự thảo): {self.count} drafts, comments in every "
                "moderation state, a published outcome table:",
                *(f"  http://{host}{suffix}/du-thao" for host in self.pages or [])]


def _site(host: str) -> Tenant | None:
    with unscoped():
        return db.session.scalar(select(Tenant).join(Domain).where(Domain.hostname == host))


def _user(email: str) -> User:
    return db.session.scalars(select(User).where(User.email == email)).one()


def _moment(day: Any, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=site_timezone()).astimezone(UTC)


def _draft(site: DemoSite, tenant_id: int, title: str, opens: Any, closes: Any
           ) -> Consultation:
    editor, approver = _user(site.editor), _user(site.approver)
    draft = content.create_item("consultation", {
        "title": title, "drafting_agency": site.agency, "field": "Quản lý nhà nước",
        "summary": "Lấy ý kiến rộng rãi của cơ quan, tổ chức, cá nhân đối với dự thảo.",
        "body": "<p>Toàn văn dự thảo và tờ trình được đăng kèm theo.</p>",
        "opens_on": opens.isoformat(), "closes_on": closes.isoformat(),
        "contact_person": f"Văn phòng {site.agency}, điện thoại 0205 3812 345",
        "clauses": CLAUSES}, editor)
    content.transition(draft, "submit", editor)
    content.transition(draft, "approve", approver)
    return draft  # type: ignore[return-value]


def _fill(site: DemoSite, tenant_id: int) -> int:
    today = local_today()
    approver = _user(site.approver)
    # Open: opened ten days ago, closing ten days after the shortest period allowed.
    opens = today - timedelta(days=10)
    draft = _draft(site, tenant_id, site.open_title, opens,
                   earliest_close(opens, tenant_id) + timedelta(days=10))
    for number, (kind, name, org, email, clause, body, then) in enumerate(OPEN_COMMENTS):
        comment = operations.receive_comment(
            draft, consent=True, now=_moment(opens + timedelta(days=1 + number)),
            kind=kind, name=name, organisation=org, email=email, clause=clause, body=body)
        if then == "published":
            operations.moderate(comment, "publish", approver)
        elif then.startswith("hidden"):
            operations.moderate(comment, "hide", approver, reason=then.split(": ", 1)[1])
    # Closed: comments received while open, answered, the outcome published.
    opens = today - timedelta(days=100)
    closes = today - timedelta(days=40)
    closed = _draft(site, tenant_id, site.closed_title, opens, closes)
    answered = []
    for number, (kind, name, org, email, clause, body, response, why) in enumerate(
            CLOSED_COMMENTS):
        comment = operations.receive_comment(
            closed, consent=True, now=_moment(opens + timedelta(days=2 + number)),
            kind=kind, name=name, organisation=org, email=email, clause=clause, body=body)
        if response == "hidden":
            operations.moderate(comment, "hide", approver, reason="Không liên quan.")
        else:
            operations.moderate(comment, "publish", approver)
            answered.append((comment, response, why))
    after = _moment(closes + timedelta(days=7))
    for comment, response, why in answered:
        operations.respond([comment], closed, response, why, approver, now=after)
    operations.publish_outcome(closed, "Cơ quan chủ trì soạn thảo đã nghiên cứu, tiếp thu "
                               "và giải trình đầy đủ các ý kiến góp ý.", approver,
                               now=_moment(closes + timedelta(days=10)))
    return 2


def seed_demo_consultations(app: Flask, base_domain: str) -> DemoConsultations:
    """Seed the demo consultations on an already seeded demo province (once: nothing
    when the province has a draft for consultation). Commits site by site."""
    out = DemoConsultations(pages=[])
    province = _site(base_domain)
    if province is None:
        return out
    with unscoped():
        if db.session.scalar(select(Consultation.id).where(
                Consultation.tenant_id == province.id).limit(1)) is not None:
            return out
    for site in SITES:
        host = f"{site.label}.{base_domain}" if site.label else base_domain
        tenant = _site(host)
        if tenant is None:
            continue
        with app.test_request_context("/", base_url=f"http://{host}/"), \
                tenant_scope(tenant.id):
            out.count += _fill(site, tenant.id)
            db.session.commit()
        out.pages.append(host)  # type: ignore[union-attr]
    return out
