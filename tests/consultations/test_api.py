"""``/api/v1/consultations``: drafts with where they stand, their clauses, their
published comments (no email, no pending or hidden comment) and, once out, the agency's
outcome — every answer checked against the OpenAPI document."""

from __future__ import annotations

import json

from hub.content.models import Consultation
from hub.extensions import db
from tenants.context import tenant_scope
from tests.api.test_openapi import checker
from tests.consultations.conftest import COMMUNE_HOST, PROVINCE_HOST, make_draft
from tests.consultations.test_outcome import (  # the closed draft with its comments
    _respond_to_all,
    closed,
    publish,
    staff_client,
)
from tests.factories import host_client

__all__ = ["closed"]


def test_the_list_and_detail_answer_as_documented(app, closed):
    client = host_client(app, PROVINCE_HOST)
    check = checker(client.get("/api/v1/openapi.json").get_json())
    listing = client.get("/api/v1/consultations").get_json()
    check("/api/v1/consultations", 200, listing)
    [row] = listing["data"]
    assert row["state"] == "closed" and row["outcome_published_at"] is None
    assert row["clauses"][-1] == "Điều 5. Phân hạng chợ"
    assert "comments" not in row
    detail = client.get(f"/api/v1/consultations/{closed['draft']}").get_json()
    check("/api/v1/consultations/{item_id}", 200, detail)
    comments = detail["data"]["comments"]
    assert [c["sender"] for c in comments] == ["Nguyễn Văn An",
                                               "Hợp tác xã Thương mại Đồng Đăng",
                                               "Trần Thị Bình"]
    assert all(c["response"] is None for c in comments)  # not before the outcome
    assert detail["data"]["outcome"] is None
    text = json.dumps(detail, ensure_ascii=False)
    assert "@example.vn" not in text and "Mua hàng giá rẻ" not in text
    assert "Lê Văn Cường" not in text  # the organisation's representative

    _respond_to_all(app, closed)
    assert publish(staff_client(app, "pheduyet@langson.gov.vn"), closed,
                   "Đã tiếp thu.").status_code == 303
    detail = client.get(f"/api/v1/consultations/{closed['draft']}").get_json()
    check("/api/v1/consultations/{item_id}", 200, detail)
    data = detail["data"]
    assert data["state"] == "outcome_published"
    assert data["outcome"]["summary"] == "Đã tiếp thu."
    assert data["outcome"]["docx_url"].endswith(
        f"/du-thao/{closed['slug']}/tong-hop-y-kien.docx")
    assert [c["response"] for c in data["comments"]] == [
        "accepted", "partly_accepted", "partly_accepted"]
    assert client.get(data["outcome"]["docx_url"].replace(
        f"http://{PROVINCE_HOST}", "")).status_code == 200


def test_the_state_filter(app, closed, province, staff):
    make_draft(app, province, "bientap@langson.gov.vn", approver="pheduyet@langson.gov.vn",
               title="Dự thảo đang mở", opens_on="2026-01-05", closes_on="2099-12-31")
    client = host_client(app, PROVINCE_HOST)
    check = checker(client.get("/api/v1/openapi.json").get_json())

    def titles(query: str) -> list[str]:
        body = client.get(f"/api/v1/consultations?{query}").get_json()
        check("/api/v1/consultations", 200, body)
        return [row["title"] for row in body["data"]]

    assert titles("state=open") == ["Dự thảo đang mở"]
    assert titles("state=closed") == ["Dự thảo Quy định chợ"]
    assert titles("state=outcome_published") == []
    bad = client.get("/api/v1/consultations?state=maybe")
    assert bad.status_code == 400
    check("/api/v1/consultations", 400, bad.get_json())


def test_another_sites_draft_is_not_in_this_sites_api(app, closed, commune):
    other = host_client(app, COMMUNE_HOST)
    assert other.get("/api/v1/consultations").get_json()["data"] == []
    assert other.get(f"/api/v1/consultations/{closed['draft']}").status_code == 404
    with app.app_context(), tenant_scope(commune.id):
        assert db.session.get(Consultation, closed["draft"]) is None
