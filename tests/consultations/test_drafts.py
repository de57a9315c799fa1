"""A draft for consultation is content (003 Articles 3.8.c, 5.1.m): made, reviewed and
published through the editorial workflow, revised, searched and translated like any
item; its comment period lasts at least the site's minimum number of working days,
counted on the state's calendar."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from hub.accounts.models import User
from hub.content import operations
from hub.content.models import Consultation, ContentItem, Revision
from hub.deadlines.models import WorkingDayOverride
from hub.extensions import db
from hub.workflow.errors import ContentValidationError
from hub.workflow.states import ContentStatus
from tenants.context import tenant_scope
from tests.consultations.conftest import COMMUNE_HOST, DRAFT, PROVINCE_HOST, make_draft
from tests.factories import host_client
from tests.search.conftest import search_backend

__all__ = ["search_backend"]


def _create(app, site, **data):  # type: ignore[no-untyped-def]
    with app.app_context(), tenant_scope(site.id):
        user = db.session.scalar(select(User).where(User.email == "bientap@langson.gov.vn"))
        try:
            item = operations.create_item("consultation", {**DRAFT, **data}, user)
        except ContentValidationError as invalid:
            db.session.rollback()
            return invalid.errors
        db.session.commit()
        return item.id


def _set_minimum(app, site, days: int) -> None:  # type: ignore[no-untyped-def]
    from tenants.context import unscoped
    from tenants.models import Tenant
    with app.app_context(), unscoped():
        tenant = db.session.get(Tenant, site.id)
        tenant.update_settings(consultation_min_working_days=days)
        db.session.commit()


def test_comments_stay_open_the_sites_minimum_counted_in_working_days_across_a_holiday(
        app, province, staff):
    # Friday 24/4/2026; then Hùng Kings' day (observed Monday 27/4), 30/4 and 1/5: the
    # fifth working day after it is Wednesday 6/5.
    _set_minimum(app, province, 5)
    errors = _create(app, province, opens_on="2026-04-24", closes_on="2026-05-05")
    assert set(errors) == {"closes_on"}
    assert "5" in errors["closes_on"] and "06/05/2026" in errors["closes_on"]
    assert isinstance(_create(app, province, opens_on="2026-04-24",
                              closes_on="2026-05-06"), int)


def test_a_swapped_saturday_the_office_recorded_counts_as_a_working_day(
        app, province, staff):
    _set_minimum(app, province, 5)
    with app.app_context():
        db.session.add(WorkingDayOverride(day=date(2026, 5, 2), is_working_day=True))
        db.session.commit()
    assert isinstance(_create(app, province, opens_on="2026-04-24",
                              closes_on="2026-05-05"), int)


def test_without_a_site_setting_the_offices_default_applies(app, province, staff):
    app.config["CONSULTATION_MIN_WORKING_DAYS"] = 20
    # 20 working days after Monday 2/11/2026 (Tuesday 24/11 is a holiday): 1/12.
    errors = _create(app, province, opens_on="2026-11-02", closes_on="2026-11-30")
    assert "01/12/2026" in errors["closes_on"]
    assert isinstance(_create(app, province, opens_on="2026-11-02",
                              closes_on="2026-12-01"), int)


def test_the_closing_date_comes_after_the_opening_date_and_both_are_required(
        app, province, staff):
    errors = _create(app, province, opens_on="2026-12-31", closes_on="2026-12-01")
    assert "closes_on" in errors
    errors = _create(app, province, opens_on="", closes_on="")
    assert {"opens_on", "closes_on"} <= set(errors)
    errors = _create(app, province, drafting_agency="  ")
    assert "drafting_agency" in errors


def test_a_draft_goes_through_the_workflow_with_revisions_and_its_clause_list(
        app, province, staff):
    item_id = make_draft(app, province, "bientap@langson.gov.vn",
                         approver="pheduyet@langson.gov.vn",
                         opens_on="2026-11-02", closes_on="2026-12-31")
    with app.app_context(), tenant_scope(province.id):
        item = db.session.get(ContentItem, item_id)
        assert isinstance(item, Consultation)
        assert item.status is ContentStatus.PUBLISHED
        assert item.clause_list == ["Điều 1. Phạm vi điều chỉnh",
                                    "Điều 2. Đối tượng áp dụng", "Điều 5. Phân hạng chợ"]
        revision = db.session.scalar(select(Revision).where(Revision.item_id == item_id))
        assert revision.snapshot["closes_on"] == "2026-12-31"
        assert revision.snapshot["drafting_agency"] == "Sở Công Thương"


def test_the_editor_creates_a_draft_on_the_staff_screen(app, province, staff):
    from tests.factories import csrf_from, login
    client = host_client(app, PROVINCE_HOST)
    assert login(client, "bientap@langson.gov.vn").status_code == 302
    page = client.get("/quan-tri/noi-dung/moi/du-thao")
    assert page.status_code == 200
    assert 'name="closes_on"' in page.text and 'name="clauses"' in page.text
    response = client.post("/quan-tri/noi-dung/moi/du-thao", data={
        **DRAFT, "opens_on": "2026-11-02", "closes_on": "2026-11-05", "locale": "vi",
        "csrf_token": csrf_from(page.data)})
    assert response.status_code in (200, 400, 422)
    assert 'name="closes_on"' in response.text  # the form again, the date refused
    response = client.post("/quan-tri/noi-dung/moi/du-thao", data={
        **DRAFT, "opens_on": "2026-11-02", "closes_on": "2026-12-31", "locale": "vi",
        "csrf_token": csrf_from(page.data)})
    assert response.status_code in (302, 303)


@pytest.fixture
def published(app, province, commune, staff):  # type: ignore[no-untyped-def]
    open_id = make_draft(app, province, "bientap@langson.gov.vn",
                         approver="pheduyet@langson.gov.vn", title="Dự thảo đang mở",
                         opens_on="2026-01-05", closes_on="2099-12-31")
    closed_id = make_draft(app, province, "bientap@langson.gov.vn",
                           approver="pheduyet@langson.gov.vn", title="Dự thảo đã đóng",
                           opens_on="2025-01-06", closes_on="2025-03-31")
    draft_id = make_draft(app, province, "bientap@langson.gov.vn", steps=(),
                          title="Dự thảo chưa duyệt", opens_on="2026-01-05",
                          closes_on="2099-12-31")
    return {"open": open_id, "closed": closed_id, "unpublished": draft_id}


def test_the_public_list_filters_open_and_closed_drafts(app, published):
    client = host_client(app, PROVINCE_HOST)
    every = client.get("/du-thao")
    assert every.status_code == 200
    assert "Dự thảo đang mở" in every.text and "Dự thảo đã đóng" in every.text
    assert "Dự thảo chưa duyệt" not in every.text
    opened = client.get("/du-thao?trang-thai=dang-lay-y-kien").text
    assert "Dự thảo đang mở" in opened and "Dự thảo đã đóng" not in opened
    closed = client.get("/du-thao?trang-thai=da-ket-thuc").text
    assert "Dự thảo đã đóng" in closed and "Dự thảo đang mở" not in closed
    assert client.get("/du-thao?trang-thai=bat-ky").status_code == 400


def test_the_page_says_until_when_comments_are_received_in_vietnamese_dates(app, published):
    client = host_client(app, PROVINCE_HOST)
    listing = client.get("/du-thao").text
    assert "31/12/2099" in listing
    with app.app_context():
        from tenants.context import unscoped
        with unscoped():
            slug = db.session.get(ContentItem, published["closed"]).slug
    page = client.get(f"/du-thao/{slug}")
    assert page.status_code == 200
    assert "31/03/2025" in page.text
    assert "Sở Công Thương" in page.text and "Điều 5. Phân hạng chợ" in page.text


def test_another_sites_draft_is_not_found_on_this_host(app, published):
    with app.app_context():
        from tenants.context import unscoped
        with unscoped():
            slug = db.session.get(ContentItem, published["open"]).slug
    assert host_client(app, PROVINCE_HOST).get(f"/du-thao/{slug}").status_code == 200
    assert host_client(app, COMMUNE_HOST).get(f"/du-thao/{slug}").status_code == 404


def test_a_published_draft_is_found_by_search_as_its_own_type(app, published,
                                                               search_backend):
    from tests.search.conftest import drain_all
    drain_all(app, search_backend)
    found = host_client(app, PROVINCE_HOST).get(
        "/api/v1/search?q=chợ&type=consultation").get_json()
    titles = {hit["title"] for hit in found["results"]}
    assert titles == {"Dự thảo đang mở", "Dự thảo đã đóng"}
    assert {hit["type"] for hit in found["results"]} == {"consultation"}
    # The drafting agency is the issuer of the facet of that name, the field its field.
    assert found["facets"]["issuer"] == [{"count": 2, "value": "Sở Công Thương",
                                         "label": "Sở Công Thương"}]
    assert found["facets"]["field"] == [{"count": 2, "value": "Thương mại",
                                        "label": "Thương mại"}]
