"""Machine-translation suggestions for translators: optional, and never in the way.

A translator of the Department of Foreign Affairs (Sở Ngoại vụ) may ask for a machine
suggestion of a field before writing the English text. The suggestion comes from a
``SuggestionProvider``; the one real provider speaks the LibreTranslate HTTP API
(``POST {url}/translate``), which self-hosted LibreTranslate and compatible services
answer. It is off unless ``PORTAL_MACHINE_TRANSLATION_URL`` is set.

The workflow never depends on it: every failure of the service (down, slow, refused,
nonsense) becomes ``MachineTranslationUnavailable`` with a reason the translator can
read, and nothing else escapes. The reply of a remote service is untrusted input, so
``suggest_fields`` cleans it like anything staff type (``hub.core.sanitize``).
"""

from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Collection, Mapping, Sequence
from http.client import HTTPException
from typing import Any, Protocol, runtime_checkable
from urllib.parse import urlsplit

from flask import Flask, current_app
from flask_babel import gettext as _

from hub.core.sanitize import clean_html, clean_text

logger = logging.getLogger(__name__)

# A reply to a few fields of one article is a few hundred KiB at most; anything bigger
# is a misbehaving service, not a translation.
MAX_RESPONSE_BYTES = 2 * 1024 * 1024
# Enough of an error reply to read its {"error": "..."} message.
MAX_ERROR_BYTES = 16 * 1024
_CHUNK = 64 * 1024


