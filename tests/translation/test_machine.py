"""Machine-translation suggestions: off by default, helpful when on, harmless when broken.

A real HTTP server on loopback plays a LibreTranslate service: a small dictionary
translator that records what it was sent. The first part of the URL path picks how it
behaves (``/ok``, ``/status/500``, ``/slow`` ...), so one server covers every case and
the provider's URL prefix is exercised on the way.
"""

from __future__ import annotations

import json
import logging
import re
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from flask import Flask

from config import load_config
from hub import create_app
from hub.translation.machine import (
    MAX_RESPONSE_BYTES,
    LibreTranslateProvider,
    MachineTranslationUnavailable,
    SuggestionProvider,
    configured_provider,
    suggest_fields,
)
from tests.conftest import base_config

DICTIONARY = {
    "Xin chào": "Hello",
    "Sở Ngoại vụ": "Department of Foreign Affairs",
    "Thông báo": "Announcement",
    "tỉnh Lạng Sơn": "Lang Son province",
}
SETTING_NAMES = ("PORTAL_MACHINE_TRANSLATION_URL", "PORTAL_MACHINE_TRANSLATION_API_KEY",
                 "PORTAL_MACHINE_TRANSLATION_TIMEOUT")


def fake_translate(text: str, html: bool) -> str:
    """Dictionary words translated; markup (in html) left exactly as it was."""
    def words(part: str) -> str:
        for vietnamese, english in DICTIONARY.items():
            part = part.replace(vietnamese, english)
        return part
    if html:
        return "".join(part if part.startswith("<") else words(part)
                       for part in re.split(r"(<[^>]*>)", text))
    return words(text)


class FakeLibreTranslate(BaseHTTPRequestHandler):
    received: list[tuple[str, dict]]

    def log_message(self, *args: object) -> None:  # keep the test output quiet
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.received.append((self.path, body))
        mode, _, endpoint = self.path.strip("/").rpartition("/")
        if endpoint != "translate":
            return self.answer(404, {"error": "Not Found"})
        q = body["q"]
        texts = q if isinstance(q, list) else [q]
        translated = [fake_translate(t, body.get("format") == "html") for t in texts]
        result = translated if isinstance(q, list) else translated[0]
        if mode == "ok":
            return self.answer(200, {"translatedText": result})
        if mode == "keyed":
            if body.get("api_key") != "khoa-bi-mat":
                return self.answer(403, {"error": "Invalid API key"})
            return self.answer(200, {"translatedText": result})
        if mode.startswith("status/"):
            status = int(mode.split("/")[1])
            return self.answer(status, {"error": "Slowdown: 10 per minute" if status == 429
                                        else "vi is not supported" if status == 400
                                        else "Cannot translate text: model crashed"})
        if mode == "invalid-json":
            return self.answer(200, b"<html>502 Bad Gateway</html>")
        if mode == "wrong-count":
            return self.answer(200, {"translatedText": translated[:-1]})
        if mode == "wrong-shape":
            return self.answer(200, {"translation": result})
        if mode == "evil":
            return self.answer(200, {"translatedText": [
                t + '<script>alert("x")</script><img src=x onerror=alert(1) alt="a">'
                for t in translated]})
        if mode == "slow":
            time.sleep(0.5)
            return self.answer(200, {"translatedText": result})
        if mode == "trickle":  # each piece in time, the whole far too late
            self.send_response(200)
            self.end_headers()
            for _piece in range(6):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.08)
            return None
        if mode == "huge":  # no Content-Length: only counting the bytes can refuse it
            self.send_response(200)
            self.end_headers()
            try:
                self.wfile.write(b'{"translatedText": "' + b"a" * MAX_RESPONSE_BYTES + b'"}')
            except OSError:  # the portal hung up, as it should
                pass
            return None
        if mode == "announced-huge":
            self.send_response(200)
            self.send_header("Content-Length", str(MAX_RESPONSE_BYTES + 1))
            self.end_headers()
            return None
        if mode == "redirect":
            self.send_response(307)
            self.send_header("Location", "/ok/translate")
            self.end_headers()
            return None
        return self.answer(404, {"error": "Not Found"})

    def answer(self, status: int, payload: dict | bytes) -> None:
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class Service:
    def __init__(self, base: str, received: list[tuple[str, dict]]) -> None:
        self.base = base
        self.received = received

    def url(self, mode: str) -> str:
        return f"{self.base}/{mode}"


