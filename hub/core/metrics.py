"""``/metrics``: what Prometheus scrapes, for operators only.

Two kinds of figures. Counted by each process as it works (``hub.core.instruments``:
requests, their latency, job runs and failures), summed over gunicorn's workers when
``PROMETHEUS_MULTIPROC_DIR`` is set (prometheus_client's multiprocess mode). And read
from the database at scrape time, once for the whole deployment: queue depths and the
age of the newest backup. Capabilities add the latter with ``register_reading`` in
their ``init_app`` (the search outbox).

Access: the path answers on any host but only to addresses of ``PORTAL_METRICS_ALLOWED``
or to a request bearing ``PORTAL_METRICS_TOKEN``; anyone else gets 404, as if there
were nothing here.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from flask import Blueprint, Flask, abort, current_app, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from sqlalchemy import case, func, select

from hub.core.http import client_ip
from hub.core.mail import MailMessage
from hub.extensions import db
from tenants.context import unscoped

bp = Blueprint("metrics", __name__)
EXTENSION = "portal_metric_readings"

# A reading: its rows as (label values, value); no rows when there is nothing to say.
Rows = list[tuple[tuple[str, ...], float]]


@dataclass(frozen=True)
class Reading:
    name: str
    documentation: str
    labels: tuple[str, ...]
    read: Callable[[], Rows]


def register_reading(app: Flask, name: str, documentation: str,
                     labels: tuple[str, ...], read: Callable[[], Rows]) -> None:
    """Add a gauge computed from the database at each scrape (read inside
    ``unscoped()``: one figure for every site, as grouped counts)."""
    app.extensions.setdefault(EXTENSION, []).append(
        Reading(name, documentation, labels, read))


# --- the core's readings -------------------------------------------------------------

def mail_queue_depth() -> Rows:
    waiting = MailMessage.sent_at.is_(None)
    state = case((MailMessage.attempts > 0, "retrying"), else_="pending")
    rows = db.session.execute(select(state, func.count()).where(waiting).group_by(state))
    counts = dict.fromkeys(("pending", "retrying"), 0)
    counts.update({name: number for name, number in rows})
    return [((name,), float(number)) for name, number in counts.items()]


class _Readings:
    """The registered readings as a prometheus_client collector, for one scrape."""

    def __init__(self, readings: list[Reading]) -> None:
        self.readings = readings

    def collect(self) -> Iterator[Metric]:
        try:
            with unscoped():
                for reading in self.readings:
                    gauge = GaugeMetricFamily(reading.name, reading.documentation,
                                              labels=reading.labels)
                    for labels, value in reading.read():
                        gauge.add_metric(labels, value)
                    yield gauge
        finally:
            db.session.rollback()


class _ThisProcess:
    def collect(self) -> Iterator[Metric]:
        yield from REGISTRY.collect()


# --- access and the route ------------------------------------------------------------

def _allowed() -> bool:
    token = current_app.config.get("METRICS_TOKEN")
    sent = request.headers.get("Authorization", "")
    if token and sent.startswith("Bearer "):
        return hmac.compare_digest(sent.removeprefix("Bearer ").encode(), token.encode())
    try:
        client = ipaddress.ip_address(client_ip() or "")
    except ValueError:
        return False
    for entry in (current_app.config.get("METRICS_ALLOWED") or "").split(","):
        try:
            if entry.strip() and client in ipaddress.ip_network(entry.strip(),
                                                                   strict=False):
                return True
        except ValueError:
            continue  # a malformed entry allows nobody
    return False


@bp.get("/metrics")
def metrics():  # type: ignore[no-untyped-def]
    if not _allowed():
        abort(404)
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        registry.register(_ThisProcess())  # type: ignore[arg-type]
    registry.register(_Readings(current_app.extensions.get(EXTENSION, [])))  # type: ignore[arg-type]
    return current_app.response_class(generate_latest(registry),
                                      content_type=CONTENT_TYPE_LATEST)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    register_reading(app, "portal_mail_queue_depth",
                     "Mail waiting to be sent, by state (pending, retrying).",
                     ("state",), mail_queue_depth)
