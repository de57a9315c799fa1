"""Public pages of the questions (to be written)."""

from __future__ import annotations

from typing import Any


def index() -> Any:
    raise NotImplementedError


def show(question_id: int) -> Any:
    raise NotImplementedError


def ask() -> Any:
    raise NotImplementedError


def challenge() -> Any:
    raise NotImplementedError


def sent() -> Any:
    raise NotImplementedError


def track() -> Any:
    raise NotImplementedError


def privacy() -> Any:
    raise NotImplementedError
