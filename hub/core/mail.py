"""The portal's mail: queued in the transaction that causes it, sent by the jobs.

``send_after_commit`` adds a ``MailMessage`` row to the session: the message exists
exactly when the work that caused it is committed (a receipt for every question
stored, none for a rolled-back one), and a request never waits for a mail server.
``deliver_pending`` — a background job (``flask worker`` or the in-process thread) —
sends what is queued: SMTP when ``MAIL_SERVER`` is set, otherwise an RFC 5322 file
in ``MAIL_OUTBOX_DIR`` (development, tests). A message that fails is retried with
back-off, up to ``MAX_ATTEMPTS``; none is sent twice, even by several workers at once:
each claims its rows with a token in a committed UPDATE before sending, and a claim
left by a worker that died is taken over after ``CLAIM_MINUTES``.

``MAIL_SEND_AFTER_COMMIT`` (tests; a deployment without background jobs) sends a
request's messages right after its commit instead, through the same claim.
"""

from __future__ import annotations

import smtplib
import ssl
import uuid
from datetime import UTC, datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import DateTime, Integer, String, Text, delete, func, or_, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from hub.core.jobs import register_job
from hub.core.lifecycle import after_commit
from hub.extensions import db
from tenants.context import unscoped
from tenants.isolation import TenantOwned

MAX_ATTEMPTS = 8
CLAIM_MINUTES = 10
BATCH = 50


class MailMessage(TenantOwned, db.Model):
    """A message to send, and what became of it (personal data: the address; a sent
    message is deleted ``KEEP_SENT_DAYS`` after sending).

    It belongs to the site whose work queued it (a reset link, a citizen's receipt):
    under row-level security a site's SQL reads its own mail only. A command's mail
    has no site and is seen by cross-site code alone."""

    __tablename__ = "mail_message"
    __tenant_optional__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now())
    claim: Mapped[str | None] = mapped_column(String(32), index=True)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    last_error: Mapped[str | None] = mapped_column(Text)


KEEP_SENT_DAYS = 30


def init_app(app: Flask) -> None:
    register_job("mail.deliver", deliver_pending)


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
    """Send one plain-text UTF-8 message now; returns it (handy for logs and tests)."""
    message = build_message(to, subject, body)
    config = current_app.config
    if config.get("MAIL_SERVER"):
        _send_smtp(message)
    else:
        _write_outbox(message, Path(config["MAIL_OUTBOX_DIR"]))
    return message


def send_after_commit(session: Session, to: str, subject: str, body: str) -> None:
    """Queue a notification with the work that causes it: sent once the transaction
    commits (by the jobs, or right after the commit with ``MAIL_SEND_AFTER_COMMIT``),
    never for work that was rolled back."""
    message = MailMessage(recipient=to, subject=subject[:500], body=body)
    session.add(message)
    if current_app.config.get("MAIL_SEND_AFTER_COMMIT"):
        after_commit(session, "mail", _deliver_committed, [], on_rollback=None).append(
            message)


def _deliver_committed(messages: list[MailMessage]) -> None:
    # The committed session emits no more SQL in its after-commit event: a session of
    # its own sends, across sites (a request may queue mail for another site's work).
    ids = [message.id for message in messages]
    with unscoped(), db.session.session_factory() as session:
        try:
            _deliver(session, ids=ids)
        except Exception:  # noqa: BLE001 - the work is saved; the jobs retry what is left
            session.rollback()
            current_app.logger.exception("could not send the mail of a request")


def deliver_pending(max_batches: int = 20) -> int:
    """Send what is queued (a job), a batch at a time, until nothing is left or
    ``max_batches`` were sent. Commits itself: a claim is committed before the
    sending, which holds no transaction open while a mail server answers."""
    sent = 0
    with unscoped():  # the mail of every site
        for _ in range(max_batches):
            batch = _deliver(db.session(), limit=BATCH)
            sent += batch
            if batch < BATCH:
                break
    return sent


def _deliver(session: Session, ids: list[int] | None = None, limit: int = BATCH) -> int:
    now = datetime.now(UTC)
    token = uuid.uuid4().hex
    claimable = select(MailMessage.id).where(
        MailMessage.sent_at.is_(None), MailMessage.attempts < MAX_ATTEMPTS,
        or_(MailMessage.claim.is_(None),
            MailMessage.claimed_at < now - timedelta(minutes=CLAIM_MINUTES)),
        or_(MailMessage.next_attempt_at.is_(None), MailMessage.next_attempt_at <= now))
    if ids is not None:
        claimable = claimable.where(MailMessage.id.in_(ids))
    session.execute(
        update(MailMessage).where(MailMessage.id.in_(claimable.limit(limit).scalar_subquery()),
                                  # re-checked under the row lock (PostgreSQL)
                                  or_(MailMessage.claim.is_(None),
                                      MailMessage.claimed_at < now - timedelta(
                                          minutes=CLAIM_MINUTES)))
        .values(claim=token, claimed_at=now), execution_options={"synchronize_session": False})
    session.commit()
    sent = 0
    for message in session.scalars(select(MailMessage).where(MailMessage.claim == token)
                                      .order_by(MailMessage.id)).all():
        try:
            send_mail(message.recipient, message.subject, message.body)
        except Exception as error:  # noqa: BLE001 - one failure stops no other mail
            current_app.logger.warning("could not send mail %s: %s", message.id, error)
            message.attempts += 1
            message.last_error = str(error)[:2000]
            message.next_attempt_at = now + timedelta(minutes=2 ** message.attempts)
            message.claim = None
        else:
            message.sent_at = datetime.now(UTC)
            sent += 1
        session.commit()
    session.execute(delete(MailMessage).where(
        MailMessage.sent_at < now - timedelta(days=KEEP_SENT_DAYS)),
        execution_options={"synchronize_session": False})
    session.commit()
    return sent


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
