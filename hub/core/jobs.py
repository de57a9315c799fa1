"""Background jobs: what ``flask worker`` runs, and what the app runs in-process in
embedded mode (one machine, no separate worker).

A job is a function taking no argument and returning how much it did; it only flushes,
and the runner commits after each job (or rolls it back and logs). Every job must be
safe to run in several processes at once. Capabilities add theirs with ``register_job``
in their ``init_app`` (scheduled publishing, the search indexer, page views).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from flask import Flask

from hub.core.lifecycle import attach
from hub.extensions import db

log = logging.getLogger(__name__)

JOBS: dict[str, Callable[[], int]] = {}


def register_job(name: str, job: Callable[[], int]) -> None:
    """Add a job to every worker pass (idempotent: registering again replaces it)."""
    JOBS[name] = job


def run_pass() -> dict[str, int]:
    """Run every job once, each in its own transaction; a failing job is logged and
    rolled back without stopping the others (it is retried on the next pass)."""
    results: dict[str, int] = {}
    for name, job in list(JOBS.items()):
        try:
            results[name] = job()
            db.session.commit()
        except Exception:  # noqa: BLE001 - one broken job must not stop the worker
            db.session.rollback()
            log.exception("background job %s failed", name)
            results[name] = -1
    return results


# --- in-process (embedded mode) ------------------------------------------------------

def init_app(app: Flask) -> None:
    """Start a background thread on the first request, unless ``INPROCESS_JOBS`` is
    false (a ``flask worker`` runs them) or the app is under test.

    Started on the first request rather than here so that CLI commands (migrations,
    ``flask worker`` itself) never start it; each gunicorn worker then runs one, which
    is safe because every job is idempotent.
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
