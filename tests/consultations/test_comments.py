"""Citizens comment on a draft while it is open (003 Article 3.8.c): in their own name
or for an organisation, on one article or the whole; the form refuses what is not a
person's comment and says why; nothing is public before a moderator publishes it, and
a sender's email never is."""

from __future__ import annotations

import unicodedata
from io import BytesIO

import pytest

from tests.consultations.conftest import COMMUNE_HOST, PROVINCE_HOST, make_draft
from tests.consultations.helpers import (
    COMMENT,
    comment_count,
    comments,
    post_comment,
    shown,
    slug_of,
)
from tests.factories import host_client


@pytest.fixture
def drafts(app, province, commune, staff):  # type: ignore[no-untyped-def]
    ids = {
        "open": make_draft(app, province, "bientap@langson.gov.vn",
                           approver="pheduyet@langson.gov.vn", title="Dự thảo đang mở",
                           opens_on="2026-01-05", closes_on="2099-12-31"),
        "closed": make_draft(app, province, "bientap@langson.gov.vn",
                             approver="pheduyet@langson.gov.vn", title="Dự thảo đã đóng",
                             opens_on="2025-01-06", closes_on="2025-03-31"),
        "unpublished": make_draft(app, province, "bientap@langson.gov.vn", steps=(),
                                  title="Dự thảo chưa duyệt", opens_on="2026-01-05",
                                  closes_on="2099-12-31"),
    }
    return {name: slug_of(app, item_id) for name, item_id in ids.items()} | {
        "ids": ids}


def test_a_citizen_comments_on_an_article_of_an_open_draft(app, drafts):
    client = host_client(app, PROVINCE_HOST)
    page = client.get(f"/du-thao/{drafts['open']}")
    assert f"/du-thao/{drafts['open']}/gop-y" in page.text
    form = client.get(f"/du-thao/{drafts['open']}/gop-y")
    assert form.status_code == 200 and "Điều 5. Phân hạng chợ" in form.text
    assert form.headers["Cache-Control"] == "no-store"
    answer = post_comment(client, drafts["open"])
    assert answer.status_code == 303
    assert answer.headers["Location"].endswith(f"/du-thao/{drafts['open']}/gop-y/da-gui")
    [stored] = comments(app)
    assert stored.state.value == "pending" and stored.clause == "Điều 5. Phân hạng chợ"
    assert stored.email == "an.nguyen@example.vn" and stored.consent_at is not None
    # Not public before moderation.
    assert COMMENT["body"] not in client.get(f"/du-thao/{drafts['open']}").text


def test_a_comment_on_behalf_of_an_organisation_names_it(app, drafts):
    client = host_client(app, PROVINCE_HOST)
    assert post_comment(client, drafts["open"], kind="organisation",
                        organisation="Hợp tác xã Thương mại Đồng Đăng",
                        clause="").status_code == 303
    [stored] = comments(app)
    assert stored.sender == "Hợp tác xã Thương mại Đồng Đăng" and stored.clause == ""
    refused = post_comment(client, drafts["open"], kind="organisation", organisation="")
    assert refused.status_code == 400
    assert shown(app, "Please give the name of the organisation you comment for.") in \
        refused.text


def test_text_is_stored_in_nfc(app, drafts):
    decomposed = unicodedata.normalize("NFD", "Góp ý về điều kiện kinh doanh")
    assert post_comment(host_client(app, PROVINCE_HOST), drafts["open"], body=decomposed,
                        name=unicodedata.normalize("NFD", "Lê Thị Hằng")).status_code == 303
    [stored] = comments(app)
    assert stored.body == "Góp ý về điều kiện kinh doanh"
    assert stored.name == unicodedata.normalize("NFC", "Lê Thị Hằng")


