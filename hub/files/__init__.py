"""Files of every site: uploads checked and stored once per site (``operations``), and
handed out on the site's own host while something public uses them (``controllers``)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Downloads (``/tep/...``) and the editor's upload."""
    from hub.files.blueprint import bp
    app.register_blueprint(bp)
