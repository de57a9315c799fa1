"""The embedded backend counts facets on a second thread while it ranks the hits; a
gunicorn worker forked from a process that already searched still gets them (a thread
pool copied by a fork has no threads, so the backend makes its own in each process)."""

from __future__ import annotations

import multiprocessing

import pytest

from search.types import SearchQuery
from tests.search.conftest import Corpus


def test_facets_in_a_worker_forked_after_a_search(corpus: Corpus) -> None:
    if corpus.backend.name != "embedded":
        pytest.skip("the facet thread is the embedded backend's")
    query = SearchQuery(text="đất", want_facets=True, per_page=50)
    here = corpus.backend.search(query)  # this process's pool now has its thread
    assert dict(here.facets["type"])["procedure"] == 1
    context = multiprocessing.get_context("fork")
    answers = context.Queue()

    def in_the_worker() -> None:
        found = corpus.backend.search(query)
        answers.put((found.total, found.facets, [hit.item_id for hit in found.hits]))

    worker = context.Process(target=in_the_worker)
    worker.start()
    try:
        total, facets, ids = answers.get(timeout=60)
    finally:
        worker.join(timeout=10)
        if worker.is_alive():
            worker.kill()
    assert (total, facets, ids) == (here.total, here.facets,
                                    [hit.item_id for hit in here.hits])
