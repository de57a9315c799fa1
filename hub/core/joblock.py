"""One run of a background job at a time across every node (``hub.core.jobs``).

Several nodes run the jobs (each web process in embedded mode, or ``flask worker`` on
any node). A job due once — the weekly reminders, a scheduled publication, the day's
backup — must run once: the runner takes this lock for the job, runs it, commits, and
only then lets go, so a second node either finds the lock taken (and skips the job this
pass, counted in ``portal_job_skipped``) or runs after the commit and reads "done".

- PostgreSQL: a session advisory lock (``pg_try_advisory_lock``) keyed by the job's
  name, on a connection of its own kept in autocommit (no transaction held open while
  the job runs). It needs nothing but the database every node already shares, holds
  through jobs that commit themselves (the mail queue, the backups), and the server lets
  go of it when a node dies (its connection closes): no expiry to guess, as a Redis lock
  would need. It assumes direct connections or a session-mode pooler (a pgbouncer in
  transaction mode would lose it between statements).
- SQLite (one machine): an exclusive ``flock`` on a file next to the database, one per
  job, which every process of the machine sees; an in-memory database (one process)
  only needs a lock of the process.
"""

from __future__ import annotations

import fcntl
import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text

from hub.extensions import db

_process_locks: dict[str, threading.Lock] = {}
_process_locks_guard = threading.Lock()


def lock_key(name: str) -> int:
    """The job's advisory-lock key: a signed 64-bit number of its name."""
    digest = hashlib.blake2b(f"portal-job:{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


@contextmanager
def exclusive(name: str) -> Iterator[bool]:
    """Hold the cluster-wide lock of job ``name`` for the block; yields False (and holds
    nothing) when another process holds it."""
    url = db.engine.url
    if url.get_backend_name() == "postgresql":
        with _advisory(lock_key(name)) as held:
            yield held
    elif url.database and url.database != ":memory:":
        with _file_lock(Path(url.database), name) as held:
            yield held
    else:
        with _process_lock(name) as held:
            yield held


@contextmanager
def _advisory(key: int) -> Iterator[bool]:
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        held = bool(conn.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}))
        try:
            yield held
        finally:
            if held:
                conn.scalar(text("SELECT pg_advisory_unlock(:key)"), {"key": key})


@contextmanager
def _file_lock(database: Path, name: str) -> Iterator[bool]:
    folder = database.with_name(f"{database.name}-jobs")
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"{name}.lock").open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def _process_lock(name: str) -> Iterator[bool]:
    with _process_locks_guard:
        lock = _process_locks.setdefault(name, threading.Lock())
    if not lock.acquire(blocking=False):
        yield False
        return
    try:
        yield True
    finally:
        lock.release()
