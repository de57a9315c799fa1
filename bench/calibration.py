"""The two reference pages the portal's speed targets are stated against, served under
the same load as the portal so that a slow moment of a shared machine can be told from a
slow portal: a bare Flask + Jinja2 page from memory (``/bare``) and the same page with one
SQLite primary-key select (``/select/<id>``, an article of the benchmark's database,
``BENCH_DATABASE``). On the machine the targets were set on they measure about 2,500 and
1,300 req/s (gunicorn 2 workers, wrk 32 connections).

Served by ``python -m bench.portal`` as ``bench.calibration:app``.
"""

from __future__ import annotations

import os
import sqlite3

from flask import Flask, abort, render_template
from jinja2 import DictLoader

app = Flask(__name__)

PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><header><a href="/">{{ site }}</a></header>
<main><article><h1>{{ title }}</h1><p class="meta">{{ published }}</p>
<p>{{ summary }}</p></article></main>
<footer>{{ site }}</footer></body></html>"""
app.jinja_loader = DictLoader({"page.html": PAGE})  # compiled once, then from memory

MEMORY = {"title": "Tiêu đề bài viết", "site": "Cổng thông tin điện tử tỉnh",
          "published": "Thứ Hai, 23/11/2026", "summary": "Tóm tắt bài viết. " * 20}

_connection: sqlite3.Connection | None = None


def _database() -> sqlite3.Connection:
    """One read-only connection per worker process, opened on its first request."""
    global _connection
    if _connection is None:
        path = os.environ["BENCH_DATABASE"]
        _connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    return _connection


@app.get("/")
@app.get("/bare")
def bare() -> str:
    return render_template("page.html", **MEMORY)


@app.get("/select/<int:item_id>")
def select(item_id: int) -> str:
    row = _database().execute(
        "SELECT title, summary, published_at FROM content_item WHERE id = ?",
        (item_id,)).fetchone()
    if row is None:
        abort(404)
    return render_template("page.html", title=row[0], summary=row[1] or "",
                                  published=row[2], site=MEMORY["site"])
