"""The reset mail: its link names the site's own address, never one the request chose,
and asking for it costs the same work whether or not the address has an account."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event, func, select

from hub.accounts.models import PasswordResetToken
from hub.core.mail import MailMessage, deliver_pending
from hub.extensions import db
from tenants.context import unscoped
from tests.accounts.conftest import outbox, site_client
from tests.factories import create_user, csrf_from

EMAIL = "lan@langson.gov.vn"
PROVINCE = "langson.localhost"


@pytest.fixture
def lan(app, province):  # type: ignore[no-untyped-def]
    return create_user(app, EMAIL, {province: "editor"}, display_name="Trần Thị Lan")


def ask(client, email: str):  # type: ignore[no-untyped-def]
    page = client.get("/dang-nhap/quen-mat-khau")
    return client.post("/dang-nhap/quen-mat-khau",
                       data={"email": email, "csrf_token": csrf_from(page.data)})


def mailed_link(app) -> str:  # type: ignore[no-untyped-def]
    messages = outbox(app)
    assert len(messages) == 1
    match = re.search(r"https?://\S+/dang-nhap/dat-lai/\S+", messages[0].get_content())
    assert match
    return match.group(0)


def test_the_link_names_the_sites_primary_host_not_the_requests_port(app, lan):
    # Any port in the Host header reaches the site; the link must not carry it.
    client = site_client(app, f"{PROVINCE}:1")
    assert ask(client, EMAIL).status_code == 200
    link = mailed_link(app)
    assert link.startswith(f"http://{PROVINCE}/dang-nhap/dat-lai/")


def test_the_link_names_the_primary_host_from_another_of_the_sites_hosts(app, province):
    from tests.factories import create_site
    site = create_site(app, "xa.langson", "Xã Thống Nhất", parent=province,
                       hosts=("xathongnhat.langson.localhost", "thongnhat.langson.localhost"))
    create_user(app, "hoa@xa.gov.vn", {site: "editor"})
    ask(site_client(app, "thongnhat.langson.localhost"), "hoa@xa.gov.vn")
    assert mailed_link(app).startswith("http://xathongnhat.langson.localhost/dang-nhap/")


def test_the_configured_public_port_is_kept(app, lan):
    app.config["PUBLIC_PORT"] = 8000  # `make run`: the sites are served on :8000
    ask(site_client(app, f"{PROVINCE}:1"), EMAIL)
    assert mailed_link(app).startswith(f"http://{PROVINCE}:8000/dang-nhap/dat-lai/")


def test_the_request_queues_the_mail_and_a_job_sends_it(app, lan):
    app.config["MAIL_SEND_AFTER_COMMIT"] = False  # as in production
    assert ask(site_client(app, PROVINCE), EMAIL).status_code == 200
    assert outbox(app) == []  # nothing was sent while the visitor waited
    with app.app_context(), unscoped():
        assert db.session.scalar(select(func.count()).select_from(MailMessage)) == 1
        assert deliver_pending() == 1
    assert mailed_link(app).startswith(f"http://{PROVINCE}/dang-nhap/dat-lai/")


def statements_of(app, client, email: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The SQL statements (their verbs and tables) of one request for the form."""
    page = client.get("/dang-nhap/quen-mat-khau")
    seen: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        words = statement.split()
        verb = words[0].upper()
        if verb in {"SELECT", "INSERT", "UPDATE", "DELETE"}:
            seen.append(verb)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        client.post("/dang-nhap/quen-mat-khau",
                    data={"email": email, "csrf_token": csrf_from(page.data)})
    finally:
        event.remove(engine, "before_cursor_execute", note)
    return seen


def test_an_address_without_an_account_reads_as_much_as_one_with(app, lan, province):
    app.config["MAIL_SEND_AFTER_COMMIT"] = False  # as in production: queued only
    create_user(app, "outsider@xa.gov.vn")  # an account without access to this site
    client = site_client(app, PROVINCE)
    with_account = statements_of(app, client, EMAIL)
    without = statements_of(app, client, "nobody@langson.gov.vn")
    no_access = statements_of(app, client, "outsider@xa.gov.vn")
    # The reads are the same; only the token and the queued mail are written for the
    # account (one statement each, at the commit both answers make).
    assert with_account.count("SELECT") == without.count("SELECT") == no_access.count(
        "SELECT")
    assert with_account.count("INSERT") - without.count("INSERT") <= 2
    with app.app_context(), unscoped():
        assert db.session.scalar(select(func.count()).select_from(PasswordResetToken)) == 1
