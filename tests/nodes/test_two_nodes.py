"""Two nodes sharing one PostgreSQL, one Redis and one upload folder: what staff change
through node A — a publication, a takedown, a new domain, a suspension — is what node
B answers within a second, although B had the page (or the host) cached before; and a
job due once runs once however many nodes run the workers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import redis
from flask import Flask
from sqlalchemy import func, select

from hub.audit.models import AuditEntry
from hub.console.models import ReminderKind, SiteReminder
from hub.content.models import ContentItem, WorkflowEvent
from hub.content.operations import transition
from hub.core.clock import utcnow
from hub.core.joblock import exclusive
from hub.extensions import db
from hub.workflow.states import ContentStatus
from tenants.context import tenant_scope, unscoped
from tests.admin.helpers import acting, email_of, make_item, make_staff
from tests.factories import PASSWORD, create_site, create_user
from tests.nodes.conftest import Node, within

pytestmark = pytest.mark.slow

PROVINCE_HOST = "langson.localhost"
DEPARTMENT_HOST = "sokhcn.langson.localhost"
COMMUNE_HOST = "xathongnhat.langson.localhost"
NEW_HOST = "thongnhat-moi.langson.localhost"
OFFICE = "office@langson.gov.vn"
SITES = "/quan-tri/tinh/don-vi"
TITLE = "Hội nghị chuyển đổi số tỉnh Lạng Sơn năm 2026"


@pytest.fixture
def seeded(pg_app: Flask) -> dict[str, Any]:
    """The province with its office, a department with its administrator, editor and
    approver (and an article submitted for approval), and a commune."""
    province = create_site(pg_app, "langson", "Tỉnh Lạng Sơn", "province",
                           hosts=(PROVINCE_HOST,), governing_agency="UBND tỉnh Lạng Sơn")
    department = create_site(pg_app, "sokhcn.langson", "Sở Khoa học và Công nghệ",
                             "department", parent=province, hosts=(DEPARTMENT_HOST,))
    commune = create_site(pg_app, "xathongnhat.langson", "Xã Thống Nhất", "commune",
                          parent=province, hosts=(COMMUNE_HOST,))
    create_user(pg_app, OFFICE, hub_role="hub_admin")
    make_staff(pg_app, department, ("site_admin", "editor", "approver"))
    item_id = make_item(pg_app, department, email_of("editor", department), title=TITLE,
                        steps=("submit",))
    return {"department": department, "commune": commune, "item_id": item_id}


def test_changes_made_on_one_node_are_answered_by_the_other_within_a_second(
        nodes: tuple[Node, Node], seeded: dict[str, Any], redis_url: str) -> None:
    a, b = nodes

    def cached_pages() -> int:
        """Pages in the page cache the nodes share (``hub.cache.store.RedisStore``)."""
        return len(list(redis.Redis.from_url(redis_url).scan_iter("portal:page:*")))

    department, commune = seeded["department"], seeded["commune"]
    item = f"/quan-tri/noi-dung/{seeded['item_id']}/chuyen-trang-thai"
    approver = a.browser(DEPARTMENT_HOST)
    approver.login(email_of("approver", department), PASSWORD)
    office = a.browser(PROVINCE_HOST)
    office.login(OFFICE, PASSWORD)

    def news_on_b() -> str:
        reply = b.browser(DEPARTMENT_HOST).get("/tin-tuc")
        assert reply.status == 200
        return reply.text

    # Publishing: B had the list in the page cache before A approved the article.
    assert TITLE not in news_on_b()
    assert cached_pages() == 1
    assert approver.post(item, {"action": "approve"}).status == 302
    within(1.0, lambda: TITLE in news_on_b())

    # A takedown: gone from B's cached list.
    assert TITLE in news_on_b()
    assert approver.post(item, {"action": "take_down", "comment": "Sai thông tin"}).status \
        == 302
    within(1.0, lambda: TITLE not in news_on_b())

    # A new domain: B answered 404 for it (and keeps a map of every host) before.
    assert b.browser(NEW_HOST).get("/").status == 404
    added = office.post(f"{SITES}/{commune.id}/ten-mien",
                        {"hostname": NEW_HOST, "locale": "vi"})
    assert added.status == 302, added.text[:500]
    within(1.0, lambda: b.browser(NEW_HOST).get("/").status in (200, 301))

    # A suspension: B served the commune's (cached) home page, then answers 503.
    assert b.browser(COMMUNE_HOST).get("/").status == 200
    assert b.browser(COMMUNE_HOST).get("/").status == 200
    suspended = office.post(f"{SITES}/{commune.id}/tam-dung/ngay",
                            {"reason": "Rà soát an toàn thông tin"})
    assert suspended.status == 302, suspended.text[:500]
    within(1.0, lambda: b.browser(COMMUNE_HOST).get("/").status == 503)


def _scheduled_in_the_past(app: Flask, seeded: dict[str, Any]) -> int:
    department = seeded["department"]
    item_id = make_item(app, department, email_of("editor", department),
                        title="Lịch tiếp công dân tháng 12", steps=("submit",))
    when = utcnow() - timedelta(minutes=1)
    with acting(app, department, email_of("approver", department)) as approver:
        transition(db.session.get(ContentItem, item_id), "schedule", approver,
                   scheduled_at=when, now=when - timedelta(hours=1))
    return item_id


def _publications(app: Flask, seeded: dict[str, Any], item_id: int) -> tuple[int, int, str]:
    """(publish events, audit entries, status) of the scheduled item, as committed."""
    with app.app_context(), tenant_scope(seeded["department"].id):
        db.session.remove()
        events = db.session.scalar(select(func.count()).select_from(WorkflowEvent).where(
            WorkflowEvent.item_id == item_id, WorkflowEvent.action == "publish_scheduled"))
        status = db.session.get(ContentItem, item_id).status  # type: ignore[union-attr]
        with unscoped():
            entries = db.session.scalar(select(func.count()).select_from(AuditEntry).where(
                AuditEntry.action == "content.publish_scheduled",
                AuditEntry.object_id == str(item_id)))
        return int(events or 0), int(entries or 0), status


def _finish(worker: Any) -> str:
    output, _ = worker.communicate(timeout=120)
    assert worker.returncode == 0, output
    return output


def _runs(outputs: list[str], job: str) -> list[int]:
    """What each run of ``job`` reported (``flask worker --once`` prints every job it
    ran, not those it left to another process)."""
    return [int(line.rpartition(" ")[2]) for output in outputs
            for line in output.splitlines() if line.startswith(f"{job}: ")]


def _weekly_reminders(app: Flask, seeded: dict[str, Any]) -> int:
    with app.app_context(), unscoped():
        db.session.remove()
        return int(db.session.scalar(select(func.count()).select_from(SiteReminder).where(
            SiteReminder.tenant_id == seeded["department"].id,
            SiteReminder.kind == ReminderKind.WEEKLY)) or 0)


def test_jobs_due_once_run_once_whatever_the_workers_of_both_nodes(
        nodes: tuple[Node, Node], pg_app: Flask, seeded: dict[str, Any]) -> None:
    a, b = nodes
    item_id = _scheduled_in_the_past(pg_app, seeded)
    due = ("publish_scheduled", "console.weekly_reminders")

    # While another process holds their locks, a node's worker leaves those jobs alone.
    with pg_app.app_context(), exclusive(due[0]) as first, exclusive(due[1]) as second:
        assert first and second
        output = _finish(a.worker())
    assert _runs([output], due[0]) == _runs([output], due[1]) == []
    assert _runs([output], "mail.deliver") == [0]
    assert _publications(pg_app, seeded, item_id) == (0, 0, ContentStatus.SCHEDULED)
    assert _weekly_reminders(pg_app, seeded) == 0

    # Both nodes' workers at once: one does each job; the other found the lock taken
    # (and left the job out) or came after and found nothing left to do.
    outputs = [_finish(worker) for worker in [a.worker(), b.worker()]]
    for job in due:
        assert sorted(_runs(outputs, job)) in ([1], [0, 1]), outputs
    assert _publications(pg_app, seeded, item_id) == (1, 1, ContentStatus.PUBLISHED)
    assert _weekly_reminders(pg_app, seeded) == 1
