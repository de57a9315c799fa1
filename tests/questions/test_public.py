"""The public pages of the questions, over HTTP: a citizen asks on any site (003 Article
9.6) and gets a tracking code by mail; only published questions are listed and shown,
with the redacted public texts only (Decree 13/2023), on their own site; the province
portal lists every site's, filtered by site and field; the notice on personal data."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from hub.extensions import db
from hub.intake.models import SpentChallenge
from hub.intake.proof import solve
from hub.questions import codes, operations
from hub.questions.models import AnswerLevel, Question, QuestionState
from tenants.context import tenant_scope, unscoped
from tenants.models import Tenant
from tests.factories import csrf_from, host_client
from tests.questions.helpers import SAMPLE, World, build_world, outbox, receive

PROVINCE = "langson.localhost"
ENGLISH = "english.langson.localhost"
DEPARTMENT = "sokhcn.langson.localhost"
COMMUNE = "xathongnhat.langson.localhost"

FORM = {"kind": "question", "name": "Trần Thị Bích", "email": "bich.tran@example.vn",
        "phone": "0987 654 321", "field": "education",
        "title": "Tuyển sinh lớp 10 năm 2026",
        "body": "Xin hỏi hồ sơ tuyển sinh lớp 10 năm 2026 gồm những giấy tờ gì?",
        "consent": "y"}
CODE = re.compile(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}")


# --- helpers shared by the question page tests ------------------------------------------

def make_world(app: Flask, province: Tenant) -> World:
    """The sites and staff of ``helpers.build_world``, with a small proof-of-work."""
    app.config["POW_MAX_NUMBER"] = 1000  # a browser's work, made small for the tests
    return build_world(app, province)


@pytest.fixture
def world(app: Flask, province: Tenant) -> World:
    return make_world(app, province)


def proof_for(client: Any) -> str:
    """What the browser's solver sends: a challenge of the client's host, solved."""
    answer = client.get("/hoi-dap/thu-thach")
    assert answer.status_code == 200, answer.text
    return solve(answer.get_json())


def form_token(client: Any) -> str:
    page = client.get("/hoi-dap/gui-cau-hoi")
    assert page.status_code == 200
    return csrf_from(page.data)


def post_question(client: Any, *, proof: str | None = "solve", token: str | None = None,
                  **values: Any) -> Any:
    """Post the form as a browser would (token, proof, fields); ``values`` override."""
    data = {**FORM, "csrf_token": token or form_token(client)}
    if proof == "solve":
        data["altcha"] = proof_for(client)
    elif proof is not None:
        data["altcha"] = proof
    data.update(values)
    data = {key: value for key, value in data.items() if value is not None}
    return client.post("/hoi-dap/gui-cau-hoi", data=data,
                       content_type="multipart/form-data")


def counts(app: Flask) -> tuple[int, int]:
    """(questions, spent challenges) in the whole database."""
    with app.app_context(), unscoped():
        return (db.session.scalar(select(func.count()).select_from(Question)),
                db.session.scalar(select(func.count()).select_from(SpentChallenge)))


def answered(app: Flask, world: World, tenant: Tenant, question_id: int, *,
             prefix: str) -> None:
    """Classify, answer and approve ``question_id`` on ``tenant``'s site."""
    with app.test_request_context(base_url=f"http://{tenant.slug}.localhost/"), \
            tenant_scope(tenant.id):
        question = db.session.get(Question, question_id)
        operations.classify(question, field=question.field, level=AnswerLevel.OWN,
                            actor=world.user(f"{prefix}_approver"))
        operations.save_draft(question, answer="<p>Hồ sơ gồm đơn đăng ký.</p>"
                              "<script>alert(1)</script>",
                              signer_name="Hoàng Văn Minh", signer_title="Phó Giám đốc",
                              actor=world.user(f"{prefix}_approver"), submit=True)
        operations.send_answer(question, actor=world.user(f"{prefix}_approver"))
        db.session.commit()


def published(app: Flask, world: World, tenant: Tenant, *, prefix: str,
              **values: Any) -> int:
    """A question received, answered and published on ``tenant``; returns its id."""
    question_id = receive(app, tenant, **values)
    answered(app, world, tenant, question_id, prefix=prefix)
    with app.test_request_context(base_url=f"http://{tenant.slug}.localhost/"), \
            tenant_scope(tenant.id):
        question = db.session.get(Question, question_id)
        preview = operations.public_preview(question)
        operations.publish(question, **preview, actor=world.user(f"{prefix}_approver"))
        db.session.commit()
    return question_id


# --- asking -----------------------------------------------------------------------------

def test_the_receipt_links_to_the_sites_own_address_whatever_the_host_header_says(
        app: Flask, world: World) -> None:
    """Whoever sends the request chooses the Host header's port: a receipt mail must not
    send the citizen, and the tracking code, to a port of theirs."""
    client = host_client(app, f"{PROVINCE}:1")
    assert post_question(client).status_code == 303
    [mail] = outbox(app)
    assert f"http://{PROVINCE}/hoi-dap/tra-cuu" in mail
    assert ":1/" not in mail
    app.config["PUBLIC_PORT"] = 8000          # the port the portal is published on
    assert post_question(client).status_code == 303
    assert f"http://{PROVINCE}:8000/hoi-dap/tra-cuu" in outbox(app)[-1]


