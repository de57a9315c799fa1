"""How values are stored (``stored_enum``), the connection settings of the embedded
database (SQLite), and which errors mean the database cannot serve now
(``is_database_outage``: ``hub.core.errors`` answers them 503).

SQLite keeps a small page cache per connection by default (2 MB); with 100,000 items
the public pages then read the file again and again. A larger cache and memory-mapped
reads keep hot pages in memory; ``busy_timeout`` lets several gunicorn workers write
without "database is locked" errors.

The journal is a write-ahead log (WAL): page reads and the one writer no longer block
each other, and a commit appends to the log instead of rewriting pages (the default
``synchronous = FULL`` still syncs every commit to disk: nothing acknowledged is
lost). Python's ``sqlite3`` begins a transaction at the first write, so a request
holds the write lock from its first INSERT or UPDATE to its commit, and the services
that write in a hurry (a citizen's question) do their checks before their first write.
It also means a SAVEPOINT opened before any write would be the transaction itself (its
release would commit): the hub uses none — a single statement with ON CONFLICT is the
way to "insert unless it is there" (``hub.intake.proof.spend``), made with
``conflict_insert``.
"""

from __future__ import annotations

import enum
import sqlite3
from typing import Any

from flask import Flask
from sqlalchemy import Enum, event
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from hub.extensions import db


def init_app(app: Flask) -> None:
    """Tune every SQLite connection (registered once per process: engine events are
    global to the Engine class)."""
    if not event.contains(Engine, "connect", _tune_sqlite):
        event.listen(Engine, "connect", _tune_sqlite)


def _tune_sqlite(dbapi_connection: Any, connection_record: Any) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode = WAL")         # readers and a writer at once
    cursor.execute("PRAGMA cache_size = -65536")      # 64 MiB per connection
    cursor.execute("PRAGMA mmap_size = 268435456")    # 256 MiB memory-mapped reads
    cursor.execute("PRAGMA busy_timeout = 5000")      # wait for another worker's write
    cursor.close()


def is_database_outage(exc: BaseException | None) -> bool:
    """Whether ``exc`` says the database cannot serve now, rather than that a statement
    of ours is wrong: the DB-API's OperationalError and InterfaceError (refused, cut,
    shut down, locked), a connection SQLAlchemy invalidated, a pool with no connection
    to give."""
    if isinstance(exc, PoolTimeout):
        return True
    return isinstance(exc, DBAPIError) and (
        exc.connection_invalidated or isinstance(exc, (OperationalError, InterfaceError)))


def stored_enum(cls: type[enum.Enum], length: int = 24) -> Enum:
    """An enum stored as its values, in a VARCHAR with a named CHECK."""
    return Enum(cls, name=cls.__name__.lower(), native_enum=False, create_constraint=True,
                values_callable=lambda members: [m.value for m in members], length=length)


# Above this many sites, a grouped query reads the period's rows of every site and the
# caller keeps those asked for: an IN list of hundreds of ids steers the planner to the
# site index (every item a site ever published) instead of the period's.
MANY_SITES = 100


def of_sites(column: Any, ids: list[int]) -> Any:
    """``column IN ids`` for a few sites; no condition for many (see ``MANY_SITES``)."""
    from sqlalchemy import true
    return column.in_(ids) if len(ids) <= MANY_SITES else true()


def conflict_insert(table: Any) -> Any:
    """An INSERT into ``table`` in the dialect of the session's database (PostgreSQL or
    SQLite), whose ``on_conflict_do_nothing`` / ``on_conflict_do_update`` make "insert
    unless it is there" one statement."""
    dialect = db.session.get_bind().dialect.name
    return (postgresql_insert if dialect == "postgresql" else sqlite_insert)(table)
