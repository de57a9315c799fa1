"""The request's one commit (``hub.core.lifecycle``): a request whose writes were all
flushed still commits them; one that rolled its writes back, or answered with an error,
commits nothing; a rolled-back savepoint does not cancel the commit of the work around
it. The views here write override rows, which belong to no site."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from flask import Flask
from sqlalchemy import event, func, select

from hub.deadlines.models import WorkingDayOverride
from hub.extensions import db
from tenants.models import Tenant
from tests.factories import host_client

HOST = "langson.localhost"
FIRST, SECOND = date(2026, 3, 2), date(2026, 3, 3)


def add_view(app: Flask, name: str, view: Callable[[], object]) -> str:
    path = f"/_test/lifecycle/{name}"
    app.add_url_rule(path, f"test_lifecycle_{name}", view)
    return path


def override(day: date) -> None:
    db.session.add(WorkingDayOverride(day=day, is_working_day=False, note="Nghỉ"))
    db.session.flush()


def days(app: Flask) -> set[date]:
    with app.app_context():
        db.session.remove()
        return set(db.session.scalars(select(WorkingDayOverride.day)))


@pytest.fixture
def commits(app: Flask):  # type: ignore[no-untyped-def]
    """How many COMMITs reached the database."""
    counted: list[int] = []
    with app.app_context():
        engine = db.engine

    def count(conn) -> None:  # type: ignore[no-untyped-def]
        counted.append(1)

    event.listen(engine, "commit", count)
    yield counted
    event.remove(engine, "commit", count)


def test_a_request_whose_writes_were_all_flushed_commits_them(app, province: Tenant):
    """Nothing is pending at the end of the view, yet the flushed rows are committed."""
    def view() -> str:
        override(FIRST)
        return "ok"

    assert host_client(app, HOST).get(add_view(app, "flushed", view)).status_code == 200
    assert days(app) == {FIRST}


def test_a_request_answered_with_an_error_commits_nothing(app, province: Tenant):
    """A 409 answer rolls back what the view flushed."""
    def view() -> tuple[str, int]:
        override(FIRST)
        return "conflict", 409

    assert host_client(app, HOST).get(add_view(app, "refused", view)).status_code == 409
    assert days(app) == set()


def test_a_request_that_rolled_back_its_writes_sends_no_commit(app, province: Tenant,
                                                               commits: list[int]):
    """A view that gives up its flushed writes, then only reads, sends no COMMIT."""
    def view() -> str:
        override(FIRST)
        db.session.rollback()
        return str(db.session.scalar(select(func.count(WorkingDayOverride.id))))

    path = add_view(app, "given_up", view)
    del commits[:]
    assert host_client(app, HOST).get(path).text == "0"
    assert commits == []
    assert days(app) == set()


def test_a_request_that_committed_its_writes_itself_sends_no_second_commit(
        app, province: Tenant, commits: list[int]):
    """A view that commits, then only reads, makes the request end with no more COMMIT."""
    def view() -> str:
        override(FIRST)
        db.session.commit()
        return str(db.session.scalar(select(func.count(WorkingDayOverride.id))))

    path = add_view(app, "committed", view)
    del commits[:]
    assert host_client(app, HOST).get(path).text == "1"
    assert commits == [1]
    assert days(app) == {FIRST}


def test_a_rolled_back_savepoint_keeps_the_commit_of_the_work_around_it(app,
                                                                       province: Tenant):
    """The row flushed outside the savepoint is committed; the one inside is not."""
    def view() -> str:
        override(FIRST)
        savepoint = db.session.begin_nested()
        override(SECOND)
        savepoint.rollback()
        return "ok"

    assert host_client(app, HOST).get(add_view(app, "savepoint", view)).status_code == 200
    assert days(app) == {FIRST}


def test_a_request_that_only_reads_sends_no_commit(app, province: Tenant,
                                                   commits: list[int]):
    """A read-only request sends no COMMIT; a writing one sends exactly one."""
    def read() -> str:
        return str(db.session.scalar(select(func.count(WorkingDayOverride.id))))

    def write() -> str:
        override(FIRST)
        return "ok"

    read_path, write_path = add_view(app, "read", read), add_view(app, "write", write)
    del commits[:]
    assert host_client(app, HOST).get(read_path).text == "0"
    assert commits == []
    assert host_client(app, HOST).get(write_path).status_code == 200
    assert commits == [1]
