"""The open-data JSON API of every site (``/api/v1/``), described by OpenAPI.

Other packages add their paths to the OpenAPI document with
``hub.core.openapi.register_paths(paths, schemas)`` (search adds ``/api/v1/search``).
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from hub.api.blueprint import bp
    from hub.extensions import csrf
    csrf.exempt(bp)  # read-only, no cookies: nothing for a forged form to do
    app.register_blueprint(bp)
