"""One run of a job at a time whatever the processes (``hub.core.joblock``): while
another holder has a job's lock — another connection on PostgreSQL, another open file
on SQLite — a pass leaves that job out and counts it skipped; the other jobs run, and
the job runs again on the next pass once the lock is free. (tests/nodes runs two real
nodes' workers on PostgreSQL.)"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from prometheus_client import REGISTRY

from hub.core import jobs
from hub.core.joblock import exclusive, lock_key


@pytest.fixture
def counted() -> Iterator[list[str]]:
    """Two test jobs, one exclusive and one every process runs; what each did."""
    done: list[str] = []
    jobs.register_job("test.once", lambda: done.append("once") or 1)
    jobs.register_job("test.everywhere", lambda: done.append("everywhere") or 1,
                      exclusive=False)
    yield done
    for name in ("test.once", "test.everywhere"):
        jobs.JOBS.pop(name)
        jobs.SHARED.discard(name)


def skipped(name: str) -> float:
    return REGISTRY.get_sample_value("portal_job_skipped_total", {"job": name}) or 0.0


def pass_elsewhere(app: Flask) -> dict[str, int]:
    """A pass as another process would run it: its own thread, connection and files."""
    results: dict[str, int] = {}

    def run() -> None:
        with app.app_context():
            results.update(jobs.run_pass())
    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    return results


def test_a_job_whose_lock_is_held_elsewhere_waits_for_the_next_pass(
        app: Flask, counted: list[str]) -> None:
    before = skipped("test.once")
    with app.app_context(), exclusive("test.once") as held:
        assert held
        results = pass_elsewhere(app)
    assert "test.once" not in results and results["test.everywhere"] == 1
    assert counted == ["everywhere"]
    assert skipped("test.once") == before + 1
    assert pass_elsewhere(app)["test.once"] == 1  # the lock was let go
    assert counted == ["everywhere", "once", "everywhere"]


def test_two_holders_of_one_lock_exclude_each_other_and_not_other_jobs(app: Flask) -> None:
    with app.app_context(), exclusive("test.a") as first:
        seen: dict[str, bool] = {}

        def other() -> None:
            with app.app_context():
                with exclusive("test.a") as same:
                    seen["same"] = same
                with exclusive("test.b") as different:
                    seen["different"] = different
        thread = threading.Thread(target=other)
        thread.start()
        thread.join(timeout=30)
    assert first and seen == {"same": False, "different": True}
    assert lock_key("test.a") != lock_key("test.b")
    assert -(2 ** 63) <= lock_key("test.a") < 2 ** 63
