"""The embedded index on disk: opened with its schema (an index of another schema is
``OutdatedIndex``: it must be rebuilt), written by one process at a time, read by every
worker.

Whatever tantivy says of a folder it cannot use — gone, unreadable, corrupt (its
``ValueError`` and ``OSError``, and the Rust panic some corrupt segments cause, a
``BaseException``) — is ``SearchUnavailable`` (``failures``): the page says search is
unavailable, the indexer keeps its outbox rows for later. The store then forgets the
index and opens it again on the next use, so it serves once the folder is back. A
folder this process has used that disappears is not silently replaced by an empty
index: that would lose every item indexed before; ``flask search reindex`` rebuilds it
(``discard``).

One process at a time writes: the writer is opened under an ``fcntl`` lock on
``<index>/.writer.lock`` (tantivy also refuses a second writer), and only for the
length of a batch. Searchers reload before each search when the index changed, so every
gunicorn worker sees the drain's commits.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import tantivy

from search.backends.base import SearchUnavailable
from search.backends.embedded.schema import SCHEMA_VERSION, build_schema

HEAP_BYTES = 64_000_000


class UnreadableIndex(SearchUnavailable):
    """The index on disk cannot be opened (gone, corrupt): it must be rebuilt, or the
    folder restored."""


class OutdatedIndex(UnreadableIndex):
    """The index on disk has another schema: it must be rebuilt."""


def is_engine_failure(exc: BaseException) -> bool:
    """What tantivy raises on a folder it cannot use: ``ValueError`` (corrupt, locks
    gone), ``OSError`` (files gone), pyo3's ``PanicException`` (a Rust panic on some
    corrupt segments; a ``BaseException``)."""
    return isinstance(exc, (ValueError, OSError)) or type(exc).__name__ == "PanicException"


class IndexStore:
    """The index folder of one backend: its tantivy index, its writer lock, and the
    version (``meta.json``'s time) its searchers last loaded."""

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)
        self._lock = threading.Lock()
        self._index: tantivy.Index | None = None
        self._opened = False  # this process has used an index in this folder
        self.seen_version: float | None = None

    @property
    def _meta(self) -> Path:
        return self.directory / "meta.json"

    def open(self) -> tantivy.Index:
        if self._index is None:
            with self._lock:
                if self._index is None:
                    if self._opened and not self._meta.exists():
                        raise UnreadableIndex(
                            f"the search index in {self.directory} has gone: restore the "
                            "folder or run `flask search reindex`")
                    try:
                        self.directory.mkdir(parents=True, exist_ok=True)
                        self._index = tantivy.Index(build_schema(), path=str(self.directory),
                                                    reuse=True)
                    except ValueError as exc:
                        if "schema does not match" in str(exc):
                            raise OutdatedIndex(
                                f"the search index in {self.directory} was built by another "
                                f"version of the portal (schema {SCHEMA_VERSION} expected): "
                                "run `flask search reindex`") from exc
                        raise UnreadableIndex(str(exc)) from exc
                    except OSError as exc:
                        raise UnreadableIndex(str(exc)) from exc
                    self._opened = True
        return self._index

    @contextlib.contextmanager
    def failures(self) -> Iterator[None]:
        """Turn the engine's failures into ``SearchUnavailable``, and forget the index
        so that the next use opens the folder again."""
        try:
            yield
        except SearchUnavailable:
            self.forget()
            raise
        except BaseException as exc:
            if not is_engine_failure(exc):
                raise
            self.forget()
            raise SearchUnavailable(f"{type(exc).__name__}: {exc}") from exc

    def forget(self) -> None:
        with self._lock:
            self._index = None
            self.seen_version = None

    def discard(self) -> None:
        """Remove an index nothing can read (another schema, corrupt, half gone), to
        build a new one in its place (``rebuild`` only)."""
        self.forget()
        self._opened = False
        self.directory.mkdir(parents=True, exist_ok=True)
        with open(self.directory / ".writer.lock", "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                for entry in self.directory.iterdir():
                    if entry.name == ".writer.lock":
                        continue
                    if entry.is_dir():
                        shutil.rmtree(entry)
                    else:
                        entry.unlink()
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def searcher(self) -> tantivy.Searcher:
        index = self.open()
        try:
            version = self._meta.stat().st_mtime
        except OSError:
            version = None
        if version != self.seen_version:
            index.reload()  # another process (the drainer) committed since
            self.seen_version = version
        return index.searcher()

    @contextlib.contextmanager
    def writer(self) -> Iterator[Any]:
        """The index writer, held under the file lock for one batch. An index that
        cannot be written raises ``UnreadableIndex`` before the batch starts."""
        index = self.open()
        lock_path = self.directory / ".writer.lock"
        try:
            handle = open(lock_path, "a+")  # noqa: SIM115 - closed below
        except OSError as exc:
            self.forget()
            raise UnreadableIndex(str(exc)) from exc
        with handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX)
                try:
                    writer = index.writer(HEAP_BYTES, 1)
                except ValueError as exc:
                    self.forget()
                    raise UnreadableIndex(str(exc)) from exc
                try:
                    yield writer
                    writer.commit()
                except BaseException:
                    writer.rollback()
                    raise
                finally:
                    writer.wait_merging_threads()
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
        index.reload()

    def refresh(self) -> None:
        """Load what was committed, now."""
        self.seen_version = None
        self.open().reload()
