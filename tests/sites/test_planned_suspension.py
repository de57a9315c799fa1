"""A planned suspension (Decree 224/2026): announced at least 7 working days ahead with
the expected restoration time; the site shows the announcement from then on, answers
503 with the restoration time (and Retry-After) from the time set — with no job having
run — and is served again afterwards. An immediate suspension needs a reason."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask
from sqlalchemy import func, select
from werkzeug.http import http_date

from hub.extensions import db
from hub.sites import suspensions
from tenants.context import unscoped
from tenants.models import SiteSuspension, TenantStatus
from tests.factories import host_client
from tests.sites.helpers import SITES, audit, frozen, office_client, post_form, tenant

__all__ = ["frozen"]  # the fixture, used by name

COMMUNE_HOST = "xathongnhat.langson.localhost"
# Monday 26 April 2027, 09:00 in Viet Nam. 30 April, 1 May and the Monday after are
# holidays: Wednesday 5 May is 9 days away but only 5 working days; Friday 7 May is 7.
MONDAY = datetime(2027, 4, 26, 2, 0, tzinfo=UTC)
FRIDAY_8AM = datetime(2027, 5, 7, 1, 0, tzinfo=UTC)
FRIDAY_NOON = datetime(2027, 5, 7, 5, 0, tzinfo=UTC)


def announce(client, site_id: int, start: str, end: str, reason: str = "Nâng cấp máy chủ"):  # type: ignore[no-untyped-def]
    return post_form(client, f"{SITES}/{site_id}/tam-dung/thong-bao",
                     {"starts_at": start, "restores_at": end, "reason": reason},
                     form_path=f"{SITES}/{site_id}/tam-dung")


def rows(app: Flask) -> int:
    with app.app_context(), unscoped():
        return db.session.scalar(select(func.count()).select_from(SiteSuspension))


def test_the_whole_timeline_of_a_planned_suspension(app, province, two_sites, frozen):
    _, commune = two_sites
    frozen(MONDAY)
    client = office_client(app)
    visitor = host_client(app, COMMUNE_HOST)

    too_soon = announce(client, commune.id, "2027-05-05T08:00", "2027-05-05T12:00")
    assert too_soon.status_code == 422
    assert "thông báo trước ít nhất 7 ngày làm việc" in too_soon.text
    assert "ngày 05/05/2027 chỉ còn cách 5 ngày làm việc" in too_soon.text
    assert "working days" not in too_soon.text
    assert rows(app) == 0

    done = announce(client, commune.id, "2027-05-07T08:00", "2027-05-07T12:00")
    assert done.status_code == 302
    assert done.headers["Location"] == f"{SITES}/{commune.id}"
    assert ("tenant.suspension_announced", 1) in audit(app, commune.id)
    assert 'data-state="announced"' in client.get(f"{SITES}/{commune.id}/quan-ly").text

    page = visitor.get("/")
    assert page.status_code == 200
    assert 'class="suspension-announcement"' in page.text
    assert "07/05/2027 08:00" in page.text and "07/05/2027 12:00" in page.text

    frozen(datetime(2027, 5, 7, 0, 59, tzinfo=UTC))  # a minute before: still served
    assert visitor.get("/").status_code == 200

    frozen(FRIDAY_8AM)  # no job ran: the clock alone suspends it
    down = visitor.get("/tin-tuc")
    assert down.status_code == 503
    assert down.headers["Retry-After"] == http_date(FRIDAY_NOON)
    assert "07/05/2027 12:00" in down.text and "Nâng cấp máy chủ" in down.text
    with app.app_context(), unscoped():
        assert suspensions.site_state(tenant(app, commune.slug)) == "suspended"

    frozen(FRIDAY_NOON)  # back at the time announced
    assert visitor.get("/").status_code == 200
    with app.app_context():
        assert suspensions.close_finished() == 1
        db.session.commit()
        assert suspensions.close_finished() == 0  # idempotent
    page = visitor.get("/")
    assert page.status_code == 200 and "suspension-announcement" not in page.text


def test_an_announcement_can_be_cancelled_before_it_begins(app, province, two_sites,
                                                           frozen):
    _, commune = two_sites
    frozen(MONDAY)
    client = office_client(app)
    assert announce(client, commune.id, "2027-05-07T08:00", "2027-05-07T12:00").status_code == 302
    with app.app_context(), unscoped():
        row_id = db.session.scalars(select(SiteSuspension.id)).one()
    response = post_form(client, f"{SITES}/{commune.id}/tam-dung/{row_id}/huy", {},
                         form_path=f"{SITES}/{commune.id}/tam-dung")
    assert response.status_code == 302
    assert ("tenant.suspension_cancelled", 1) in audit(app, commune.id)
    assert "suspension-announcement" not in host_client(app, COMMUNE_HOST).get("/").text
    frozen(FRIDAY_8AM)
    assert host_client(app, COMMUNE_HOST).get("/").status_code == 200


def test_the_office_resumes_a_planned_suspension_early(app, province, two_sites, frozen):
    _, commune = two_sites
    frozen(MONDAY)
    client = office_client(app)
    assert announce(client, commune.id, "2027-05-07T08:00", "2027-05-07T12:00").status_code == 302
    frozen(FRIDAY_8AM)
    assert host_client(app, COMMUNE_HOST).get("/").status_code == 503
    response = post_form(client, f"{SITES}/{commune.id}/khoi-phuc", {},
                         form_path=f"{SITES}/{commune.id}/tam-dung")
    assert response.status_code == 302
    assert response.headers["Location"] == f"{SITES}/{commune.id}"
    assert host_client(app, COMMUNE_HOST).get("/").status_code == 200
    assert ("tenant.resumed", 1) in audit(app, commune.id)


def test_overlapping_announcements_are_refused(app, province, two_sites, frozen):
    _, commune = two_sites
    frozen(MONDAY)
    client = office_client(app)
    assert announce(client, commune.id, "2027-05-07T08:00", "2027-05-07T12:00").status_code == 302
    again = announce(client, commune.id, "2027-05-07T10:00", "2027-05-07T14:00")
    assert again.status_code == 422 and rows(app) == 1
    backwards = announce(client, commune.id, "2027-05-10T10:00", "2027-05-10T09:00")
    assert backwards.status_code == 422 and rows(app) == 1


def test_an_immediate_suspension_needs_a_reason_and_is_marked(app, province, two_sites,
                                                              frozen):
    _, commune = two_sites
    frozen(MONDAY)
    client = office_client(app)
    path = f"{SITES}/{commune.id}/tam-dung/ngay"
    form = f"{SITES}/{commune.id}/tam-dung"
    refused = post_form(client, path, {"reason": "  "}, form_path=form)
    assert refused.status_code == 422 and rows(app) == 0
    assert tenant(app, commune.slug).status == TenantStatus.ACTIVE

    done = post_form(client, path, {"reason": "Bị tấn công", "restores_at": "2027-04-26T15:00"},
                     form_path=form)
    assert done.status_code == 302
    assert done.headers["Location"] == f"{SITES}/{commune.id}"
    assert tenant(app, commune.slug).status == TenantStatus.SUSPENDED
    assert [action for action, _ in audit(app, commune.id)] == [
        "tenant.suspended", "tenant.suspended_immediately"]
    with app.app_context(), unscoped():
        assert db.session.scalars(select(SiteSuspension.immediate)).one() is True
    down = host_client(app, COMMUNE_HOST).get("/")
    assert down.status_code == 503
    assert down.headers["Retry-After"] == http_date(datetime(2027, 4, 26, 8, 0, tzinfo=UTC))
    assert "26/04/2027 15:00" in down.text and "Bị tấn công" in down.text

    back = post_form(client, f"{SITES}/{commune.id}/khoi-phuc", {}, form_path=form)
    assert back.status_code == 302
    assert host_client(app, COMMUNE_HOST).get("/").status_code == 200
    assert tenant(app, commune.slug).status == TenantStatus.ACTIVE


def test_the_states_of_many_sites_come_from_one_query(app, province, two_sites, frozen):
    department, commune = two_sites
    frozen(MONDAY)
    client = office_client(app)
    assert announce(client, commune.id, "2027-05-07T08:00", "2027-05-07T12:00").status_code == 302
    with app.app_context(), unscoped():
        sites = [tenant(app, slug) for slug in ("langson", department.slug, commune.slug)]
        assert suspensions.states_of(sites) == {province.id: "active",
                                                department.id: "active",
                                                commune.id: "announced"}
        assert suspensions.states_of(sites, FRIDAY_8AM)[commune.id] == "suspended"
        assert suspensions.states_of(sites, FRIDAY_NOON)[commune.id] == "active"
