"""Comments are moderated before publication: the board's approvers publish or hide
each (hiding with a reason), editors read them, nobody else; the check is the server's.
A hidden comment is nowhere public, and no sender's email ever is."""

from __future__ import annotations

import pytest

from tests.consultations.conftest import COMMUNE_HOST, PROVINCE_HOST, make_draft
from tests.consultations.helpers import COMMENT, comments, post_comment, slug_of
from tests.factories import create_user, csrf_from, host_client, login


@pytest.fixture
def received(app, province, commune, staff):  # type: ignore[no-untyped-def]
    draft_id = make_draft(app, province, "bientap@langson.gov.vn",
                          approver="pheduyet@langson.gov.vn", title="Dự thảo đang mở",
                          opens_on="2026-01-05", closes_on="2099-12-31")
    slug = slug_of(app, draft_id)
    citizen = host_client(app, PROVINCE_HOST)
    assert post_comment(citizen, slug).status_code == 303
    assert post_comment(citizen, slug, name="Trần Thị Bình", email="binh@example.vn",
                        body="Ý kiến lạc đề, quảng cáo.").status_code == 303
    first, second = comments(app)
    return {"draft": draft_id, "slug": slug, "good": first.id, "spam": second.id}


def staff_client(app, email: str, host: str = PROVINCE_HOST):  # type: ignore[no-untyped-def]
    client = host_client(app, host)
    assert login(client, email).status_code == 302
    return client


def moderate(client, received, comment: str, action: str, reason: str = ""):  # type: ignore[no-untyped-def]
    page = client.get("/quan-tri/du-thao")
    token = csrf_from(page.data) if page.status_code == 200 else csrf_from(
        client.get("/dang-nhap/quen-mat-khau").data)
    return client.post(f"/quan-tri/du-thao/{received['draft']}/y-kien/"
                       f"{received[comment]}/{action}",
                       data={"csrf_token": token, "reason": reason})


def test_the_approver_publishes_and_hides_and_the_public_sees_only_the_published(
        app, received):
    approver = staff_client(app, "pheduyet@langson.gov.vn")
    listing = approver.get("/quan-tri/du-thao")
    assert listing.status_code == 200 and "Dự thảo đang mở" in listing.text
    page = approver.get(f"/quan-tri/du-thao/{received['draft']}")
    assert page.status_code == 200
    assert "an.nguyen@example.vn" in page.text  # staff see the contact
    assert moderate(approver, received, "good", "publish").status_code == 303
    assert moderate(approver, received, "spam", "hide").status_code == 400  # no reason
    assert moderate(approver, received, "spam", "hide",
                    reason="Quảng cáo, không liên quan dự thảo").status_code == 303
    states = {c.id: (c.state.value, c.hidden_reason) for c in comments(app)}
    assert states == {received["good"]: ("published", ""),
                      received["spam"]: ("hidden", "Quảng cáo, không liên quan dự thảo")}
    public = host_client(app, PROVINCE_HOST).get(f"/du-thao/{received['slug']}").text
    assert COMMENT["body"] in public and "Nguyễn Văn An" in public
    assert "Ý kiến lạc đề" not in public and "Trần Thị Bình" not in public
    assert "@example.vn" not in public


def test_a_second_moderator_acting_on_a_changed_comment_is_told(app, received):
    approver = staff_client(app, "pheduyet@langson.gov.vn")
    assert moderate(approver, received, "good", "publish").status_code == 303
    assert moderate(approver, received, "good", "publish").status_code == 409


@pytest.mark.parametrize(("email", "index"), [
    ("bientap@langson.gov.vn", 200),     # editor: reads the comments, may not moderate
    ("ctv@langson.gov.vn", 403),         # contributor: neither
])
def test_roles_are_checked_on_the_server(app, received, email, index):
    client = staff_client(app, email)
    assert client.get("/quan-tri/du-thao").status_code == index
    assert client.get(f"/quan-tri/du-thao/{received['draft']}").status_code == index
    assert moderate(client, received, "good", "publish").status_code == 403
    assert moderate(client, received, "spam", "hide", reason="Không").status_code == 403
    assert {c.state.value for c in comments(app)} == {"pending"}


def test_an_account_of_another_site_cannot_log_in_here(app, received):
    client = host_client(app, PROVINCE_HOST)
    assert login(client, "chutich@thongnhat.gov.vn").status_code != 302
    assert client.get("/quan-tri/du-thao").status_code == 302


def test_anonymous_visitors_are_sent_to_log_in(app, received):
    client = host_client(app, PROVINCE_HOST)
    assert client.get("/quan-tri/du-thao").status_code == 302
    assert client.get(f"/quan-tri/du-thao/{received['draft']}").status_code == 302


def test_another_sites_staff_find_nothing_of_this_draft(app, received, commune):
    approver = staff_client(app, "chutich@thongnhat.gov.vn", COMMUNE_HOST)
    assert approver.get("/quan-tri/du-thao").status_code == 200
    assert "Dự thảo đang mở" not in approver.get("/quan-tri/du-thao").text
    assert approver.get(f"/quan-tri/du-thao/{received['draft']}").status_code == 404
    token = csrf_from(approver.get("/quan-tri/du-thao").data)
    assert approver.post(f"/quan-tri/du-thao/{received['draft']}/y-kien/{received['good']}"
                         "/publish", data={"csrf_token": token}).status_code == 404
    assert {c.state.value for c in comments(app)} == {"pending"}


def test_a_site_administrator_moderates_too_and_an_unknown_step_is_404(app, received,
                                                                       province):
    create_user(app, "quantri@langson.gov.vn", {province: "site_admin"})
    admin = staff_client(app, "quantri@langson.gov.vn")
    assert moderate(admin, received, "good", "delete").status_code == 404
    assert admin.get(f"/quan-tri/du-thao/{received['draft']}/y-kien/1/publish"
                     ).status_code == 405
    assert admin.get("/quan-tri/du-thao/99999999999").status_code == 404
    assert moderate(admin, received, "good", "publish").status_code == 303


def test_a_comments_file_is_public_only_while_the_comment_is_published(app, province,
                                                                       staff):
    from io import BytesIO
    draft_id = make_draft(app, province, "bientap@langson.gov.vn",
                          approver="pheduyet@langson.gov.vn", opens_on="2026-01-05",
                          closes_on="2099-12-31")
    slug = slug_of(app, draft_id)
    citizen = host_client(app, PROVINCE_HOST)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    assert post_comment(citizen, slug, attachment=(BytesIO(pdf), "y-kien.pdf")
                        ).status_code == 303
    [comment] = comments(app)
    received = {"draft": draft_id, "good": comment.id}
    path = f"/tep/{comment.attachment_id}/y-kien.pdf"
    assert citizen.get(path).status_code == 404
    approver = staff_client(app, "pheduyet@langson.gov.vn")
    assert moderate(approver, received, "good", "publish").status_code == 303
    assert citizen.get(path).status_code == 200
    assert path in citizen.get(f"/du-thao/{slug}").text
    assert moderate(approver, received, "good", "hide", reason="Trùng lặp").status_code == 303
    assert citizen.get(path).status_code == 404
    assert "y-kien.pdf" not in citizen.get(f"/du-thao/{slug}").text
