"""Content of every site: news, pages, legal documents, procedures, leaders' schedule,
disclosures; their attachments and revisions."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The files content makes public; the categories it files items in."""
    from hub.content import receivers
    from hub.content.files import register_public_uses
    register_public_uses()
    receivers.connect()
