"""What a load balancer and an orchestrator ask a node: is it alive, is it ready.

Every path here answers on any host (``tenants.resolution.HOSTLESS_PREFIXES``), so a
node is checked by its address.

- ``/healthz/live``: the process answers; nothing else is touched.
- ``/healthz/ready``: every dependency, each with its status and a reason; 503 when a
  required one fails (a warning, such as a job runner not seen lately, keeps 200).
- ``/healthz``: the database and its key, as it always answered (load balancers and
  the deployment scripts already ask it).

Checks of the core (database, Redis, the job runner) are declared here; capabilities
above add theirs with ``register_check`` in their ``init_app``: search, and ``uploads``
(``hub.files``: the configured file store, a folder or an S3 bucket).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, Flask, current_app, jsonify
from sqlalchemy import text

from hub.core import jobs
from hub.core.redis import RedisUnavailable, shared_redis
from hub.extensions import db
from tenants.isolation import database_accepts_proofs

bp = Blueprint("health", __name__)
EXTENSION = "portal_readiness_checks"


@dataclass(frozen=True)
class Outcome:
    """What a check found: ``ok``, ``error``, ``skipped`` (not configured) or ``stale``
    (a warning), and why in words an operator can act on."""

    status: str
    reason: str = ""


Check = Callable[[], Outcome]


def register_check(app: Flask, name: str, check: Check, *, required: bool = True) -> None:
    """Add ``check`` to ``/healthz/ready``; a failing required check makes it 503."""
    app.extensions.setdefault(EXTENSION, {})[name] = (check, required)


# --- the core's checks ---------------------------------------------------------------

def check_database() -> Outcome:
    try:
        db.session.execute(text("SELECT 1"))
        accepted = database_accepts_proofs(db.session.connection())
    except Exception as exc:  # noqa: BLE001 - any database failure is "unhealthy"
        return Outcome("error", f"unreachable: {type(exc).__name__}")
    finally:
        db.session.rollback()  # the check's settings end with its transaction
    if not accepted:
        return Outcome("error", "key-mismatch: the database does not hold this app's "
                                "key: run `flask db upgrade` with this PORTAL_SECRET_KEY")
    return Outcome("ok")


def check_redis() -> Outcome:
    link = shared_redis()
    if link is None:
        return Outcome("skipped", "PORTAL_REDIS_URL is not set")
    try:
        link.ping()  # a real PING with the shared client's short timeouts
    except RedisUnavailable as exc:
        return Outcome("error", f"unreachable: {type(exc.__cause__ or exc).__name__}")
    return Outcome("ok")


def check_job_runner() -> Outcome:
    try:
        seen = jobs.last_heartbeat()
    except Exception as exc:  # noqa: BLE001 - the store of the heartbeat is unreachable
        return Outcome("stale", f"heartbeat unreadable: {type(exc).__name__}")
    if seen is None:
        return Outcome("stale", "no pass of the background jobs seen yet")
    age = time.time() - seen
    if age > current_app.config.get("JOBS_STALE_SECONDS", 600):
        return Outcome("stale", f"last pass {int(age)} s ago")
    return Outcome("ok", f"last pass {int(age)} s ago")


# --- the routes ----------------------------------------------------------------------

@bp.get("/healthz/live")
def live():  # type: ignore[no-untyped-def]
    return jsonify(status="ok")


@bp.get("/healthz/ready")
def ready():  # type: ignore[no-untyped-def]
    checks: dict[str, dict[str, object]] = {}
    failed = False
    for name, (check, required) in current_app.extensions.get(EXTENSION, {}).items():
        try:
            outcome = check()
        except Exception as exc:  # noqa: BLE001 - a broken check reports, never a 500
            outcome = Outcome("error", f"check failed: {type(exc).__name__}")
        failed = failed or (required and outcome.status == "error")
        checks[name] = {"status": outcome.status, "reason": outcome.reason,
                        "required": required}
    return jsonify(status="error" if failed else "ok", checks=checks), 503 if failed else 200


@bp.get("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    outcome = check_database()
    if outcome.status == "ok":
        return jsonify(status="ok", database="ok")
    kind, _, detail = outcome.reason.partition(": ")  # "unreachable" | "key-mismatch"
    return jsonify(status="error", database=kind, reason=detail), 503


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    register_check(app, "database", check_database)
    register_check(app, "redis", check_redis)
    register_check(app, "jobs", check_job_runner, required=False)
