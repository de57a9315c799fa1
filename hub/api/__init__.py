"""The open-data JSON API of every site (``/api/v1/``), described by OpenAPI.

Other packages add their paths to the OpenAPI document with
``hub.core.openapi.register_paths(paths, schemas)`` (search adds ``/api/v1/search``).
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from hub.api.blueprint import bp
    from hub.api.index import register_openapi as register_index
    from hub.api.monitoring import register_openapi as register_monitoring
    from hub.api.questions import register_openapi
    from hub.api.ratings import register_openapi as register_ratings
    from hub.extensions import csrf
    # Read-only, no cookies: nothing for a forged form to do (the tracking lookup is
    # a POST only to keep codes out of logs; it changes nothing either).
    csrf.exempt(bp)
    app.register_blueprint(bp)
    register_openapi()
    register_ratings()
    register_monitoring()
    register_index()
