"""The question form refuses what is not a person's one question, and says why: a filled
honeypot, a missing, forged, expired, foreign or replayed proof-of-work, too many
questions from one client or to one site, a body or a file too large, a disguised file,
no consent, missing fields. Each refusal keeps what was typed and stores nothing."""

from __future__ import annotations

import base64
import json
from io import BytesIO
from typing import Any

import pytest
from flask import Flask

from tenants.models import Tenant
from tests.factories import host_client
from tests.questions.helpers import World
from tests.questions.test_public import (
    DEPARTMENT,
    ENGLISH,
    FORM,
    PROVINCE,
    counts,
    form_token,
    make_world,
    post_question,
    proof_for,
)


@pytest.fixture
def world(app: Flask, province: Tenant) -> World:
    return make_world(app, province)


def refused(app: Flask, answer: Any, status: int, message: str) -> None:
    """Refused with ``status`` and ``message``, the typed values shown back, nothing
    stored."""
    assert answer.status_code == status, answer.text
    assert message in answer.text
    assert 'role="alert"' in answer.text
    for key in ("name", "title", "body"):
        assert FORM[key] in answer.text, key
    assert counts(app) == (0, 0)


def test_a_filled_honeypot_is_refused(app: Flask, world: Any) -> None:
    client = host_client(app, PROVINCE)
    refused(app, post_question(client, website="http://spam.example"), 400,
            "được điền bởi một chương trình")


def test_a_missing_proof_is_refused(app: Flask, world: Any) -> None:
    refused(app, post_question(host_client(app, PROVINCE), proof=None), 400,
            "Chưa thực hiện kiểm tra chống thư rác")


@pytest.mark.parametrize("garbled", ["not base64 at all!", base64.b64encode(b"{nope").decode(),
                                     base64.b64encode(b'{"algorithm": 1}').decode()])
def test_a_garbled_proof_is_refused(app: Flask, world: Any, garbled: str) -> None:
    refused(app, post_question(host_client(app, PROVINCE), proof=garbled), 400,
            "Không đọc được mã kiểm tra")


def test_a_forged_proof_is_refused(app: Flask, world: Any) -> None:
    client = host_client(app, PROVINCE)
    payload = json.loads(base64.b64decode(proof_for(client)))
    payload["number"] += 1
    forged = base64.b64encode(json.dumps(payload).encode()).decode()
    refused(app, post_question(client, proof=forged), 400, "đã hết hạn hoặc không hợp lệ")


def test_an_expired_proof_is_refused(app: Flask, world: Any) -> None:
    client = host_client(app, PROVINCE)
    app.config["POW_TTL_SECONDS"] = -60  # the challenge is born expired
    stale = proof_for(client)
    app.config["POW_TTL_SECONDS"] = 1800
    refused(app, post_question(client, proof=stale), 400, "đã hết hạn hoặc không hợp lệ")


def test_a_proof_of_another_site_is_refused(app: Flask, world: Any) -> None:
    foreign = proof_for(host_client(app, DEPARTMENT))
    refused(app, post_question(host_client(app, PROVINCE), proof=foreign), 400,
            "thuộc trang khác")


def test_a_replayed_proof_is_refused(app: Flask, world: Any) -> None:
    client = host_client(app, PROVINCE)
    token, payload = form_token(client), proof_for(client)
    assert post_question(client, token=token, proof=payload).status_code == 303
    again = post_question(client, token=token, proof=payload)
    assert again.status_code == 400
    assert "Biểu mẫu này đã được gửi" in again.text
    assert FORM["body"] in again.text
    assert counts(app) == (1, 1)


def test_too_many_questions_from_one_client(app: Flask, world: Any) -> None:
    app.config["QUESTION_RATE_PER_CLIENT"] = 2
    client = host_client(app, PROVINCE)
    for _ in range(2):
        assert post_question(client).status_code == 303
    answer = post_question(client, title="Câu hỏi thứ ba", body="Nội dung câu hỏi thứ ba.")
    assert answer.status_code == 429
    assert answer.headers["Retry-After"] == "600"
    assert "Có quá nhiều câu hỏi được gửi từ đây" in answer.text
    assert "Câu hỏi thứ ba" in answer.text and "Nội dung câu hỏi thứ ba." in answer.text
    assert counts(app) == (2, 2)
    # Another client is still welcome.
    other = host_client(app, PROVINCE)
    other.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    assert post_question(other).status_code == 303


