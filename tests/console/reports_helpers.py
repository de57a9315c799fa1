"""Helpers of the reminder and periodic-report tests: a department and a commune under
the province, on the portal since 2020, with their administrators; staff clients on the
province host; the mail written to the outbox; a console judged on chosen figures."""

from __future__ import annotations

import email
import os
from datetime import UTC, datetime
from email import policy
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from hub.console import figures
from hub.extensions import db
from tenants.context import unscoped
from tenants.models import Tenant
from tests.deadlines.builders import Article, ArticleKind, add_item, published, seed_regulation
from tests.factories import create_user, csrf_from, host_client, login

PROVINCE_HOST = "langson.localhost"


def _weasyprint_loads() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):  # OSError: Pango is not installed
        return False
    return True


# Reports are made with their PDF: without Pango (`make pdf-deps`) they cannot be, and
# their tests are skipped — except under CI, where the missing library is a failure.
needs_pdf = pytest.mark.skipif(
    not _weasyprint_loads() and os.environ.get("CI", "").lower() != "true",
    reason="WeasyPrint cannot load Pango here (make pdf-deps)")
KEPT = ("deadlines", "quota", "questions", "consultations", "last_reminder")


@pytest.fixture
def office_sites(app, two_sites):  # type: ignore[no-untyped-def]
    """(department, commune): each with an administrator and an editor."""
    seed_regulation(app)
    with app.app_context(), unscoped():
        for tenant in db.session.scalars(select(Tenant)):
            tenant.created_at = datetime(2020, 1, 1, tzinfo=UTC)
        db.session.commit()
    department, commune = two_sites
    create_user(app, "qt.sokhcn@example.gov.vn", roles={department: "site_admin"})
    create_user(app, "qt2.sokhcn@example.gov.vn", roles={department: "site_admin"})
    create_user(app, "bt.sokhcn@example.gov.vn", roles={department: "editor"})
    create_user(app, "qt.thongnhat@example.gov.vn", roles={commune: "site_admin"})
    return two_sites


@pytest.fixture
def publication_figures(monkeypatch):  # type: ignore[no-untyped-def]
    """The console judged on publishing alone (deadlines, quota, questions,
    consultations) and showing the last reminder: a site is then compliant without a
    full Circular 22 structure, English set and so on."""
    figures.providers()
    monkeypatch.setattr(figures, "_PROVIDERS",
                        {key: figures._PROVIDERS[key] for key in KEPT})


def news(app: Flask, site: Tenant, moment: datetime) -> int:
    return add_item(app, site, Article, kind=ArticleKind.NEWS, **published(moment))


def office_client(app: Flask, hub_role: str = "hub_admin"):  # type: ignore[no-untyped-def]
    email_address = f"{hub_role}@langson.gov.vn"
    create_user(app, email_address, hub_role=hub_role, display_name="Hoàng Văn Thụ")
    client = host_client(app, PROVINCE_HOST)
    assert login(client, email_address).status_code == 302
    return client


def token(client) -> str:  # type: ignore[no-untyped-def]
    """A CSRF token of the client's session (from a page with a form)."""
    return csrf_from(client.get("/quan-tri/tai-khoan").data)


def outbox(app: Flask) -> list[email.message.EmailMessage]:
    folder = Path(app.config["MAIL_OUTBOX_DIR"])
    if not folder.exists():
        return []
    return [email.message_from_bytes(path.read_bytes(), policy=policy.default)  # type: ignore[misc]
            for path in sorted(folder.glob("*.eml"))]
