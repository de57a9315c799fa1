"""Sending the portal's mail: SMTP when a server is configured, otherwise .eml files.

Without ``MAIL_SERVER`` (development, tests) each message is written as an RFC 5322
file into ``MAIL_OUTBOX_DIR``, so a developer can open it and tests can read it.
"""

from __future__ import annotations

import smtplib
import ssl
import uuid
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from flask import current_app
from sqlalchemy.orm import Session

from hub.core.lifecycle import after_commit


def build_message(to: str, subject: str, body: str) -> EmailMessage:
    config = current_app.config
    sender = config["MAIL_SENDER"]
    message = EmailMessage(policy=policy.SMTP)  # CRLF line ends, as RFC 5322 wants
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message.set_content(body, charset="utf-8")
    return message


def send_mail(to: str, subject: str, body: str) -> EmailMessage:
    """Send one plain-text UTF-8 message; returns it (handy for logs and tests)."""
    message = build_message(to, subject, body)
    config = current_app.config
    if config.get("MAIL_SERVER"):
        _send_smtp(message)
    else:
        _write_outbox(message, Path(config["MAIL_OUTBOX_DIR"]))
    return message


def send_after_commit(session: Session, to: str, subject: str, body: str) -> None:
    """Send a notification once the transaction that caused it commits (never for work
    that was rolled back). A failure to send is logged, never raised: the work is done."""
    after_commit(session, "mail", _send_queued, [], on_rollback=None).append(
        (to, subject, body))


def _send_queued(queued: list[tuple[str, str, str]]) -> None:
    for to, subject, body in queued:
        try:
            send_mail(to, subject, body)
        except Exception:  # noqa: BLE001 - the work is saved; one failure stops no other mail
            current_app.logger.exception("could not send mail to %s", to)


def _send_smtp(message: EmailMessage) -> None:
    config = current_app.config
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        smtp.send_message(message)


def _write_outbox(message: EmailMessage, outbox: Path) -> Path:
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    path = outbox / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
    # Written aside and renamed, so a reader never sees half a message.
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(message.as_bytes())
    temporary.replace(path)
    current_app.logger.info("mail to %s written to %s", message["To"], path)
    return path
