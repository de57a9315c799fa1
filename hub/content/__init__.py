"""Content of every site: news, pages, legal documents, procedures, leaders' schedule,
disclosures; categories, menus, people; attachments and revisions."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Attachments' downloads (``/tep/...``)."""
    from hub.content.blueprint import bp
    app.register_blueprint(bp)
