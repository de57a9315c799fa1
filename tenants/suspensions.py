"""A site's suspension windows as the host map keeps them, and the state they give a
site at a moment.

The state is derived from the clock on every request, so a planned suspension begins at
its time even when no background job runs: before ``starts_at`` the site is served with
an announcement, from ``starts_at`` until ``restores_at`` it answers 503 with the
restoration time, after that it is served again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from hub.core.clock import aware
from tenants.models import SiteSuspension


@dataclass(frozen=True)
class Window:
    """One open suspension of a site (a snapshot of a ``SiteSuspension`` row)."""
    starts_at: datetime
    restores_at: datetime | None
    reason: str
    immediate: bool

    def covers(self, now: datetime) -> bool:
        return self.starts_at <= now and (self.restores_at is None or now < self.restores_at)

    def is_ahead(self, now: datetime) -> bool:
        return now < self.starts_at


def window_of(row: SiteSuspension) -> Window:
    return Window(starts_at=aware(row.starts_at), restores_at=aware(row.restores_at),  # type: ignore[arg-type]
                  reason=row.reason or "", immediate=row.immediate)


def windows_of(rows: Iterable[SiteSuspension]) -> tuple[Window, ...]:
    return tuple(sorted((window_of(row) for row in rows if row.is_open),
                        key=lambda window: window.starts_at))


def current_window(windows: Iterable[Window], now: datetime) -> Window | None:
    """The suspension in force at ``now``, if any."""
    return next((window for window in windows if window.covers(now)), None)


def announced_window(windows: Iterable[Window], now: datetime) -> Window | None:
    """The next announced suspension, not yet begun at ``now``."""
    return next((window for window in windows if window.is_ahead(now)), None)


def state_at(status: str, windows: Iterable[Window], now: datetime) -> str:
    """A site's state for people: ``active``, ``announced`` (a suspension is ahead),
    ``suspended``, ``merged`` or ``archived``."""
    windows = tuple(windows)
    if status != "active":
        return status
    if current_window(windows, now) is not None:
        return "suspended"
    if announced_window(windows, now) is not None:
        return "announced"
    return "active"
