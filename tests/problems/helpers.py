"""The world of the problem-report tests: the province and a commune, each with a
published article and staff in every role that matters, and a client that posts the
report form as a browser would (token, solved proof-of-work)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask

from hub.accounts.models import User
from hub.content.models import ContentItem
from hub.content.operations import create_item, transition
from hub.extensions import db
from hub.intake.proof import solve
from tenants.context import tenant_scope
from tenants.models import Tenant
from tests.factories import create_site, create_user, csrf_from, login

PROVINCE = "langson.localhost"
COMMUNE = "xathongnhat.langson.localhost"

ARTICLE = {
    "title": "Hội nghị triển khai nhiệm vụ năm 2027",
    "summary": "Sáng 20/11, Ủy ban nhân dân tổ chức hội nghị.",
    "body": "<p>Hội nghị đánh giá kết quả năm 2026.</p>",
    "kind": "news",
}
REPORT = {"reason": "wrong", "body": "Ngày tổ chức hội nghị ghi sai: là 21/11.",
          "email": "lan.pham@example.vn", "consent": "y"}


@dataclass
class World:
    app: Flask
    province: Tenant
    commune: Tenant
    users: dict[str, int]
    items: dict[str, tuple[int, str]]   # site -> (item id, public path)

    def user(self, name: str) -> User:
        user = db.session.get(User, self.users[name])
        assert user is not None
        return user


def publish_article(app: Flask, site: Tenant, author_id: int, **data: Any) -> tuple[int, str]:
    """An article created and approved through the workflow; (id, public path)."""
    with app.test_request_context(base_url=f"http://{site.slug}.localhost/"), \
            tenant_scope(site.id):
        author = db.session.get(User, author_id)
        item = create_item("article", {**ARTICLE, **data}, author)
        transition(item, "submit", author)
        transition(item, "approve", author)
        db.session.commit()
        return item.id, f"/tin-tuc/{item.slug}"


def build_world(app: Flask, province: Tenant) -> World:
    app.config["POW_MAX_NUMBER"] = 1000  # a browser's work, made small for the tests
    commune = create_site(app, "xathongnhat.langson", "Xã Thống Nhất", "commune",
                          parent=province, hosts=(COMMUNE,))
    users = {
        "province_contributor": create_user(app, "ctv@langson.gov.vn",
                                            {province: "contributor"}).id,
        "province_editor": create_user(app, "bientap@langson.gov.vn",
                                       {province: "editor"}).id,
        "province_approver": create_user(app, "pheduyet@langson.gov.vn",
                                         {province: "approver"}).id,
        "province_admin": create_user(app, "quantri@langson.gov.vn",
                                      {province: "site_admin"}).id,
        "commune_approver": create_user(app, "chutich@thongnhat.gov.vn",
                                        {commune: "approver"}).id,
    }
    items = {"province": publish_article(app, province, users["province_approver"]),
             "commune": publish_article(app, commune, users["commune_approver"],
                                        title="Lịch tiếp công dân tháng 12")}
    return World(app, province, commune, users, items)


def proof_for(client: Any) -> str:
    answer = client.get("/bao-loi/thu-thach")
    assert answer.status_code == 200, answer.text
    return solve(answer.get_json())


def post_report(client: Any, item_path: str, *, proof: str | None = "solve",
                **values: Any) -> Any:
    """Post the form below ``item_path`` as a browser would; ``values`` override."""
    page = client.get(f"{item_path}/bao-loi")
    assert page.status_code == 200, page.text
    data = {**REPORT, "csrf_token": csrf_from(page.data)}
    if proof == "solve":
        data["altcha"] = proof_for(client)
    elif proof is not None:
        data["altcha"] = proof
    data.update(values)
    data = {key: value for key, value in data.items() if value is not None}
    return client.post(f"{item_path}/bao-loi", data=data)


def staff_login(client: Any, email: str) -> None:
    assert login(client, email).status_code == 302, email


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


def vi(app: Flask, message: str, **values: Any) -> str:
    """``message`` as a Vietnamese host shows it (through the app's catalog), HTML-escaped
    as a template prints it."""
    from flask_babel import force_locale, gettext
    from markupsafe import escape
    with app.test_request_context(), force_locale("vi"):
        return str(escape(gettext(message, **values)))


def report_of(app: Flask, site: Tenant) -> int:
    """An open report about a published article of ``site`` (for the foreign-id table)."""
    from hub.problems import operations
    author = create_user(app, f"reports-{site.id}@example.gov.vn", roles={site: "approver"})
    item_id, _path = publish_article(app, site, author.id)
    with app.test_request_context(base_url=f"http://{site.slug}.localhost/"), \
            tenant_scope(site.id):
        item = db.session.get(ContentItem, item_id)
        report = operations.receive(item, reason="wrong", body="Sai ngày.", email="",
                                    consent=False, locale="vi")
        db.session.commit()
        return report.id
