"""Mail: an .eml file in the outbox without a server, SMTP with one."""

from __future__ import annotations

from pathlib import Path

from hub.core import mail
from tests.accounts.conftest import outbox


def test_without_a_server_mail_is_written_to_the_outbox(app):
    with app.app_context():
        mail.send_mail("lan@sokhcn.gov.vn", "Đặt lại mật khẩu", "Xin chào Lan,\nđường dẫn")
    [message] = outbox(app)
    assert message["To"] == "lan@sokhcn.gov.vn"
    assert message["From"] == app.config["MAIL_SENDER"]
    assert message["Subject"] == "Đặt lại mật khẩu"
    assert message["Message-ID"] and message["Date"]
    assert message.get_content_charset() == "utf-8"
    # RFC 5322 line ends (CRLF), UTF-8 body.
    assert message.get_content().replace("\r\n", "\n") == "Xin chào Lan,\nđường dẫn\n"
    [path] = Path(app.config["MAIL_OUTBOX_DIR"]).glob("*.eml")
    assert b"\r\nSubject: =?utf-8?" in path.read_bytes()


def test_with_a_server_mail_goes_over_smtp(app, monkeypatch):
    calls: list[tuple] = []

    class FakeSMTP:
        def __init__(self, host, port, timeout):  # type: ignore[no-untyped-def]
            calls.append(("connect", host, port))

        def __enter__(self):  # type: ignore[no-untyped-def]
            return self

        def __exit__(self, *exc):  # type: ignore[no-untyped-def]
            calls.append(("quit",))

        def starttls(self, context):  # type: ignore[no-untyped-def]
            calls.append(("starttls",))

        def login(self, user, password):  # type: ignore[no-untyped-def]
            calls.append(("login", user, password))

        def send_message(self, message):  # type: ignore[no-untyped-def]
            calls.append(("send", message["To"], message["Subject"]))

    monkeypatch.setattr(mail.smtplib, "SMTP", FakeSMTP)
    app.config.update(MAIL_SERVER="smtp.langson.gov.vn", MAIL_PORT=587, MAIL_USE_TLS=True,
                      MAIL_USERNAME="portal", MAIL_PASSWORD="s3cret")
    with app.app_context():
        mail.send_mail("lan@sokhcn.gov.vn", "Chủ đề", "Nội dung")
    assert calls == [("connect", "smtp.langson.gov.vn", 587), ("starttls",),
                     ("login", "portal", "s3cret"),
                     ("send", "lan@sokhcn.gov.vn", "Chủ đề"), ("quit",)]
    assert outbox(app) == []
