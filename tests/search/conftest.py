"""Fixtures of the search tests: the backend under test (embedded always,
Elasticsearch when ``PORTAL_ELASTICSEARCH_URL`` points at a live cluster) and a
published corpus drained into it through the real outbox."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass

import pytest
from flask import Flask

from hub.extensions import db
from search import indexer
from search.backends.base import SearchBackend
from search.service import set_backend
from tenants.models import Tenant
from tests.search.corpus import build_corpus, make_sites

ES_URL = os.environ.get("PORTAL_ELASTICSEARCH_URL")


@pytest.fixture(params=["embedded", "elasticsearch"])
def search_backend(request: pytest.FixtureRequest, app: Flask, tmp_path) -> SearchBackend:  # type: ignore[no-untyped-def]
    if request.param == "elasticsearch":
        if not ES_URL:
            pytest.skip("Elasticsearch backend: PORTAL_ELASTICSEARCH_URL is not set "
                        "(no live cluster on this machine)")
        from search.backends.elasticsearch import ElasticsearchBackend
        backend: SearchBackend = ElasticsearchBackend(
            ES_URL, alias=f"portal-test-{uuid.uuid4().hex[:8]}")
        app.config.update(SEARCH_BACKEND="elasticsearch", ELASTICSEARCH_URL=ES_URL)
    else:
        from search.backends.embedded import EmbeddedBackend
        app.config["SEARCH_INDEX_DIR"] = str(tmp_path / "search-index")
        backend = EmbeddedBackend(tmp_path / "search-index")
    set_backend(app, backend)
    yield backend
    backend.close()
    set_backend(app, None)


@dataclass
class Corpus:
    sites: dict[str, Tenant]
    ids: dict[str, int]
    backend: SearchBackend

    def title_of(self, item_id: int) -> str:
        return next(t for t, i in self.ids.items() if i == item_id)


def drain_all(app: Flask, backend: SearchBackend) -> int:
    with app.app_context():
        done = indexer.drain(backend)
        db.session.remove()
    backend.refresh()
    return done


@pytest.fixture
def corpus(app: Flask, province: Tenant, search_backend: SearchBackend) -> Corpus:
    sites = make_sites(app, province)
    ids = build_corpus(app, sites)
    drain_all(app, search_backend)
    return Corpus(sites=sites, ids=ids, backend=search_backend)
