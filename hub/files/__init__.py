"""Files of every site: uploads checked and stored once per site (``operations``) in the
configured store (``storage``: a folder or an S3 bucket), and handed out on the site's
own host while something public uses them (``controllers``)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Downloads (``/tep/...``), the editor's upload, and the store: built now, so a
    setting that cannot work stops the app at start, and checked by ``/healthz/ready``;
    the files no row names swept now and then (``sweep``)."""
    from hub.core.health import register_check
    from hub.core.jobs import register_job
    from hub.files.blueprint import bp
    from hub.files.storage import check_storage, get_storage
    from hub.files.sweep import scheduled_sweep
    app.register_blueprint(bp)
    get_storage(app)
    register_check(app, "uploads", check_storage)
    register_job("files.sweep", scheduled_sweep)
