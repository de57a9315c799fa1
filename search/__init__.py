"""Shared search across every site: the outbox that keeps the index true (written by
receivers of the workflow's signals), the backends and the search controllers."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The search page and API, the workflow's signals, the indexer job and its
    after-commit drain, the job reading attached files' text, the CLI, what operators
    watch (readiness, outbox depth)."""
    from search import file_text, indexer, receivers, watch
    from search.apidoc import register_openapi
    from search.blueprint import bp
    from search.cli import search_cli

    app.register_blueprint(bp)
    receivers.connect()
    indexer.init_app(app)
    file_text.init_app(app)
    watch.init_app(app)
    register_openapi()
    app.cli.add_command(search_cli)
