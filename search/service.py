"""Which search backend this app uses, built once per app from its configuration.

``PORTAL_SEARCH_BACKEND`` chooses: ``embedded`` (tantivy on local disk under
``PORTAL_SEARCH_INDEX_DIR``, the default) or ``elasticsearch`` (``PORTAL_ELASTICSEARCH_URL``;
the client library is imported only then, so the embedded mode needs nothing else).
"""

from __future__ import annotations

import tempfile

from flask import Flask, current_app

from config import INSTANCE_DIR
from search.backends.base import SearchBackend, SearchUnavailable

DEFAULT_INDEX_DIR = str(INSTANCE_DIR / "search-index")
_KEY = "portal_search_backend"


def make_backend(app: Flask) -> SearchBackend:
    kind = (app.config.get("SEARCH_BACKEND") or "embedded").lower()
    if kind == "elasticsearch":
        url = app.config.get("ELASTICSEARCH_URL")
        if not url:
            raise SearchUnavailable("PORTAL_ELASTICSEARCH_URL is not set")
        from search.backends.elasticsearch import ElasticsearchBackend
        return ElasticsearchBackend(url, alias=app.config.get("ELASTICSEARCH_INDEX")
                                    or "portal-items")
    if kind != "embedded":
        raise ValueError(f"unknown PORTAL_SEARCH_BACKEND {kind!r}")
    from search.backends.embedded import EmbeddedBackend
    directory = app.config.get("SEARCH_INDEX_DIR") or DEFAULT_INDEX_DIR
    if app.testing and directory == DEFAULT_INDEX_DIR:
        # Tests never share (or dirty) the development index: one per test app.
        directory = tempfile.mkdtemp(prefix="portal-search-")
        app.config["SEARCH_INDEX_DIR"] = directory
    return EmbeddedBackend(directory)


def get_backend(app: Flask | None = None) -> SearchBackend:
    """The backend of ``app`` (the current app by default), built on first use."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    backend = app.extensions.get(_KEY)
    if backend is None:
        backend = make_backend(app)
        app.extensions[_KEY] = backend
    return backend


def set_backend(app: Flask, backend: SearchBackend | None) -> None:
    """Replace the backend of ``app`` (tests: a failing one, the ES one)."""
    if backend is None:
        app.extensions.pop(_KEY, None)
    else:
        app.extensions[_KEY] = backend
