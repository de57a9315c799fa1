"""Content of every site: news, pages, legal documents, procedures, leaders' schedule,
disclosures; their attachments and revisions."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Scheduled publishing, a background job; the files content makes public; the
    categories it files items in."""
    from hub.content import receivers
    from hub.content.files import register_public_uses
    from hub.content.publishing import publish_due
    from hub.core.jobs import register_job
    register_job("publish_scheduled", publish_due)
    register_public_uses()
    receivers.connect()
