"""Mail is queued with the work that causes it and sent by the jobs: once, even when
two workers drain at the same time; retried when the server fails; never for work
that was rolled back."""

from __future__ import annotations

from email import message_from_bytes, policy
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from hub.core import mail
from hub.core.mail import MailMessage, deliver_pending, send_after_commit
from hub.extensions import db
from tenants.context import unscoped


@pytest.fixture
def queued_app(app: Flask) -> Flask:
    app.config["MAIL_SEND_AFTER_COMMIT"] = False
    return app


def sent_files(app: Flask) -> list[Path]:
    folder = Path(app.config["MAIL_OUTBOX_DIR"])
    return sorted(folder.glob("*.eml")) if folder.exists() else []


def test_a_message_is_queued_with_the_work_and_sent_by_the_job(queued_app: Flask) -> None:
    with queued_app.app_context(), unscoped():  # a command's mail, of no site
        send_after_commit(db.session(), "dan@example.vn", "Biên nhận", "Nội dung")
        db.session.commit()
        assert sent_files(queued_app) == []           # the request did not wait for it
        assert deliver_pending() == 1
        assert deliver_pending() == 0                 # sent once
        row = db.session.scalar(select(MailMessage))
        assert row.sent_at is not None and row.attempts == 0
    [path] = sent_files(queued_app)
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert message["Subject"] == "Biên nhận" and message["To"] == "dan@example.vn"


def test_rolled_back_work_sends_nothing(queued_app: Flask) -> None:
    with queued_app.app_context(), unscoped():  # a command's mail, of no site
        send_after_commit(db.session(), "dan@example.vn", "Không gửi", "Nội dung")
        db.session.rollback()
        assert deliver_pending() == 0
        assert db.session.scalar(select(func.count()).select_from(MailMessage)) == 0
    assert sent_files(queued_app) == []


def test_a_claimed_message_is_not_sent_by_another_worker(queued_app: Flask) -> None:
    with queued_app.app_context(), unscoped():  # a command's mail, of no site
        send_after_commit(db.session(), "dan@example.vn", "Một lần", "Nội dung")
        db.session.commit()
        # Another worker claimed it a moment ago and is sending it.
        row = db.session.scalar(select(MailMessage))
        row.claim, row.claimed_at = "x" * 32, mail.datetime.now(mail.UTC)
        db.session.commit()
        assert deliver_pending() == 0
    assert sent_files(queued_app) == []


def test_a_failure_is_retried_later(queued_app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    with queued_app.app_context(), unscoped():  # a command's mail, of no site
        send_after_commit(db.session(), "dan@example.vn", "Thử lại", "Nội dung")
        db.session.commit()
        queued_app.config["MAIL_SERVER"] = "127.0.0.1"
        queued_app.config["MAIL_PORT"] = 9   # nothing listens: the connection is refused
        assert deliver_pending() == 0
        row = db.session.scalar(select(MailMessage))
        assert row.attempts == 1 and row.sent_at is None and row.claim is None
        assert row.last_error and row.next_attempt_at is not None
        queued_app.config["MAIL_SERVER"] = None
        row.next_attempt_at = None             # the back-off has passed
        db.session.commit()
        assert deliver_pending() == 1
    assert len(sent_files(queued_app)) == 1
