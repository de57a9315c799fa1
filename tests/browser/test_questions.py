"""The question pages in real Chromium: the proof-of-work runs in the browser (Web
Crypto), a question is sent through the real form and its code followed on the
tracking page, and the form, the tracking page with an answered question and a
published question have no WCAG 2.1 A/AA violation (axe-core)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import select

from hub.accounts.models import User
from hub.extensions import db
from hub.questions import codes, operations
from hub.questions.models import AnswerLevel, Question
from tenants.context import tenant_scope, unscoped
from tenants.models import Tenant
from tests.browser.conftest import Browser, Server, describe_violations
from tests.browser.seed import PROVINCE_HOST

CODE = re.compile(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}")


@pytest.fixture
def quick_proof(live_server: Server) -> Iterator[None]:
    """A small proof-of-work (a browser's real work is 50,000 tries at most)."""
    config = live_server.app.config
    before = config.get("POW_MAX_NUMBER")
    config["POW_MAX_NUMBER"] = 3000
    yield
    if before is None:
        config.pop("POW_MAX_NUMBER", None)
    else:
        config["POW_MAX_NUMBER"] = before


def proof_done(browser: Browser) -> None:
    WebDriverWait(browser.driver, 30).until(
        lambda d: d.find_element(By.CSS_SELECTOR, "form[data-proof]")
        .get_attribute("data-proof-state") in ("done", "failed"))
    state = browser.js("return document.querySelector('form[data-proof]')"
                       ".dataset.proofState;")
    status = browser.js("return document.getElementById('proof-status').textContent;")
    assert state == "done", f"the proof-of-work did not finish: {status}"


def assert_accessible(browser: Browser, what: str) -> None:
    violations = browser.axe()
    assert not violations, f"{what} has WCAG A/AA violations:\n" + \
        describe_violations(violations)


def fill(browser: Browser, values: dict[str, str]) -> None:
    for name, value in values.items():
        element = browser.driver.find_element(By.NAME, name)
        element.clear()
        element.send_keys(value)


def answer_and_publish(app: Any, code: str) -> int:
    """The province answers (and publishes) the question with ``code``, as staff would."""
    with app.app_context(), unscoped():
        tenant_id = db.session.scalar(select(Tenant.id).where(Tenant.slug == "langson"))
        user = db.session.scalar(select(User).where(User.email == "admin@langson.gov.vn"))
    with app.test_request_context(base_url=f"http://{PROVINCE_HOST}/"), \
            tenant_scope(tenant_id):
        user = db.session.merge(user)
        question = db.session.scalar(select(Question).where(
            Question.code == codes.normalise(code)))
        operations.classify(question, field=question.field, level=AnswerLevel.OWN,
                            actor=user)
        operations.save_draft(question, answer="<p>Hồ sơ gồm <strong>đơn đăng ký</strong>"
                              " và bản sao giấy khai sinh.</p>",
                              signer_name="Hoàng Văn Minh", signer_title="Chánh Văn phòng",
                              actor=user, submit=True)
        operations.send_answer(question, actor=user)
        operations.publish(question, **operations.public_preview(question), actor=user)
        db.session.commit()
        return question.id


def test_the_form_is_accessible_and_its_proof_finishes(desktop: Browser,
                                                       quick_proof: None) -> None:
    desktop.open(PROVINCE_HOST, "/hoi-dap/gui-cau-hoi")
    proof_done(desktop)
    assert desktop.js("return document.querySelector('input[name=altcha]').value;")
    assert_accessible(desktop, "the question form")
    # The honeypot is out of sight and out of the tab order.
    box = desktop.js("const r = document.getElementById('website').getBoundingClientRect();"
                     "return [r.right, r.bottom];")
    assert box[0] <= 0 or box[1] <= 0
    assert desktop.js("return document.getElementById('website').tabIndex;") == -1


def test_a_question_sent_through_the_real_form_is_followed_with_its_code(
        desktop: Browser, live_server: Server, quick_proof: None) -> None:
    driver = desktop.open(PROVINCE_HOST, "/hoi-dap/gui-cau-hoi")
    driver.find_element(By.CSS_SELECTOR, "input[name=kind][value=petition]").click()
    fill(desktop, {"name": "Lê Thị Hoa", "email": "hoa.le@example.vn",
                   "title": "Hồ sơ đăng ký khai sinh cho con",
                   "body": "Xin hỏi đăng ký khai sinh cho con cần những giấy tờ gì?"})
    driver.find_element(By.CSS_SELECTOR, "select[name=field] option[value=justice]").click()
    driver.find_element(By.NAME, "consent").click()
    proof_done(desktop)
    driver.find_element(By.CSS_SELECTOR, ".question-form button[type=submit]").click()
    WebDriverWait(driver, 30).until(lambda d: "/hoi-dap/da-gui" in d.current_url)
    shown = CODE.search(driver.find_element(By.TAG_NAME, "main").text)
    assert shown, driver.find_element(By.TAG_NAME, "main").text
    code = shown.group(0)
    assert code not in driver.current_url

    # Followed before it is answered: received, and how it is being handled.
    desktop.open(PROVINCE_HOST, "/hoi-dap/tra-cuu")
    fill(desktop, {"ma": code.lower().replace("-", " ")})
    driver.find_element(By.CSS_SELECTOR, ".track-form button[type=submit]").click()
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".tracking"))
    assert "Hồ sơ đăng ký khai sinh cho con" in driver.find_element(By.TAG_NAME, "main").text
    assert "hoa.le@example.vn" not in driver.page_source

    # Answered and published: the answer on the tracking page and on the public page.
    question_id = answer_and_publish(live_server.app, code)
    desktop.open(PROVINCE_HOST, "/hoi-dap/tra-cuu")
    fill(desktop, {"ma": code})
    driver.find_element(By.CSS_SELECTOR, ".track-form button[type=submit]").click()
    WebDriverWait(driver, 30).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".tracking .question-answer"))
    assert "bản sao giấy khai sinh" in driver.find_element(By.TAG_NAME, "main").text
    assert_accessible(desktop, "the tracking page of an answered question")

    desktop.open(PROVINCE_HOST, f"/hoi-dap/{question_id}")
    main = driver.find_element(By.TAG_NAME, "main").text
    assert "bản sao giấy khai sinh" in main and "Lê T. H." in main
    assert "Lê Thị Hoa" not in driver.page_source
    assert_accessible(desktop, "a published question")
    desktop.open(PROVINCE_HOST, "/hoi-dap")
    assert f"/hoi-dap/{question_id}" in driver.page_source
    assert_accessible(desktop, "the list of questions")
