"""The embedded index on disk: opened with its schema (an index of another schema is
``OutdatedIndex``: it must be rebuilt), written by one process at a time, read by every
worker.

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


class OutdatedIndex(SearchUnavailable):
    """The index on disk has another schema: it must be rebuilt."""


class IndexStore:
    """The index folder of one backend: its tantivy index, its writer lock, and the
    version (``meta.json``'s time) its searchers last loaded."""

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)
        self._lock = threading.Lock()
        self._index: tantivy.Index | None = None
        self.seen_version: float | None = None

    @property
    def _meta(self) -> Path:
        return self.directory / "meta.json"

    def open(self) -> tantivy.Index:
        if self._index is None:
            with self._lock:
                if self._index is None:
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
                        raise SearchUnavailable(str(exc)) from exc
                    except OSError as exc:
                        raise SearchUnavailable(str(exc)) from exc
        return self._index

    def discard_outdated(self) -> None:
        """Remove an index of another schema (``rebuild`` only: nothing can read it)."""
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
        """The index writer, held under the file lock for one batch."""
        index = self.open()
        lock_path = self.directory / ".writer.lock"
        with open(lock_path, "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX)
                try:
                    writer = index.writer(HEAP_BYTES, 1)
                except ValueError as exc:
                    raise SearchUnavailable(str(exc)) from exc
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
