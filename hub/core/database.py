"""How values are stored (``stored_enum``), and the connection settings of the embedded
database (SQLite).

SQLite keeps a small page cache per connection by default (2 MB); with 100,000 items
the public pages then read the file again and again. A larger cache and memory-mapped
reads keep hot pages in memory; ``busy_timeout`` lets several gunicorn workers write
without "database is locked" errors.

Transactions are SQLAlchemy's, not the driver's. Python's ``sqlite3`` opens a
transaction only before a write, so reads ran outside any transaction and a SAVEPOINT
opened with no transaction was itself the transaction: its RELEASE committed at once,
whatever the request did next. The driver's own handling is turned off
(``isolation_level = None``) and every transaction begins with an explicit BEGIN
(SQLAlchemy's recipe for pysqlite), so a savepoint is a savepoint and a request's work
commits or rolls back whole.

The journal is a write-ahead log (WAL): readers and the one writer no longer block
each other, and a commit appends to the log instead of rewriting pages (the default
``synchronous = FULL`` still syncs every commit to disk: nothing acknowledged is
lost). A transaction that will write begins IMMEDIATE — it takes the write lock first,
waiting its turn under ``busy_timeout`` — because in WAL a transaction that read first
and writes later fails at once if another process wrote in between. That is every
request that is not GET, HEAD or OPTIONS, and everything outside a request (jobs, the
CLI); a page read begins DEFERRED and never waits for a writer.
"""

from __future__ import annotations

import enum
import sqlite3
from typing import Any

from flask import Flask, has_request_context, request
from sqlalchemy import Enum, event
from sqlalchemy.engine import Connection, Engine

READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def init_app(app: Flask) -> None:
    """Tune every SQLite connection (registered once per process: engine events are
    global to the Engine class)."""
    if not event.contains(Engine, "connect", _tune_sqlite):
        event.listen(Engine, "connect", _tune_sqlite)
    if not event.contains(Engine, "begin", _begin_sqlite):
        event.listen(Engine, "begin", _begin_sqlite)


def _tune_sqlite(dbapi_connection: Any, connection_record: Any) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    dbapi_connection.isolation_level = None            # SQLAlchemy says BEGIN (below)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode = WAL")         # readers and a writer at once
    cursor.execute("PRAGMA cache_size = -65536")      # 64 MiB per connection
    cursor.execute("PRAGMA mmap_size = 268435456")    # 256 MiB memory-mapped reads
    cursor.execute("PRAGMA busy_timeout = 5000")      # wait for another worker's write
    cursor.close()


def _begin_sqlite(connection: Connection) -> None:
    if connection.dialect.name != "sqlite":
        return
    reading = has_request_context() and request.method in READING_METHODS
    connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")


def stored_enum(cls: type[enum.Enum], length: int = 24) -> Enum:
    """An enum stored as its values, in a VARCHAR with a named CHECK."""
    return Enum(cls, name=cls.__name__.lower(), native_enum=False, create_constraint=True,
                values_callable=lambda members: [m.value for m in members], length=length)