@pytest.mark.parametrize("host", [PROVINCE, DEPARTMENT, COMMUNE])
def test_a_citizen_asks_and_gets_a_tracking_code_by_page_and_by_mail(
        app: Flask, world: World, host: str) -> None:
    client = host_client(app, host)
    form = client.get("/hoi-dap/gui-cau-hoi")
    assert form.status_code == 200
    assert form.headers["Cache-Control"] == "no-store"
    assert 'name="website"' in form.text and 'tabindex="-1"' in form.text
    assert 'name="altcha"' in form.text and "/static/proof.js" in form.text
    assert "/hoi-dap/du-lieu-ca-nhan" in form.text  # the privacy notice, by the consent
    answer = post_question(client)
    assert answer.status_code == 303, answer.text
    assert answer.headers["Location"].endswith("/hoi-dap/da-gui")
    assert "ma=" not in answer.headers["Location"]
    page = client.get("/hoi-dap/da-gui")
    shown = CODE.search(page.text)
    assert shown, page.text
    with app.app_context(), unscoped():
        question = db.session.scalar(select(Question))
        assert codes.display(question.code) == shown.group(0)
        assert question.state is QuestionState.NEW
        assert question.name == FORM["name"] and question.email == FORM["email"]
        assert question.field == "education" and question.consent_at is not None
        assert question.locale == "vi"
        site = db.session.get(Tenant, question.tenant_id)
        assert site.primary_domain("vi").hostname == host
    assert counts(app) == (1, 1)
    mails = outbox(app)
    assert len(mails) == 1 and FORM["email"] in mails[0]
    assert shown.group(0) in mails[0]
    # The code is shown once: the page does not give it again.
    assert not CODE.search(client.get("/hoi-dap/da-gui").text)


def test_asking_on_the_english_host_answers_in_english(app: Flask, world: World) -> None:
    client = host_client(app, ENGLISH)
    form = client.get("/hoi-dap/gui-cau-hoi")
    assert 'lang="en"' in form.text
    assert "Ask a question" in form.text
    assert "Complaints and denunciations" in form.text
    assert "not a legal basis" in form.text
    answer = post_question(client, name="John Smith", title="Work permit for a foreigner",
                           body="Which documents are needed for a work permit?")
    assert answer.status_code == 303, answer.text
    page = client.get("/hoi-dap/da-gui").text
    assert "Your tracking code" in page
    with app.app_context(), unscoped():
        assert db.session.scalar(select(Question.locale)) == "en"
    (mail,) = outbox(app)
    assert "Your tracking code" in mail and "Dear John Smith" in mail
    assert CODE.search(page).group(0) in mail


def test_an_attachment_is_kept_with_the_question(app: Flask, world: World) -> None:
    from io import BytesIO
    client = host_client(app, PROVINCE)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    answer = post_question(client, attachment=(BytesIO(pdf), "giay-to.pdf"))
    assert answer.status_code == 303, answer.text
    with app.app_context(), unscoped():
        question = db.session.scalar(select(Question))
        assert question.attachment is not None
        assert question.attachment.filename == "giay-to.pdf"
        assert question.attachment.tenant_id == world.province.id


def test_the_form_without_javascript_still_says_what_is_wrong(app: Flask,
                                                              world: World) -> None:
    """No proof (no JavaScript): the server explains, and nothing typed is lost."""
    client = host_client(app, PROVINCE)
    answer = post_question(client, proof=None)
    assert answer.status_code == 400
    assert "Chưa thực hiện kiểm tra chống thư rác" in answer.text
    assert FORM["title"] in answer.text and FORM["body"] in answer.text


# --- the list and the page of a question ------------------------------------------------

PRIVATE = ("an.nguyen@example.vn", "0912 345 678", "0912345678", "Nguyễn Văn An",
           SAMPLE["body"])  # the original body holds the phone; the public one not


def test_only_published_questions_are_listed_and_shown(app: Flask, world: World) -> None:
    shown_id = published(app, world, world.province, prefix="province")
    waiting_id = receive(app, world.province, title="Câu hỏi chưa trả lời")
    answered_id = receive(app, world.province, title="Câu hỏi đã trả lời chưa công bố")
    answered(app, world, world.province, answered_id, prefix="province")
    client = host_client(app, PROVINCE)
    listing = client.get("/hoi-dap")
    assert listing.status_code == 200
    assert f"/hoi-dap/{shown_id}" in listing.text
    assert "Thủ tục cấp giấy chứng nhận quyền sử dụng đất" in listing.text
    assert "Nguyễn V. A." in listing.text  # the shortened name
    assert "Câu hỏi chưa trả lời" not in listing.text
    assert "chưa công bố" not in listing.text
    assert "/hoi-dap/gui-cau-hoi" in listing.text and "/hoi-dap/tra-cuu" in listing.text
    page = client.get(f"/hoi-dap/{shown_id}")
    assert page.status_code == 200
    assert "Hồ sơ gồm đơn đăng ký." in page.text
    assert "<script>alert(1)</script>" not in page.text
    assert "Hoàng Văn Minh" in page.text and "Phó Giám đốc" in page.text
    assert "Tỉnh Lạng Sơn" in page.text  # the answering unit
    assert "không phải là cơ sở pháp lý" in page.text
    for text in (listing.text, page.text):
        for private in PRIVATE:
            assert private not in text
    for hidden in (waiting_id, answered_id, 999_999):
        assert client.get(f"/hoi-dap/{hidden}").status_code == 404


