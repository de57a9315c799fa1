"""Visitor statistics (thống kê truy cập): page views per item and per site, counted
in batches (``counters``), written as a background job and read by the public block and
the staff report (``operations``)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from hub.stats import operations
    operations.init_app(app)
