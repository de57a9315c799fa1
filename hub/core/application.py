"""The Flask class of the portal.

Flask asks ``ensure_sync(func)`` of every hook and view on every request (a dozen per
page here: tenant, cache, statistics, CSRF, session and database hooks), and each time
``inspect.iscoroutinefunction`` unwraps the function again to read its code flags:
about 4 % of the instructions of a page served from the cache. The answer never changes
for a function, so the functions found synchronous are remembered, weakly: a callback
made for one request (``after_this_request``) is forgotten with it.
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Callable
from typing import Any

from flask import Flask

from hub.core.templating import Environment


class Portal(Flask):
    jinja_environment = Environment

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._synchronous: weakref.WeakSet[Callable[..., Any]] = weakref.WeakSet()

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        if func in self._synchronous:
            return func
        runnable = super().ensure_sync(func)
        if runnable is func:
            with contextlib.suppress(TypeError):  # not weakly referenceable: ask again
                self._synchronous.add(func)
        return runnable
