"""What every request leaves behind for operators: its id, its counts and one log line.

- **Request id**: an incoming ``X-Request-ID`` is kept when well-formed (letters,
  digits, ``-_.:``, up to 128 characters: what proxies and load balancers send),
  otherwise one is made; it is returned in the response's ``X-Request-ID``.
- **Counts**: ``portal_http_requests`` and ``portal_http_request_duration_seconds``
  by endpoint and site kind (``hub.core.instruments``).
- **Access log**: one JSON line per request on the ``portal.access`` logger when
  ``PORTAL_ACCESS_LOG`` is ``json``: request id, method, path *without* its query string
  (a search or a form's redirect may carry personal data), status, duration, site and
  site kind, endpoint. No address unless ``PORTAL_ACCESS_LOG_CLIENT_IP``; never a
  body, a cookie or an account's email.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid

from flask import Flask, Response, current_app, g, request

from hub.core.http import client_ip
from hub.core.instruments import LATENCY, REQUESTS
from hub.core.lifecycle import attach
from tenants.context import current_site

access_log = logging.getLogger("portal.access")

HEADER = "X-Request-ID"
WELL_FORMED = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def request_id() -> str | None:
    """This request's id (None outside a request that went through the pipeline)."""
    return g.get("request_id")


def begin() -> None:
    g.request_started = time.perf_counter()
    incoming = request.headers.get(HEADER, "")
    g.request_id = incoming if WELL_FORMED.fullmatch(incoming) else uuid.uuid4().hex


def observe(response: Response) -> Response:
    started = g.get("request_started")
    if started is None:  # refused before the pipeline began (CSRF): begin now
        begin()
        started = g.request_started
    duration = time.perf_counter() - started
    response.headers[HEADER] = g.request_id
    site = current_site()
    kind = site.kind if site is not None else "none"
    endpoint = request.endpoint or "none"  # "none": no route matched (a 404)
    REQUESTS.labels(endpoint=endpoint, site_kind=kind, method=request.method,
                    status=str(response.status_code)).inc()
    LATENCY.labels(endpoint=endpoint, site_kind=kind).observe(duration)
    if current_app.config.get("ACCESS_LOG", "json") == "json":
        line = {"request_id": g.request_id, "method": request.method,
                "path": request.path, "status": response.status_code,
                "duration_ms": round(duration * 1000, 2),
                "site": site.tenant_slug if site is not None else None,
                "site_kind": kind if site is not None else None, "endpoint": endpoint}
        if current_app.config.get("ACCESS_LOG_CLIENT_IP"):
            line["client_ip"] = client_ip()
        access_log.info(json.dumps(line, ensure_ascii=False))
    return response


def init_app(app: Flask) -> None:
    attach(app, "request_id", begin)
    attach(app, "observe", observe)
    if (app.config.get("ACCESS_LOG", "json") == "json" and not app.testing
            and not access_log.handlers):
        # One line per request on stdout, whatever the root logger's level; under
        # tests the lines propagate to pytest's capture instead.
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("%(message)s"))
        access_log.addHandler(handler)
        access_log.setLevel(logging.INFO)
        access_log.propagate = False
