"""The staff area of every site (/quan-tri/): the dashboard, the content screens (lists,
create and edit forms with the rich-text editor, an item's page with its workflow
steps, revisions and files) and the bulk import of administrative procedures.

The rules live in ``hub.workflow`` and ``hub.deadlines``; this package only shows them
and calls them, on the site's own host and inside its tenant scope.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The staff area's screens."""
    from hub.admin.blueprint import bp
    app.register_blueprint(bp)
