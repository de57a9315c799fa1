"""Mail leaves after the commit of the work that caused it, never for work rolled back,
and a failure to send is logged, and retried later, while the request still
succeeds. The notifications of
translation requests (``hub.translation.notify``) are the mail written this way."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from sqlalchemy import select

from hub.accounts.models import User
from hub.content.models import ContentItem
from hub.core import mail
from hub.extensions import db
from hub.translation.models import TranslationRequest
from hub.translation.operations import request_translation
from tenants.context import tenant_scope, unscoped
from tenants.models import Tenant
from tests.translation.helpers import World, ask, build_world, mails, published_article

TRANSLATORS = {"bien-dich-1@songoaivu.gov.vn", "bien-dich-2@songoaivu.gov.vn"}


@pytest.fixture
def world(app: Flask, province: Tenant) -> World:
    return build_world(app, province)


@contextmanager
def asking(app: Flask, world: World, item_id: int) -> Iterator[None]:
    """Ask for a translation through the service in an open transaction; the body of the
    ``with`` decides whether it commits."""
    with app.app_context(), tenant_scope(world.site.id):
        approver = db.session.scalar(select(User).where(
            User.email == "approver@sokhcn.gov.vn"))
        item = db.session.get(ContentItem, item_id)
        request_translation(item, approver, office=world.office, target_locale="en",
                            due_on=None)
        yield


def requests(app: Flask) -> int:
    with app.app_context(), unscoped():
        db.session.remove()
        return len(db.session.scalars(select(TranslationRequest)).all())


def queued(app: Flask) -> set[tuple[str, int]]:
    """(recipient, attempts) of the messages waiting to be sent, of every site."""
    with app.app_context(), unscoped():
        return {(row.recipient, row.attempts) for row in db.session.scalars(
            select(mail.MailMessage).where(mail.MailMessage.sent_at.is_(None)))}


def test_mail_leaves_only_when_the_transaction_commits(app, world):
    """Nothing is sent while the work is open; the commit sends the translators' mail."""
    item_id = published_article(app, world.site)
    with asking(app, world, item_id):
        db.session.flush()
        assert mails(app) == []
        db.session.commit()
    assert {m["To"] for m in mails(app)} == TRANSLATORS


def test_rolled_back_work_sends_no_mail_even_when_the_session_commits_later(app, world):
    """A rolled-back request sends nothing, not even at the session's next commit."""
    item_id = published_article(app, world.site)
    with asking(app, world, item_id):
        db.session.rollback()
        assert mails(app) == []
        db.session.commit()  # the same session goes on and commits other work
    assert mails(app) == []
    assert requests(app) == 0


def test_a_failed_send_is_logged_and_the_request_still_succeeds(app, world, monkeypatch,
                                                               caplog):
    """An unreachable mail server: the request is committed and answered, the failure
    logged, and the messages stay queued for the next attempt."""
    item_id = published_article(app, world.site)

    def unreachable(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise ConnectionRefusedError("connection refused")

    monkeypatch.setattr(mail.smtplib, "SMTP", unreachable)
    app.config.update(MAIL_SERVER="smtp.langson.gov.vn", MAIL_PORT=587)
    with caplog.at_level(logging.WARNING):
        response = ask(app, world, item_id)
    assert response.status_code == 302
    assert requests(app) == 1
    failures = [r for r in caplog.records if "could not send mail" in r.getMessage()]
    assert len(failures) == len(TRANSLATORS)
    assert mails(app) == []
    assert queued(app) == {(address, 1) for address in TRANSLATORS}


def test_an_smtp_error_is_logged_not_raised(app, world, monkeypatch, caplog):
    """A server that refuses the message: the commit succeeds, the failure is logged."""
    item_id = published_article(app, world.site)

    class Refusing:
        def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            pass

        def __enter__(self):  # type: ignore[no-untyped-def]
            return self

        def __exit__(self, *exc):  # type: ignore[no-untyped-def]
            return False

        def send_message(self, message):  # type: ignore[no-untyped-def]
            raise smtplib.SMTPRecipientsRefused({message["To"]: (550, b"no such user")})

    monkeypatch.setattr(mail.smtplib, "SMTP", Refusing)
    app.config.update(MAIL_SERVER="smtp.langson.gov.vn", MAIL_PORT=25, MAIL_USE_TLS=False,
                      MAIL_USERNAME=None)
    with caplog.at_level(logging.WARNING), asking(app, world, item_id):
        db.session.commit()
    assert requests(app) == 1
    assert sum("could not send mail" in r.getMessage() for r in caplog.records) == 2
    assert queued(app) == {(address, 1) for address in TRANSLATORS}


def test_a_rolled_back_savepoint_keeps_the_mail_of_the_outer_work(app, world):
    """Mail queued before a savepoint is still sent when only the savepoint rolls back."""
    item_id = published_article(app, world.site)
    with asking(app, world, item_id):
        savepoint = db.session.begin_nested()
        savepoint.rollback()
        db.session.commit()
    assert requests(app) == 1
    assert {m["To"] for m in mails(app)} == TRANSLATORS


def test_a_released_savepoint_sends_nothing_before_the_outer_commit(app, world):
    """Releasing a savepoint is not the commit: an outer rollback still sends nothing."""
    item_id = published_article(app, world.site)
    with asking(app, world, item_id):
        db.session.begin_nested().commit()
        db.session.rollback()
    assert requests(app) == 0
    assert mails(app) == []
