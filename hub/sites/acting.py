"""Who acts in the site operations: the office's account in the browser, nobody named on
the command line. The services record their audit entries through ``record_action``,
which attributes them to the account of the enclosing ``acting_as`` block."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from hub.audit.operations import record

_actor: ContextVar[Any] = ContextVar("site_operations_actor", default=None)


@contextmanager
def acting_as(user: Any) -> Iterator[None]:
    """Attribute the audit entries of the operations run inside to ``user``."""
    token = _actor.set(user)
    try:
        yield
    finally:
        _actor.reset(token)


def record_action(action: str, **detail: Any) -> Any:
    """An audit entry attributed to the account in ``acting_as`` (if any)."""
    return record(action, actor=_actor.get(), **detail)