def test_too_many_questions_to_one_site(app: Flask, world: Any) -> None:
    app.config["QUESTION_RATE_PER_SITE"] = 2
    for number in range(2):
        client = host_client(app, PROVINCE)
        client.environ_base["REMOTE_ADDR"] = f"203.0.113.{number + 1}"
        assert post_question(client).status_code == 303
    client = host_client(app, PROVINCE)
    client.environ_base["REMOTE_ADDR"] = "203.0.113.50"
    answer = post_question(client)
    assert answer.status_code == 429
    assert answer.headers["Retry-After"] == "3600"
    assert FORM["body"] in answer.text
    assert counts(app) == (2, 2)
    # The limit is the site's: the department still receives questions.
    department = host_client(app, DEPARTMENT)
    department.environ_base["REMOTE_ADDR"] = "203.0.113.50"
    assert post_question(department).status_code == 303


def test_a_body_beyond_the_request_limit_is_refused(app: Flask, world: Any) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    client = host_client(app, PROVINCE)
    answer = post_question(client, attachment=(BytesIO(b"%PDF-1.4\n" + b"0" * 100_000),
                                               "lon.pdf"))
    assert answer.status_code == 413
    assert counts(app) == (0, 0)


def test_a_file_beyond_the_upload_limit_is_refused_and_the_form_kept(app: Flask,
                                                                     world: Any) -> None:
    app.config["UPLOAD_MAX_BYTES"] = 10_000
    client = host_client(app, ENGLISH)  # the files' messages, in English
    answer = post_question(client, attachment=(BytesIO(b"%PDF-1.4\n" + b"0" * 20_000),
                                               "lon.pdf"))
    refused(app, answer, 413, "larger than the limit")


def test_a_disguised_file_is_refused(app: Flask, world: Any) -> None:
    client = host_client(app, ENGLISH)
    page = b"<!doctype html><html><script>alert(1)</script></html>"
    refused(app, post_question(client, attachment=(BytesIO(page), "giay-to.pdf")), 400,
            "its content is of another type")


def test_without_consent_nothing_is_sent(app: Flask, world: Any) -> None:
    answer = post_question(host_client(app, PROVINCE), consent=None)
    refused(app, answer, 400, "Vui lòng đồng ý cho xử lý dữ liệu cá nhân")
    assert 'id="consent" name="consent" type="checkbox"' in answer.text or \
        'aria-invalid="true"' in answer.text


def test_missing_fields_are_named_one_by_one(app: Flask, world: Any) -> None:
    client = host_client(app, PROVINCE)
    answer = post_question(client, name="", field="", title="", email="not-an-address")
    assert answer.status_code == 400
    for message in ("Vui lòng nhập họ và tên.", "Vui lòng chọn lĩnh vực",
                    "Vui lòng nhập tiêu đề câu hỏi.", "Đây không phải địa chỉ thư điện tử"):
        assert message in answer.text
    assert FORM["body"] in answer.text and "not-an-address" in answer.text
    assert answer.text.count('aria-invalid="true"') == 4
    assert counts(app) == (0, 0)


def test_a_form_without_its_token_is_refused(app: Flask, world: Any) -> None:
    client = host_client(app, PROVINCE)
    form_token(client)
    answer = client.post("/hoi-dap/gui-cau-hoi", data={**FORM, "altcha": proof_for(client)})
    assert answer.status_code == 400
    assert counts(app) == (0, 0)


def test_the_challenge_is_never_cached_and_is_rate_limited(app: Flask, world: Any) -> None:
    client = host_client(app, PROVINCE)
    first = client.get("/hoi-dap/thu-thach")
    assert first.headers["Cache-Control"] == "no-store"
    challenge = first.get_json()
    assert {"algorithm", "challenge", "salt", "signature", "maxnumber"} <= set(challenge)
    assert challenge["maxnumber"] == 1000
    for _ in range(59):
        client.get("/hoi-dap/thu-thach")
    limited = client.get("/hoi-dap/thu-thach")
    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == "60"
    assert limited.get_json()["error"]["status"] == 429
