"""Background jobs: what ``flask worker`` runs, and what the app runs in-process in
embedded mode (one machine, no separate worker).

A job is a function taking no argument and returning how much it did; it only flushes,
and the runner commits after each job (or rolls it back and logs). Capabilities add
theirs with ``register_job`` in their ``init_app`` (scheduled publishing, the search
indexer, page views).

Several processes on several nodes run the jobs, yet a job due once runs once: the
runner holds the job's cluster-wide lock (``hub.core.joblock``: a PostgreSQL advisory
lock, a file lock on SQLite) while the job decides what is due, does it, records it
done and commits; a process that finds the lock taken skips the job for this pass
(``portal_job_skipped``). A job whose work lives in its own process (the page views
counted in memory) registers with ``exclusive=False`` and runs in every process.

Each run is counted (``portal_job_runs``, ``portal_job_failures``) and each pass leaves
a heartbeat (the time it ended) where every node can read it: in Redis when
``PORTAL_REDIS_URL`` is set, else in ``PORTAL_JOBS_HEARTBEAT_FILE``; readiness
(``/healthz/ready``) reports how long ago the runner was last seen.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from flask import Flask, current_app

from hub.core.instruments import JOB_FAILURES, JOB_RUNS, JOB_SKIPPED
from hub.core.joblock import exclusive
from hub.core.lifecycle import attach
from hub.core.redis import shared_redis
from hub.extensions import db

log = logging.getLogger(__name__)

JOBS: dict[str, Callable[[], int]] = {}
SHARED: set[str] = set()  # jobs every process runs for itself (``exclusive=False``)


def register_job(name: str, job: Callable[[], int], *, exclusive: bool = True) -> None:
    """Add a job to every worker pass (idempotent: registering again replaces it).
    ``exclusive=False``: no lock, for a job that only handles its own process's data."""
    JOBS[name] = job
    if exclusive:
        SHARED.discard(name)
    else:
        SHARED.add(name)


def run_pass() -> dict[str, int]:
    """Run every job once, each in its own transaction under its lock; a failing job is
    logged and rolled back without stopping the others (it is retried on the next
    pass). A job another process is running is left out of the results."""
    results: dict[str, int] = {}
    for name, job in list(JOBS.items()):
        if name in SHARED:
            results[name] = _run(name, job)
            continue
        try:
            with exclusive(name) as held:
                if not held:
                    JOB_SKIPPED.labels(job=name).inc()
                    continue
                results[name] = _run(name, job)  # committed before the lock is let go
        except Exception:  # noqa: BLE001 - the database is unreachable: next pass
            log.exception("background job %s: its lock could not be taken or let go", name)
            JOB_FAILURES.labels(job=name).inc()
            results[name] = -1
    _beat()
    return results


def _run(name: str, job: Callable[[], int]) -> int:
    JOB_RUNS.labels(job=name).inc()
    try:
        done = job()
        db.session.commit()
    except Exception:  # noqa: BLE001 - one broken job must not stop the worker
        db.session.rollback()
        log.exception("background job %s failed", name)
        JOB_FAILURES.labels(job=name).inc()
        return -1
    return done


# --- the runner's heartbeat ----------------------------------------------------------

HEARTBEAT_KEY = "portal:jobs:last-pass"


def _beat() -> None:
    try:
        write_heartbeat(time.time())
    except Exception:  # noqa: BLE001 - a heartbeat lost must not fail the jobs
        log.warning("the background jobs' heartbeat could not be written", exc_info=True)


def write_heartbeat(at: float) -> None:
    """Note that a pass of the jobs ended at ``at`` (seconds since the epoch)."""
    config = current_app.config
    link = shared_redis()
    if link is not None:
        link.call(lambda client: client.set(HEARTBEAT_KEY, repr(at)))
    elif config.get("JOBS_HEARTBEAT_FILE"):
        path = Path(config["JOBS_HEARTBEAT_FILE"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(repr(at), encoding="ascii")


def last_heartbeat() -> float | None:
    """When a pass of the jobs last ended, on any node (None: never seen)."""
    config = current_app.config
    link = shared_redis()
    if link is not None:
        value = link.call(lambda client: client.get(HEARTBEAT_KEY))
        return float(value) if value is not None else None
    path = Path(config.get("JOBS_HEARTBEAT_FILE") or "")
    if not config.get("JOBS_HEARTBEAT_FILE") or not path.is_file():
        return None
    return float(path.read_text(encoding="ascii") or 0) or None


# --- in-process (embedded mode) ------------------------------------------------------

def init_app(app: Flask) -> None:
    """Start a background thread on the first request, unless ``INPROCESS_JOBS`` is
    false (a ``flask worker`` runs them) or the app is under test.

    Started on the first request rather than here so that CLI commands (migrations,
    ``flask worker`` itself) never start it; each gunicorn worker then runs one, and
    each job's lock lets one of them at a time run it.
    """
    if app.testing or not app.config.get("INPROCESS_JOBS", True):
        return
    interval = float(app.config.get("INPROCESS_JOBS_INTERVAL", 60))
    lock = threading.Lock()
    started: list[threading.Thread] = []

    def start_background_jobs() -> None:
        if started:
            return
        with lock:
            if not started:
                thread = threading.Thread(target=_loop, args=(app, interval),
                                          name="portal-jobs", daemon=True)
                thread.start()
                started.append(thread)

    attach(app, "jobs", start_background_jobs)


def _loop(app: Flask, interval: float) -> None:
    while True:
        time.sleep(interval)
        try:
            with app.app_context():
                try:
                    run_pass()
                finally:
                    db.session.remove()
        except Exception:  # noqa: BLE001 - the thread must outlive a database outage
            log.exception("in-process background jobs failed")
