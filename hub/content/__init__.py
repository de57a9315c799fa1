"""Content of every site: news, pages, legal documents, procedures, leaders' schedule,
disclosures. Its models (``models``), services (``operations``: create, save, the
workflow's steps; ``validation``, ``revisions``, ``publishing``), staff screens
(``controllers``, ``forms``, ``queries``, ``blueprint``), procedure import and
``flask content``."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The staff screens; scheduled publishing, a background job; the files content
    makes public; the categories it files items in."""
    from hub.content import merging, receivers
    from hub.content.blueprint import bp
    from hub.content.publishing import publish_due
    from hub.core.jobs import register_job
    app.register_blueprint(bp)
    register_job("publish_scheduled", publish_due)
    receivers.connect()
    merging.connect()  # a merged site's content moves to its successor
