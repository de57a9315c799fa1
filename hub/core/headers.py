"""The security headers of every response, set in one place: the last step of the
request pipeline (``hub.core.lifecycle``), so rendered pages, pages served from the page
cache (and their 304s), error pages, the API, feeds and static files all carry them.

- ``Content-Security-Policy``: scripts, styles, fonts and connections from the site's
  own origin only — no inline script, no inline style, no ``eval`` — so markup that got
  into a page by mistake cannot run. Images may also come from HTTPS addresses, which is
  what the rich-text sanitiser lets an article embed (``hub.core.sanitize``). A JSON
  data block (``<script type="application/json">``, the editor's strings) is never run,
  so the policy does not apply to it. The templates' own test holds them to this.
- No framing by another site (``frame-ancestors 'none'``, and ``X-Frame-Options`` for
  browsers that predate it), ``nosniff``, a referrer that leaves the site as its origin
  only, and the browser features a portal never uses turned off.
- ``Strict-Transport-Security`` only on a response served over HTTPS (behind nginx,
  gunicorn takes the scheme from ``X-Forwarded-Proto``): over plain HTTP a browser
  ignores it, and a development host must stay reachable without TLS. Without
  ``includeSubDomains``: the province's domain may have hosts this application does not
  serve.

A response that sets one of these headers itself keeps its own value: an attachment's
sandboxing policy (``hub.files``), the tracking and password-reset pages that send no
referrer at all.
"""

from __future__ import annotations

from flask import Flask, Response, request

from hub.core.lifecycle import attach

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' https:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone",
    "payment", "usb"))
HSTS = "max-age=31536000"  # one year

HEADERS: tuple[tuple[str, str], ...] = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Frame-Options", "DENY"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Permissions-Policy", PERMISSIONS_POLICY),
)


def secure_headers(response: Response) -> Response:
    headers = response.headers
    for name, value in HEADERS:
        if name not in headers:
            headers[name] = value
    if request.is_secure and "Strict-Transport-Security" not in headers:
        headers["Strict-Transport-Security"] = HSTS
    return response


def init_app(app: Flask) -> None:
    attach(app, "security_headers", secure_headers)