@pytest.mark.parametrize(("values", "status", "message"), [
    ({"name": ""}, 400, "Please give your name."),
    ({"body": "  "}, 400, "Please write your comment."),
    ({"body": "x" * 10_001}, 400, "10001"),
    ({"clause": "Điều 99. Không có"}, 400,
     "Please choose an article or clause from the list, or the draft as a whole."),
    ({"email": "khong-phai-email"}, 400,
     "This is not an email address. Leave it empty if you have none."),
    ({"consent": None}, 400, "Please agree to the processing of your personal data, or "
                             "we cannot receive your comment."),
    ({"kind": "robot"}, 400, "Please say whether you comment in your own name or on "
                             "behalf of an organisation."),
    ({"website": "http://spam.example"}, 400, "chương trình"),
    ({"proof": None}, 400, "kiểm tra"),
])
def test_bad_input_is_refused_with_a_clear_message_and_nothing_stored(
        app, drafts, values, status, message):
    values = dict(values)
    proof = values.pop("proof", "solve")
    answer = post_comment(host_client(app, PROVINCE_HOST), drafts["open"], proof=proof,
                          **values)
    assert answer.status_code == status, answer.text
    assert shown(app, message) in answer.text
    assert 'role="alert"' in answer.text
    assert comment_count(app) == 0


def test_a_disguised_file_is_refused_and_a_real_one_kept_until_published(app, drafts):
    client = host_client(app, PROVINCE_HOST)
    fake = post_comment(client, drafts["open"],
                        attachment=(BytesIO(b"MZ\x90\x00 not a pdf"), "gop-y.pdf"))
    assert fake.status_code in (400, 415) and comment_count(app) == 0
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    assert post_comment(client, drafts["open"],
                        attachment=(BytesIO(pdf), "gop-y.pdf")).status_code == 303
    [stored] = comments(app)
    assert stored.attachment_id is not None
    assert client.get(f"/tep/{stored.attachment_id}/gop-y.pdf").status_code == 404


def test_a_closed_draft_takes_no_comment(app, drafts):
    client = host_client(app, PROVINCE_HOST)
    page = client.get(f"/du-thao/{drafts['closed']}")
    assert f"/du-thao/{drafts['closed']}/gop-y" not in page.text
    assert shown(app, "Closed on %(day)s: the agency is analysing the comments",
                 day="31/03/2025") in page.text
    assert client.get(f"/du-thao/{drafts['closed']}/gop-y").status_code == 409
    assert post_comment(client, drafts["closed"]).status_code == 409
    assert comment_count(app) == 0


def test_an_unpublished_or_unknown_or_foreign_draft_is_not_found(app, drafts):
    client = host_client(app, PROVINCE_HOST)
    assert client.get(f"/du-thao/{drafts['unpublished']}/gop-y").status_code == 404
    assert client.get("/du-thao/khong-co/gop-y").status_code == 404
    assert client.get("/du-thao/" + "x" * 300 + "/gop-y").status_code == 404
    assert host_client(app, COMMUNE_HOST).get(
        f"/du-thao/{drafts['open']}/gop-y").status_code == 404


def test_too_many_comments_from_one_address_wait(app, drafts):
    app.config["CONSULTATION_COMMENT_RATE_PER_CLIENT"] = 1
    client = host_client(app, PROVINCE_HOST)
    assert post_comment(client, drafts["open"]).status_code == 303
    answer = post_comment(client, drafts["open"])
    assert answer.status_code == 429 and answer.headers["Retry-After"] == "600"
    assert COMMENT["body"] in answer.text  # what was typed is kept
    assert comment_count(app) == 1


def test_a_post_without_the_csrf_token_is_refused(app, drafts):
    client = host_client(app, PROVINCE_HOST)
    answer = client.post(f"/du-thao/{drafts['open']}/gop-y", data=COMMENT)
    assert answer.status_code == 400 and comment_count(app) == 0


def test_a_replayed_proof_is_refused(app, drafts):
    from hub.intake.proof import solve
    client = host_client(app, PROVINCE_HOST)
    proof = solve(client.get(f"/du-thao/{drafts['open']}/gop-y/thu-thach").get_json())
    assert post_comment(client, drafts["open"], proof=proof).status_code == 303
    assert post_comment(client, drafts["open"], proof=proof).status_code == 400
    assert comment_count(app) == 1
