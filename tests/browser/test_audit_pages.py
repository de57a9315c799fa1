"""The audit log's readers, the office's accounts screen and the list of files search
cannot read in real Chromium: no WCAG 2.1 A/AA violation (axe-core), with entries,
details and filters on the page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import select

from hub.audit.models import AuditEntry
from hub.extensions import db
from tenants.context import unscoped
from tenants.models import Tenant
from tests.browser.conftest import Browser, Server, describe_violations
from tests.browser.seed import PROVINCE_HOST
from tests.factories import PASSWORD, create_user

EMAIL = "vanphong.nhatky@langson.gov.vn"  # of this test only


@pytest.fixture(scope="module")
def office(live_server: Server) -> str:
    app = live_server.app
    with app.app_context(), unscoped():
        province = db.session.scalar(select(Tenant).where(Tenant.slug == "langson"))
        db.session.add(AuditEntry(tenant_id=province.id, action="content.publish",
                                  actor_label="bientap@langson.gov.vn",
                                  object_type="ContentItem", object_id="1",
                                  detail={"title": "Tin <mới>", "revision": 2}))
        db.session.add(AuditEntry(tenant_id=None, action="user.created",
                                  actor_label="cli:root", detail={"email": EMAIL}))
        db.session.commit()
    create_user(app, EMAIL, hub_role="hub_admin")
    return EMAIL


@pytest.fixture
def session(desktop: Browser, office: str) -> Iterator[Browser]:
    try:
        driver = desktop.open(PROVINCE_HOST, "/dang-nhap")
        driver.find_element(By.NAME, "email").send_keys(office)
        driver.find_element(By.NAME, "password").send_keys(PASSWORD + Keys.ENTER)
        WebDriverWait(driver, 30).until(lambda d: "/dang-nhap" not in d.current_url)
        yield desktop
    finally:
        desktop.driver.delete_all_cookies()  # the other browser tests see visitors


@pytest.mark.parametrize("path", ["/quan-tri/nhat-ky", "/quan-tri/tinh/nhat-ky",
                                  "/quan-tri/tinh/nhat-ky?from=2026-02-30",
                                  "/quan-tri/tinh/tai-khoan", "/quan-tri/",
                                  "/quan-tri/tep-khong-doc-duoc"])
def test_the_readers_are_accessible(session: Browser, path: str) -> None:
    session.open(PROVINCE_HOST, path)
    if "nhat-ky" in path and "from=" not in path:
        assert session.driver.find_elements(By.CSS_SELECTOR, "table.audit-log dl")
    found = session.axe()
    assert not found, f"{path} has WCAG A/AA violations:\n" + describe_violations(found)
