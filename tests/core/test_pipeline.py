"""The request pipeline runs the declared stages in their order, whatever order the
capabilities attached their steps in, and refuses a stage it does not declare."""

from __future__ import annotations

import pytest
from flask import Flask

from hub.core import lifecycle


def _bare_app() -> Flask:
    app = Flask("pipeline")
    app.config.update(TESTING=True)
    lifecycle.init_app(app)
    return app


def test_steps_run_in_the_declared_order_not_the_order_attached() -> None:
    app = _bare_app()
    ran: list[str] = []
    lifecycle.attach(app, "leave_site", lambda exc: ran.append("leave_site"))
    lifecycle.attach(app, "store_page", lambda r: ran.append("store_page") or r)
    lifecycle.attach(app, "jobs", lambda: ran.append("jobs"))
    lifecycle.attach(app, "count_view", lambda r: ran.append("count_view") or r)
    lifecycle.attach(app, "site", lambda: ran.append("site"))
    lifecycle.attach(app, "drain_search", lambda exc: ran.append("drain_search"))
    app.add_url_rule("/", "home", lambda: ran.append("view") or "ok")

    assert app.test_client().get("/").status_code == 200
    assert ran == ["site", "jobs", "view", "count_view", "store_page", "drain_search",
                   "leave_site"]


def test_a_step_that_answers_stops_the_request_before_the_view() -> None:
    app = _bare_app()
    ran: list[str] = []
    lifecycle.attach(app, "page_cache", lambda: "from the cache")
    lifecycle.attach(app, "jobs", lambda: ran.append("jobs"))
    app.add_url_rule("/", "home", lambda: ran.append("view") or "ok")

    assert app.test_client().get("/").get_data(as_text=True) == "from the cache"
    assert ran == []


def test_an_unknown_stage_or_a_second_step_is_refused() -> None:
    app = _bare_app()
    with pytest.raises(ValueError, match="no stage"):
        lifecycle.attach(app, "whenever", lambda: None)
    with pytest.raises(ValueError, match="already has a step"):
        lifecycle.attach(app, "commit", lambda r: r)
