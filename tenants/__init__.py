"""Tenants: sites, their hosts, and the isolation between them."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Isolation on every session of the app, and the host of every request resolved
    first (the ``site`` stage of ``hub.core.lifecycle``)."""
    from hub.extensions import db
    from tenants import isolation, proofs, resolution

    # What opens rows on PostgreSQL (``tenants.proofs``); the database gets it from
    # ``flask db upgrade``.
    app.extensions["portal_database_key"] = proofs.database_key(app.config["SECRET_KEY"])

    with app.app_context():
        # Re-applies the PostgreSQL tenant setting to an open session only: a request
        # that has not touched the database yet gets no session made for it here.
        isolation.install(db.session.session_factory.class_,
                          lambda: db.session() if db.session.registry.has() else None)
    resolution.init_app(app)