@pytest.fixture(scope="module")
def service() -> Iterator[Service]:
    received: list[tuple[str, dict]] = []
    handler = type("Handler", (FakeLibreTranslate,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    yield Service(f"http://127.0.0.1:{server.server_address[1]}", received)
    server.shutdown()
    server.server_close()


@pytest.fixture
def received(service: Service) -> list[tuple[str, dict]]:
    service.received.clear()
    return service.received


@pytest.fixture
def make_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """An app from the real settings (no database needed: nothing here touches it)."""
    for name in SETTING_NAMES:
        monkeypatch.delenv(name, raising=False)

    def make(**overrides: object) -> Flask:
        return create_app({**base_config(tmp_path),
                           "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
                           **overrides})
    return make


def closed_port() -> int:
    """A loopback port nobody listens on any more."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def unavailable(provider: LibreTranslateProvider, texts: list[str]) -> str:
    with pytest.raises(MachineTranslationUnavailable) as caught:
        provider.suggest(texts, source="vi", target="en")
    assert caught.value.reason
    return caught.value.reason


# --- off by default ---------------------------------------------------------------


def test_machine_translation_is_off_by_default(make_app):
    settings = load_config({"PORTAL_SECRET_KEY": "k"})
    assert settings["MACHINE_TRANSLATION_URL"] is None
    assert settings["MACHINE_TRANSLATION_API_KEY"] is None
    assert settings["MACHINE_TRANSLATION_TIMEOUT"] == 5.0
    app = make_app()
    assert configured_provider(app) is None
    with app.app_context():
        assert configured_provider() is None


def test_the_settings_come_from_portal_variables():
    settings = load_config({"PORTAL_SECRET_KEY": "k",
                            "PORTAL_MACHINE_TRANSLATION_URL": "http://lt:5000",
                            "PORTAL_MACHINE_TRANSLATION_API_KEY": "abc",
                            "PORTAL_MACHINE_TRANSLATION_TIMEOUT": "2.5"})
    assert settings["MACHINE_TRANSLATION_URL"] == "http://lt:5000"
    assert settings["MACHINE_TRANSLATION_API_KEY"] == "abc"
    assert settings["MACHINE_TRANSLATION_TIMEOUT"] == 2.5


def test_a_configured_url_gives_a_libretranslate_provider(make_app):
    app = make_app(MACHINE_TRANSLATION_URL="http://libretranslate:5000/",
                   MACHINE_TRANSLATION_API_KEY="khoa", MACHINE_TRANSLATION_TIMEOUT=1.5)
    provider = configured_provider(app)
    assert isinstance(provider, LibreTranslateProvider)
    assert isinstance(provider, SuggestionProvider)
    assert (provider.url, provider.api_key, provider.timeout) == (
        "http://libretranslate:5000", "khoa", 1.5)
    assert "khoa" not in repr(provider)


def test_only_http_and_https_urls_are_accepted(make_app, caplog):
    for url in ("file:///etc/passwd", "ftp://lt.example/", "libretranslate:5000",
                "http://", "http://lt/?x=1", "http://user:secret@lt/"):
        with pytest.raises(ValueError):
            LibreTranslateProvider(url)
    # In the settings, a bad URL turns the feature off (and says so in the log)
    # rather than breaking the translator's page.
    with caplog.at_level(logging.WARNING, logger="hub.translation.machine"):
        assert configured_provider(make_app(MACHINE_TRANSLATION_URL="file:///etc")) is None
    assert "PORTAL_MACHINE_TRANSLATION_URL" in caplog.text


# --- suggestions ------------------------------------------------------------------


def test_one_text_is_translated(service, received):
    provider = LibreTranslateProvider(service.url("ok"))
    assert provider.suggest(["Xin chào"], source="vi", target="en") == ["Hello"]
    assert received == [("/ok/translate", {"q": "Xin chào", "source": "vi",
                                            "target": "en", "format": "text"})]


def test_several_texts_go_in_one_request_and_come_back_in_order(service, received):
    provider = LibreTranslateProvider(service.url("ok"))
    texts = ["Thông báo", "Xin chào", "Sở Ngoại vụ tỉnh Lạng Sơn"]
    assert provider.suggest(texts, source="vi", target="en") == [
        "Announcement", "Hello", "Department of Foreign Affairs Lang Son province"]
    assert len(received) == 1
    assert received[0][1]["q"] == texts
    assert provider.suggest([], source="vi", target="en") == []
    assert len(received) == 1  # nothing to translate, nothing sent


def test_rich_text_is_sent_as_html_and_keeps_its_markup(service, received):
    provider = LibreTranslateProvider(service.url("ok"))
    body = '<h2>Thông báo</h2><p><a href="/lien-he">Sở Ngoại vụ</a></p>'
    assert provider.suggest([body], source="vi", target="en", html=True) == [
        '<h2>Announcement</h2><p><a href="/lien-he">Department of Foreign Affairs</a></p>']
    assert received[0][1]["format"] == "html"


def test_the_api_key_is_sent_when_configured(service, received):
    keyed = LibreTranslateProvider(service.url("keyed"), api_key="khoa-bi-mat")
    assert keyed.suggest(["Xin chào"], source="vi", target="en") == ["Hello"]
    assert received[0][1]["api_key"] == "khoa-bi-mat"
    reason = unavailable(LibreTranslateProvider(service.url("keyed")), ["Xin chào"])
    assert "api_key" not in received[1][1]
    assert "API key" in reason


# --- failures become MachineTranslationUnavailable, with a reason -----------------


def test_a_server_error_is_reported_with_its_status(service, caplog):
    with caplog.at_level(logging.WARNING, logger="hub.translation.machine"):
        with pytest.raises(MachineTranslationUnavailable) as caught:
            LibreTranslateProvider(service.url("status/500")).suggest(
                ["Xin chào"], source="vi", target="en")
    assert "HTTP 500" in caught.value.reason
    assert "model crashed" in caught.value.detail
    assert "model crashed" in caplog.text  # the operator sees what the service said


def test_too_many_requests_asks_the_translator_to_wait(service):
    reason = unavailable(LibreTranslateProvider(service.url("status/429")), ["Xin chào"])
    assert "busy" in reason


def test_a_refused_text_says_why(service):
    reason = unavailable(LibreTranslateProvider(service.url("status/400")), ["Xin chào"])
    assert "vi is not supported" in reason


def test_an_answer_that_is_not_json_is_refused(service):
    reason = unavailable(LibreTranslateProvider(service.url("invalid-json")), ["Xin chào"])
    assert "JSON" in reason


def test_an_answer_with_the_wrong_number_of_texts_is_refused(service):
    reason = unavailable(LibreTranslateProvider(service.url("wrong-count")),
                         ["Xin chào", "Thông báo"])
    assert "1" in reason and "2" in reason


def test_an_answer_of_the_wrong_shape_is_refused(service):
    unavailable(LibreTranslateProvider(service.url("wrong-shape")), ["Xin chào"])


# No wall-clock assertions here (a loaded machine stretches them): the reason proves
# it. Left alone, the slow service answers a valid translation after 0.5 s and the
# trickling one ends with a body that is not JSON; only the timeout, and the deadline
# over all reads, make either "did not answer in time".
def test_a_slow_service_is_given_up_after_the_timeout(service):
    reason = unavailable(LibreTranslateProvider(service.url("slow"), timeout=0.1),
                         ["Xin chào"])
    assert "in time" in reason


def test_a_trickling_answer_is_given_up_after_the_timeout(service):
    reason = unavailable(LibreTranslateProvider(service.url("trickle"), timeout=0.2),
                         ["Xin chào"])
    assert "in time" in reason


def test_an_oversized_answer_is_refused(service):
    for mode in ("huge", "announced-huge"):
        reason = unavailable(LibreTranslateProvider(service.url(mode)), ["Xin chào"])
        assert "too large" in reason


def test_a_redirect_is_not_followed(service, received):
    reason = unavailable(LibreTranslateProvider(service.url("redirect")), ["Xin chào"])
    assert [path for path, _body in received] == ["/redirect/translate"]
    assert "307" in reason


def test_a_service_that_is_down_is_reported(caplog):
    port = closed_port()
    with caplog.at_level(logging.WARNING, logger="hub.translation.machine"):
        reason = unavailable(LibreTranslateProvider(f"http://127.0.0.1:{port}"), ["Xin chào"])
    assert "cannot be reached" in reason
    assert f"127.0.0.1:{port}" in caplog.text


# --- what the workflow view calls -------------------------------------------------


def test_fields_are_suggested_one_request_per_format(make_app, service, received):
    app = make_app(MACHINE_TRANSLATION_URL=service.url("ok"))
    fields = {"title": "Thông báo", "summary": "  ", "subtitle": "Xin chào",
              "body": "<p>Sở Ngoại vụ</p>"}
    with app.app_context():
        suggestions = suggest_fields(fields, html_fields={"body"}, source="vi", target="en")
    assert suggestions == {"title": "Announcement", "subtitle": "Hello",
                           "body": "<p>Department of Foreign Affairs</p>"}
    assert [(body["q"], body["format"]) for _path, body in received] == [
        (["Thông báo", "Xin chào"], "text"), ("<p>Sở Ngoại vụ</p>", "html")]


def test_suggested_html_is_cleaned_like_anything_staff_type(make_app, service):
    app = make_app(MACHINE_TRANSLATION_URL=service.url("evil"))
    with app.app_context():
        suggestions = suggest_fields({"body": "<p>Xin chào</p>"}, html_fields={"body"},
                                     source="vi", target="en")
    assert "<p>Hello</p>" in suggestions["body"]
    assert "script" not in suggestions["body"] and "onerror" not in suggestions["body"]


def test_no_suggestions_and_no_request_when_off(make_app, received):
    with make_app().app_context():
        assert suggest_fields({"title": "Xin chào"}, html_fields=(),
                              source="vi", target="en") == {}
    assert received == []


def test_a_failing_service_is_reported_to_the_view(make_app):
    app = make_app(MACHINE_TRANSLATION_URL=f"http://127.0.0.1:{closed_port()}/",
                   MACHINE_TRANSLATION_TIMEOUT=0.5)
    with app.app_context(), pytest.raises(MachineTranslationUnavailable):
        suggest_fields({"title": "Xin chào"}, html_fields=(), source="vi", target="en")
