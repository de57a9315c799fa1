"""The two reference pages the portal's speed targets are stated against, served under
the same load as the portal so that a slow moment of a shared machine can be told from a
slow portal: a bare Flask + Jinja2 page from memory (``/bare``, of the shape and size of
the portal's article page) and the same page with one SQLite primary-key select of an
article of the benchmark's database (``BENCH_DATABASE``), made two ways: with the
``sqlite3`` module on one open connection (``/select/<id>``), and through SQLAlchemy's
ORM as a Flask application reads a row (``/orm/<id>``: Flask-SQLAlchemy's session,
``session.get`` of a mapped class, the session closed after the request). On the machine
the targets were set on, such pages measured about 2,500 and 1,300 req/s (gunicorn 2
workers, wrk 32 connections); which way of selecting that was is not said.

Served by ``python -m bench.portal`` as ``bench.calibration:app``.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime

from flask import Flask, abort, render_template
from flask_sqlalchemy import SQLAlchemy
from jinja2 import DictLoader
from sqlalchemy.orm import Mapped, mapped_column

app = Flask(__name__)
_path = os.environ.get("BENCH_DATABASE")
app.config["SQLALCHEMY_DATABASE_URI"] = (f"sqlite:///file:{_path}?mode=ro&uri=true"
                                         if _path else "sqlite://")
db = SQLAlchemy(app)


class Item(db.Model):  # type: ignore[name-defined,misc]
    """The columns of the benchmark's articles the page shows."""
    __tablename__ = "content_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    summary: Mapped[str | None]
    body: Mapped[str | None]
    published_at: Mapped[datetime | None]

# The shape and size of the portal's article page (about 7 KiB): head, header, title,
# summary, body, five related links, footer; no macros, no i18n, no database.
PAGE = """<!doctype html>
<html lang="vi">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{{ title }} — {{ site }}</title>
  <link rel="stylesheet" href="/static/portal.css">
  <link rel="canonical" href="http://{{ host }}/tin-tuc/{{ slug }}">
  <meta property="og:site_name" content="{{ site }}">
  <meta property="og:type" content="article">
  <meta property="og:title" content="{{ title }}">
  <meta property="og:url" content="http://{{ host }}/tin-tuc/{{ slug }}">
  <meta property="og:description" content="{{ summary }}">
</head>
<body>
  <a class="skip-link" href="#main">Bỏ qua, đến nội dung chính</a>
  <header class="site-header">
    <div class="site-brand">
      <img class="emblem" src="/static/emblem.svg" width="56" height="56" alt="Quốc huy Việt Nam">
      <div class="site-name"><a href="/">{{ site }}</a>
        <p class="province-link"><a href="//langson.localhost/">Tỉnh Lạng Sơn</a></p></div>
    </div>
    <div class="header-tools">
      <form class="search-box" method="get" action="/tim-kiem" role="search">
        <label for="site-search" class="visually-hidden">Tìm kiếm trên trang này</label>
        <input id="site-search" type="search" name="q" maxlength="200">
        <button type="submit">Tìm kiếm</button>
      </form>
      <nav class="account" aria-label="Tài khoản"><a href="/dang-nhap">Đăng nhập</a></nav>
    </div>
  </header>
  <main id="main" tabindex="-1">
<article class="item">
  <h1>{{ title }}</h1>
  <p class="byline"><time datetime="{{ published }}">{{ published }}</time></p>
  <p class="summary">{{ summary }}</p>
  <div class="body">{{ body|safe }}</div>
  <p class="item-actions"><a href="/tin-tuc/{{ slug }}/in">In</a>
  <a href="/tin-tuc/{{ slug }}/tai-ve">Lưu trang này</a></p>
</article>
<section aria-labelledby="related">
  <h2 id="related">Tin liên quan</h2>
  <ul class="item-list">
  {% for link in related %}
  <li><a href="/tin-tuc/{{ link.slug }}">{{ link.title }}</a>
    <time class="item-date" datetime="{{ link.published }}">{{ link.published }}</time></li>
  {% endfor %}
  </ul>
</section>
  </main>
  <footer class="site-footer">
    <p class="footer-name">{{ site }}</p>
    <dl class="footer-facts">
      {% for name, value in footer %}<dt>{{ name }}</dt><dd>{{ value }}</dd>{% endfor %}
    </dl>
  </footer>
</body>
</html>"""
SENTENCE = ("Sáng nay, Ủy ban nhân dân đã đánh giá kết quả chuyển đổi số trên địa bàn với "
            "sự tham gia của đông đảo cán bộ, công chức và nhân dân. ")
MEMORY = {
    "site": "Xã Đồng Đăng", "host": "xadongdang.langson.localhost", "slug": "tin-1",
    "title": "Trạm Y tế triển khai xây dựng nông thôn mới năm 2025",
    "summary": "Ủy ban nhân dân tổng kết xây dựng nông thôn mới năm 2026",
    "published": "Thứ Hai, 23/11/2026",
    "body": "".join(f"<p>{SENTENCE * 3}</p>" for _ in range(5)),
    "related": [{"slug": f"tin-{n}", "title": "Hội đồng nhân dân tuyên truyền về cải cách "
                 f"hành chính năm {2020 + n}", "published": "Thứ Hai, 23/11/2026"}
                for n in range(5)],
    "footer": [("Cơ quan chủ quản", "Ủy ban nhân dân xã Đồng Đăng"),
               ("Người chịu trách nhiệm", "Chủ tịch Ủy ban nhân dân xã"),
               ("Địa chỉ", "Thị trấn Đồng Đăng, tỉnh Lạng Sơn"),
               ("Điện thoại", "0205 3851 234"), ("Thư điện tử", "ubnd@langson.gov.vn")],
}
app.jinja_loader = DictLoader({"page.html": PAGE})  # compiled once, then from memory

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
        "SELECT title, summary, body, published_at FROM content_item WHERE id = ?",
        (item_id,)).fetchone()
    if row is None:
        abort(404)
    return render_template("page.html", **{**MEMORY, "title": row[0],
                                           "summary": row[1] or "", "body": row[2] or "",
                                           "published": row[3]})


@app.get("/orm/<int:item_id>")
def orm(item_id: int) -> str:
    item = db.session.get(Item, item_id)
    if item is None:
        abort(404)
    return render_template("page.html", **{**MEMORY, "title": item.title,
                                           "summary": item.summary or "",
                                           "body": item.body or "",
                                           "published": item.published_at})
