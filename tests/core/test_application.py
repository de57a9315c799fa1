"""The portal's Flask class: hooks and views found synchronous are remembered weakly,
and a coroutine function is still handed to Flask's async support."""

from __future__ import annotations

import gc

import pytest
from flask import Flask, after_this_request

from hub.core.application import Portal


def test_the_app_is_a_portal_and_serves_through_its_hooks(app: Flask, two_sites) -> None:
    from tests.cache.conftest import A_HOST
    from tests.factories import host_client
    assert isinstance(app, Portal)
    assert host_client(app, A_HOST).get("/").status_code == 200
    remembered = set(app._synchronous)  # type: ignore[attr-defined]
    pipeline = next(f for f in app.before_request_funcs[None] if f.__name__ == "before")
    assert pipeline in remembered
    assert app.view_functions["public.home"] in remembered


def test_a_callback_of_one_request_is_not_kept(app: Flask, two_sites) -> None:
    from tests.cache.conftest import A_HOST
    from tests.factories import host_client
    made = []

    def view() -> str:
        @after_this_request
        def stamp(response):  # type: ignore[no-untyped-def]
            response.headers["X-Stamp"] = "1"
            return response
        made.append(stamp)
        return "ok"

    app.add_url_rule("/_test/stamp", "test_stamp", view)
    response = host_client(app, A_HOST).get("/_test/stamp")
    assert response.headers["X-Stamp"] == "1"
    callback = made.pop()
    assert callback in app._synchronous  # type: ignore[attr-defined]
    del callback
    gc.collect()
    assert not any(f.__name__ == "stamp" for f in app._synchronous)  # type: ignore[attr-defined]


def test_coroutine_functions_still_go_to_flask(tmp_path) -> None:
    portal = Portal(__name__)

    async def view() -> str:
        return "ok"

    class Slotted:  # a callable that cannot be weakly referenced
        __slots__ = ()

        def __call__(self) -> str:
            return "ok"

    slotted = Slotted()
    assert portal.ensure_sync(slotted) is slotted
    try:
        import asgiref  # noqa: F401
    except ImportError:
        with pytest.raises(RuntimeError, match="async"):
            portal.ensure_sync(view)
    else:
        assert portal.ensure_sync(view) is not view
    assert view not in portal._synchronous