class MachineTranslationUnavailable(Exception):
    """The provider could not answer (down, slow, refused, nonsense).

    ``reason`` is already translated, for the translator; ``detail`` is what the
    service said, for the log (may be empty).
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


@runtime_checkable
class SuggestionProvider(Protocol):
    """Something that turns texts in one language into suggestions in another."""

    name: str

    def suggest(self, texts: Sequence[str], *, source: str, target: str,
                html: bool = False) -> list[str]:
        """One suggestion per text, in the same order.

        Raises ``MachineTranslationUnavailable`` on any failure, and nothing else.
        """
        ...


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A translation endpoint has no reason to redirect; following one would turn the
    # POST into a GET, or send the texts (and the API key) somewhere not configured.
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirects)


class LibreTranslateProvider:
    """A LibreTranslate-compatible endpoint, e.g. ``http://libretranslate:5000``.

    Texts of one call go in one request (``q`` as a list when there are several);
    ``format`` is ``html`` for rich text so markup is kept, never translated as words.
    """

    name = "LibreTranslate"

    def __init__(self, url: str, *, api_key: str | None = None, timeout: float = 5.0) -> None:
        parts = urlsplit((url or "").strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("not an http(s) URL with a host name")
        if parts.query or parts.fragment or parts.username or parts.password:
            # Credentials go in the API key setting, never in a URL that gets logged.
            raise ValueError("the URL of a LibreTranslate service has no query, fragment "
                             f"or user name: {parts.scheme}://{parts.hostname}...")
        if timeout <= 0:
            raise ValueError("the timeout must be positive")
        self.url = parts.geturl().rstrip("/")
        self.api_key = api_key or None
        self.timeout = float(timeout)

    def __repr__(self) -> str:  # never shows the API key
        return f"<LibreTranslateProvider {self.url}>"

    def suggest(self, texts: Sequence[str], *, source: str, target: str,
                html: bool = False) -> list[str]:
        texts = list(texts)
        if not texts:
            return []
        try:
            payload: dict[str, Any] = {
                "q": texts[0] if len(texts) == 1 else texts,
                "source": source, "target": target,
                "format": "html" if html else "text",
            }
            if self.api_key:
                payload["api_key"] = self.api_key
            body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        except (TypeError, ValueError) as exc:  # not strings: a caller's mistake
            raise self._unavailable(_("The texts could not be sent for translation."),
                                    str(exc)) from exc
        answer = self._post("/translate", body)
        return self._translations(answer, len(texts))

    def _post(self, path: str, body: bytes) -> Any:
        # The scheme was checked in __init__ (http or https only).
        request = urllib.request.Request(  # noqa: S310
            self.url + path, data=body, method="POST",
            headers={"Content-Type": "application/json; charset=utf-8",
                     "Accept": "application/json"})
        deadline = time.monotonic() + self.timeout
        try:
            with _opener.open(request, timeout=self.timeout) as response:
                raw = _read_until(response, MAX_RESPONSE_BYTES, deadline)
        except urllib.error.HTTPError as exc:
            raise self._refused(exc) from exc
        except TimeoutError as exc:
            raise self._unavailable(
                _("The machine translation service did not answer in time."),
                str(exc)) from exc
        except _TooLarge as exc:
            raise self._unavailable(
                _("The machine translation service sent an answer that is too large."),
                str(exc)) from exc
        except (urllib.error.URLError, OSError, HTTPException, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError):
                raise self._unavailable(
                    _("The machine translation service did not answer in time."),
                    str(reason)) from exc
            raise self._unavailable(
                _("The machine translation service cannot be reached."), str(reason)) from exc
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise self._unavailable(
                _("The machine translation service sent an answer that is not valid JSON."),
                str(exc)) from exc

    def _refused(self, exc: urllib.error.HTTPError) -> MachineTranslationUnavailable:
        detail = _error_message(exc)
        if exc.code == 429:
            reason = _("The machine translation service is busy. Try again in a moment.")
        elif exc.code in (401, 403):
            reason = _("The machine translation service refused the portal's access "
                       "(check the API key).")
        elif exc.code == 400:
            reason = _("The machine translation service could not translate this text: "
                       "%(detail)s", detail=detail or exc.reason)
        else:
            reason = _("The machine translation service failed (HTTP %(status)s).",
                       status=exc.code)
        return self._unavailable(reason, f"HTTP {exc.code}: {detail}")

    def _translations(self, answer: Any, count: int) -> list[str]:
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if count == 1 and isinstance(translated, str):
            translated = [translated]
        if not (isinstance(translated, list) and all(isinstance(t, str) for t in translated)):
            raise self._unavailable(
                _("The machine translation service sent an answer the portal does not "
                  "understand."), repr(answer)[:200])
        if len(translated) != count:
            raise self._unavailable(
                _("The machine translation service answered %(got)s texts instead of "
                  "%(sent)s.", got=len(translated), sent=count))
        return translated

    def _unavailable(self, reason: str, detail: str = "") -> MachineTranslationUnavailable:
        logger.warning("machine translation at %s unavailable: %s (%s)",
                       self.url, reason, detail)
        return MachineTranslationUnavailable(reason, detail)


class _TooLarge(Exception):
    """The answer is bigger than the portal accepts."""


def _read_until(response: Any, limit: int, deadline: float) -> bytes:
    """The body, refused beyond ``limit`` bytes or past ``deadline``.

    The socket timeout bounds each read; the deadline bounds them all, so a service
    that trickles bytes cannot hold the translator's request for long.
    """
    length = response.headers.get("Content-Length")
    if length and length.isdigit() and int(length) > limit:
        raise _TooLarge(f"{length} bytes announced")
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read(_CHUNK):
        size += len(chunk)
        if size > limit:
            raise _TooLarge(f"more than {limit} bytes")
        if time.monotonic() > deadline:
            raise TimeoutError("the answer took longer than the timeout")
        chunks.append(chunk)
    return b"".join(chunks)


def _error_message(exc: urllib.error.HTTPError) -> str:
    """The ``error`` of a LibreTranslate error reply, if it sent a readable one."""
    try:
        data = json.loads(exc.read(MAX_ERROR_BYTES).decode("utf-8"))
    except (OSError, HTTPException, UnicodeDecodeError, ValueError):
        return ""
    finally:
        exc.close()
    message = data.get("error") if isinstance(data, dict) else None
    return clean_text(message)[:300] if isinstance(message, str) else ""


def configured_provider(app: Flask | None = None) -> SuggestionProvider | None:
    """The provider the settings name, or None when machine translation is off.

    Off is the default (``PORTAL_MACHINE_TRANSLATION_URL`` unset). A URL that is not
    http(s) is logged and treated as off: a misconfiguration must not break the
    translator's page.
    """
    config = (app or current_app).config
    url = config.get("MACHINE_TRANSLATION_URL")
    if not url:
        return None
    try:
        return LibreTranslateProvider(
            url, api_key=config.get("MACHINE_TRANSLATION_API_KEY"),
            timeout=float(config.get("MACHINE_TRANSLATION_TIMEOUT") or 5.0))
    except ValueError as exc:
        logger.warning("machine translation is off: PORTAL_MACHINE_TRANSLATION_URL %s", exc)
        return None


def suggest_fields(fields: Mapping[str, str], *, html_fields: Collection[str],
                   source: str, target: str) -> dict[str, str]:
    """Suggestions for each non-empty field, by field name, in the order given.

    Rich-text fields (``html_fields``) go as HTML and come back through ``clean_html``;
    the others as text through ``clean_text``. One request per format. An empty dict
    when machine translation is off; ``MachineTranslationUnavailable`` when it is on
    but failing.
    """
    provider = configured_provider()
    wanted = [name for name, value in fields.items() if value and value.strip()]
    if provider is None or not wanted:
        return {}
    suggestions: dict[str, str] = {}
    for html in (False, True):
        names = [name for name in wanted if (name in html_fields) == html]
        if not names:
            continue
        translated = provider.suggest([fields[name] for name in names],
                                      source=source, target=target, html=html)
        got = len(translated) if isinstance(translated, list) else 0
        if got != len(names):
            # Only a provider breaking its contract gets here; still not the
            # translator's problem.
            raise MachineTranslationUnavailable(
                _("The machine translation service answered %(got)s texts instead of "
                  "%(sent)s.", got=got, sent=len(names)))
        clean = clean_html if html else clean_text
        suggestions.update(zip(names, map(clean, translated), strict=True))
    return {name: suggestions[name] for name in wanted}