def test_a_question_of_another_site_is_not_found_on_this_one(app: Flask,
                                                             world: World) -> None:
    department_id = published(app, world, world.department, prefix="department")
    assert host_client(app, DEPARTMENT).get(f"/hoi-dap/{department_id}").status_code == 200
    assert host_client(app, COMMUNE).get(f"/hoi-dap/{department_id}").status_code == 404
    assert host_client(app, PROVINCE).get(f"/hoi-dap/{department_id}").status_code == 404
    commune_list = host_client(app, COMMUNE).get("/hoi-dap").text
    assert f"/hoi-dap/{department_id}" not in commune_list


def test_the_province_lists_every_sites_published_questions_with_filters(
        app: Flask, world: World) -> None:
    own = published(app, world, world.province, prefix="province", field="land")
    department = published(app, world, world.department, prefix="department",
                           field="science", title="Đăng ký nhiệm vụ khoa học cấp tỉnh")
    commune = published(app, world, world.commune, prefix="commune", field="justice",
                        title="Đăng ký khai sinh cho con")
    unpublished = receive(app, world.department, title="Câu hỏi riêng của Sở")
    client = host_client(app, PROVINCE)
    listing = client.get("/hoi-dap").text
    assert f'href="/hoi-dap/{own}"' in listing
    assert f'href="http://{DEPARTMENT}/hoi-dap/{department}"' in listing
    assert f'href="http://{COMMUNE}/hoi-dap/{commune}"' in listing
    assert "Sở Khoa học và Công nghệ" in listing and "Xã Thống Nhất" in listing
    assert "Câu hỏi riêng của Sở" not in listing and f"/hoi-dap/{unpublished}" not in listing
    for private in PRIVATE:
        assert private not in listing
    by_site = client.get(f"/hoi-dap?don-vi={world.commune.id}").text
    assert f"/hoi-dap/{commune}" in by_site
    assert f"/hoi-dap/{department}" not in by_site and f'"/hoi-dap/{own}"' not in by_site
    by_field = client.get("/hoi-dap?linh-vuc=science").text
    assert f"/hoi-dap/{department}" in by_field and f"/hoi-dap/{commune}" not in by_field
    # A sub-site lists its own only.
    department_list = host_client(app, DEPARTMENT).get("/hoi-dap").text
    assert f'href="/hoi-dap/{department}"' in department_list
    assert f"/hoi-dap/{commune}" not in department_list


@pytest.mark.parametrize(("host", "query"), [
    (PROVINCE, "linh-vuc=khong-co"), (PROVINCE, "don-vi=abc"), (PROVINCE, "don-vi=999999"),
    (PROVINCE, "page=0"), (DEPARTMENT, "don-vi=1"), (DEPARTMENT, "linh-vuc=%3Cscript%3E"),
])
def test_a_bad_filter_is_a_clear_400(app: Flask, world: World, host: str,
                                     query: str) -> None:
    answer = host_client(app, host).get(f"/hoi-dap?{query}")
    assert answer.status_code == 400
    assert "<script>" not in answer.text
    assert 'class="error-page"' in answer.text


def test_publishing_drops_the_cached_lists_of_the_site_and_the_province(
        app: Flask, world: World) -> None:
    from hub.questions import receivers
    receivers.connect()  # hub.questions.init_app connects it in the application
    first = published(app, world, world.department, prefix="department")
    province, department = host_client(app, PROVINCE), host_client(app, DEPARTMENT)
    for client in (province, department):
        answer = client.get("/hoi-dap")
        assert answer.headers["Cache-Control"].startswith("public")
        assert client.get("/hoi-dap").headers["ETag"] == answer.headers["ETag"]
    second = published(app, world, world.department, prefix="department",
                       title="Câu hỏi thứ hai về khoa học")
    for client in (province, department):
        listing = client.get("/hoi-dap").text
        assert f"/hoi-dap/{second}" in listing and f"/hoi-dap/{first}" in listing


def test_the_notice_on_personal_data(app: Flask, world: World) -> None:
    app.config["QUESTION_RETENTION_YEARS"] = 7
    page = host_client(app, ENGLISH).get("/hoi-dap/du-lieu-ca-nhan")
    assert page.status_code == 200
    text = page.text
    assert "Decree 13/2023/NĐ-CP" in text
    assert "7 years" in text
    assert "congthongtindientu@langson.gov.vn" in text and "0205 3812 345" in text
    # The English host gives the address in English only, and the site has none yet.
    assert "Số 2 Hoàng Văn Thụ" not in text
    assert page.headers["Cache-Control"].startswith("public")
