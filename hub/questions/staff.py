"""Staff screens of the questions (to be written)."""

from __future__ import annotations

from typing import Any


def queue() -> Any:
    raise NotImplementedError


def enter() -> Any:
    raise NotImplementedError


def show(question_id: int) -> Any:
    raise NotImplementedError


def step(question_id: int, action: str) -> Any:
    raise NotImplementedError


def figures() -> Any:
    raise NotImplementedError


def figures_csv() -> Any:
    raise NotImplementedError
