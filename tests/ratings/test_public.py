"""A visitor rates a site (003 Article 3.8.d): the four marks and an optional comment on
``/danh-gia``, "Was this page useful?" at the foot of every public page — over HTTP, with
a solved proof-of-work, no account and no cookie; bad input is refused with a message
on the form and the right status, and nothing is stored."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask

from hub.core.clock import local_today
from hub.ratings.models import CommentState
from tenants.models import Tenant
from tests.factories import host_client
from tests.questions.helpers import build_world
from tests.ratings.helpers import (
    COMMUNE,
    ENGLISH,
    MARKS,
    PROVINCE,
    post_rating,
    post_useful,
    proof_for,
    ratings,
    stored,
    vi,
    visitor,
)


@pytest.fixture
def world(app: Flask, province: Tenant):  # type: ignore[no-untyped-def]
    return build_world(app, province)


def test_the_rating_page_has_four_accessible_radio_groups_and_the_privacy_notice(
        app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    page = host_client(app, PROVINCE).get("/danh-gia")
    assert page.status_code == 200
    html = page.text
    assert html.count("<fieldset") == 4 and html.count("<legend>") == 4
    for aspect in MARKS:
        for mark in range(1, 6):
            assert f'id="{aspect}-{mark}" name="{aspect}" value="{mark}"' in html
    assert vi(app, "The agency's support (answers, help, contacts)") in html
    assert vi(app, "What is kept when you rate") in html
    assert 'data-proof="/danh-gia/thu-thach"' in html
    assert "csrf_token" not in html
    assert "Set-Cookie" not in page.headers
    # The page itself carries no "Was this page useful?" (it is the rating page).
    assert "page-feedback" not in html


def test_the_english_host_shows_the_form_in_english(app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    page = host_client(app, ENGLISH).get("/danh-gia")
    assert page.status_code == 200
    assert "Rate this portal" in page.text and "The agency's support" in page.text
    assert "What is kept when you rate" in page.text
    assert "Đánh giá" not in page.text and "Gửi" not in page.text


def test_a_rating_is_stored_without_address_or_cookie(app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    client = visitor(app, PROVINCE, "198.51.100.23")
    answer = post_rating(client, comment="  Trang rất dễ dùng.  ")
    assert answer.status_code == 303, answer.text
    assert answer.headers["Location"].endswith("/danh-gia/cam-on")
    assert "Set-Cookie" not in answer.headers
    assert not client.get_cookie("session", domain=PROVINCE)
    [rating] = ratings(app)
    assert (rating.interface, rating.content, rating.quality, rating.support) == (4, 5, 3, 2)
    assert rating.comment == "Trang rất dễ dùng."
    assert rating.comment_state is CommentState.NEW
    assert rating.locale == "vi" and rating.rated_on == local_today()
    assert rating.tenant_id == world.province.id
    # Nothing in any stored row is the address, nor a time of day.
    assert "198.51.100.23" not in repr(vars(rating))
    assert isinstance(rating.rated_on, date)
    thanks = client.get(answer.headers["Location"])
    assert thanks.status_code == 200
    assert vi(app, "Your answer has been counted. It helps the site's staff improve "
                   "the portal.") in thanks.text
    assert "Set-Cookie" not in thanks.headers


def test_the_english_host_stores_its_language(app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    answer = post_rating(visitor(app, ENGLISH))
    assert answer.status_code == 303
    assert [rating.locale for rating in ratings(app)] == ["en"]


@pytest.mark.parametrize("changes, field", [
    ({"interface": None}, "interface"), ({"content": "6"}, "content"),
    ({"quality": "0"}, "quality"), ({"support": "tốt"}, "support"),
    ({"comment": "x" * 2001}, "comment")])
def test_a_missing_or_invalid_mark_is_refused_on_its_field(
        app: Flask, world, changes: dict, field: str) -> None:  # type: ignore[no-untyped-def]
    answer = post_rating(visitor(app, PROVINCE), **changes)
    assert answer.status_code == 400
    assert vi(app, "The rating was not sent. Please correct what is marked below.") \
        in answer.text and 'role="alert"' in answer.text
    assert f'id="{field}-error"' in answer.text
    assert stored(app)["rating"] == 0


def test_what_was_chosen_is_kept_when_the_form_is_refused(app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    answer = post_rating(visitor(app, PROVINCE), support=None, comment="Góp ý của tôi")
    assert answer.status_code == 400
    assert 'id="interface-4" name="interface" value="4" checked' in answer.text
    assert "Góp ý của tôi" in answer.text


def test_a_missing_or_forged_proof_is_refused(app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    client = visitor(app, PROVINCE)
    missing = post_rating(client, proof=None)
    assert missing.status_code == 400 and "Chưa thực hiện kiểm tra chống thư rác" in missing.text
    forged = post_rating(client, proof="bm90IGEgcHJvb2Y=")
    assert forged.status_code == 400
    assert stored(app)["rating"] == 0


def test_a_proof_is_spent_once_and_belongs_to_its_site(app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    client = visitor(app, PROVINCE)
    solved = proof_for(client)
    assert post_rating(client, proof=solved).status_code == 303
    replay = post_rating(visitor(app, PROVINCE, "192.0.2.99"), proof=solved)
    assert replay.status_code == 400 and "đã được gửi" in replay.text
    foreign = post_rating(visitor(app, COMMUNE), proof=proof_for(client))
    assert foreign.status_code == 400 and "trang khác" in foreign.text
    assert len(ratings(app)) == 1


def test_a_filled_honeypot_and_a_post_from_another_site_are_refused(app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    client = visitor(app, PROVINCE)
    assert post_rating(client, website="http://spam.example").status_code == 400
    forged = client.post("/danh-gia", data={**MARKS, "altcha": proof_for(client)},
                         headers={"Origin": "http://evil.example"})
    assert forged.status_code == 403
    assert stored(app)["rating"] == 0


def test_too_many_ratings_from_one_client_get_429(app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    client = visitor(app, PROVINCE)
    for _ in range(5):
        assert post_rating(client).status_code == 303
    answer = post_rating(client)
    assert answer.status_code == 429 and answer.headers["Retry-After"] == "600"
    assert vi(app, "Too many ratings have been sent from here in a short time. Please "
                   "wait %(minutes)s minutes and send again.", minutes=10) in answer.text


def test_every_public_page_carries_the_useful_control_as_static_markup(
        app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    client = host_client(app, PROVINCE)
    for path in ("/", "/tin-tuc", "/hoi-dap"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert 'action="/danh-gia/trang"' in page.text, path
        assert f'name="page" value="{path}"' in page.text
        assert vi(app, "Was this page useful?") in page.text
        assert "Set-Cookie" not in page.headers
    english = host_client(app, ENGLISH).get("/")
    assert "Was this page useful?" in english.text
    assert "Trang tin" not in english.text
    # Not on an error page, nor on a form that is not public content.
    assert "page-feedback" not in client.get("/khong-co-trang-nay").text
    assert "page-feedback" not in client.get("/dang-nhap").text


def test_a_page_answer_is_counted_once_a_day_per_client(app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    client = visitor(app, PROVINCE)
    first = post_useful(client, "/tin-tuc", "yes")
    assert first.status_code == 303 and "Set-Cookie" not in first.headers
    assert first.headers["Location"].endswith("/danh-gia/cam-on?page=%2Ftin-tuc")
    again = post_useful(client, "/tin-tuc", "no")
    assert again.status_code == 303 and "again=1" in again.headers["Location"]
    assert vi(app, "You have already answered from this connection today, so this "
                   "answer was not counted again. Thank you all the same.") in client.get(
        again.headers["Location"]).text
    # Another page, or another client, counts.
    assert "again" not in post_useful(client, "/", "no").headers["Location"]
    assert "again" not in post_useful(visitor(app, PROVINCE, "192.0.2.1"),
                                      "/tin-tuc", "no").headers["Location"]
    assert stored(app)["page_usefulness"] == 3


@pytest.mark.parametrize("page, useful", [
    ("/tin-tuc", "maybe"), ("tin-tuc", "yes"), ("//evil.example/", "yes"),
    ("/khong-co-trang-nay", "yes"), ("/quan-tri/", "yes"), ("/danh-gia", "yes"),
    ("/tin-tuc?x=1", "yes"), ("/" + "a" * 400, "yes")])
def test_a_bad_page_answer_is_400(app: Flask, world, page: str, useful: str) -> None:  # type: ignore[no-untyped-def]
    answer = post_useful(visitor(app, PROVINCE), page, useful)
    assert answer.status_code == 400
    assert stored(app)["page_usefulness"] == 0


def test_a_page_answer_from_another_site_is_refused(app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    client = visitor(app, PROVINCE)
    assert post_useful(client, Origin="http://evil.example").status_code == 403
    assert post_useful(client, **{"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert post_useful(client, Origin=f"http://{PROVINCE}").status_code == 303
    assert stored(app)["page_usefulness"] == 1


def test_too_many_page_answers_get_429(app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    client = visitor(app, PROVINCE)
    for _ in range(30):
        assert post_useful(client).status_code == 303
    answer = post_useful(client)
    assert answer.status_code == 429 and answer.headers["Retry-After"] == "600"
