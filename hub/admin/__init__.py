"""The staff area's front page (/quan-tri/): what waits for this user on this site —
content to approve, deadlines, translations. Each capability keeps its own screens
(content's in ``hub.content.controllers``, the directory's, the reports', translation's).
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The dashboard."""
    from hub.admin.blueprint import bp
    app.register_blueprint(bp)
