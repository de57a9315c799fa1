"""A site's structure and directory, kept by its staff at /quan-tri/: the category tree
(chuyên mục), the menus (main, footer, links) and the people/contacts directory
(Article 5.1.e: name, title, unit, phone, fax, email; leaders' biographies and duties).

Its models (``models``), screens
(``blueprint``, ``controllers``, ``forms``, templates under ``templates/directory/``) and
the services that change them (``operations``).
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The directory's staff screens, and the files it makes public."""
    from hub.directory.blueprint import bp
    from hub.directory.operations import register_public_uses
    app.register_blueprint(bp)
    register_public_uses()
