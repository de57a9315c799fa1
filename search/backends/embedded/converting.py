"""Analysing many documents at once — a rebuild, ``flask search reindex`` — on every
core: the Python analysis of each document's text (``schema.fields_of``) is most of
the cost of indexing it, and one process does it on one core while tantivy's own
threads wait. Worker processes analyse chunks of documents, in order, a few chunks
ahead of the writer; a rebuild of a few documents (tests, a new province) stays in
the process, where starting workers would cost more than it saves.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain, islice

from search.backends.embedded.schema import Fields, fields_of
from search.types import SearchDocument

PARALLEL_FROM = 2_000  # documents: fewer are analysed in the process
CHUNK = 256            # documents a worker analyses per task


def _chunks(documents: Iterator[SearchDocument]) -> Iterator[list[SearchDocument]]:
    while chunk := list(islice(documents, CHUNK)):
        yield chunk


def _fields_of_all(chunk: list[SearchDocument]) -> list[Fields]:
    return [fields_of(doc) for doc in chunk]


def converted(documents: Iterable[SearchDocument], workers: int | None = None
              ) -> Iterator[Fields]:
    """The fields of each of ``documents``, in their order."""
    documents = iter(documents)
    first = list(islice(documents, PARALLEL_FROM))
    workers = workers or os.cpu_count() or 1
    if len(first) < PARALLEL_FROM or workers < 2:
        yield from map(fields_of, chain(first, documents))
        return
    # Fresh interpreters: never a copy of this process's threads (the search pool's,
    # tantivy's writer's) or of its database connections.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        pending: deque[Future[list[Fields]]] = deque()
        for chunk in _chunks(chain(first, documents)):
            pending.append(pool.submit(_fields_of_all, chunk))
            if len(pending) >= 2 * workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
