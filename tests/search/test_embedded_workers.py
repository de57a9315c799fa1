"""The embedded backend's second thread: it counts facets while the hits are ranked, and
on a large index ranks half of the items of a query that is not narrowed by a filter.
The halves give exactly the whole's results; a gunicorn worker forked from a process
that already searched still gets its answers (a thread pool copied by a fork has no
threads, so the backend makes its own in each process)."""

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


@pytest.mark.parametrize("text", ["đất", "dat dai", "hội nghị", '"kinh tế cửa khẩu"',
                                  "40/2024/QĐ-UBND", "xã"])
def test_two_halves_rank_exactly_as_the_whole(corpus: Corpus, text: str,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    if corpus.backend.name != "embedded":
        pytest.skip("the halves are the embedded backend's")
    from search.backends.embedded import backend as embedded

    def answers() -> list[tuple[int, list[int], list[float]]]:
        out = []
        for page in (1, 2, 3):
            found = corpus.backend.search(SearchQuery(text=text, per_page=2, page=page))
            out.append((found.total, [hit.item_id for hit in found.hits],
                        [round(hit.score, 5) for hit in found.hits]))
        return out

    whole = answers()
    monkeypatch.setattr(embedded, "SPLIT_MIN_DOCS", 1)  # every index is "large"
    corpus.backend._split = None
    halves = answers()
    assert corpus.backend._split is not None  # the halves were used
    assert halves == whole
    assert whole[0][0] > 0
