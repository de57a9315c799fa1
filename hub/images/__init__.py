"""Photographs of every site: an uploaded image checked with Pillow (no broken file, no
decompression bomb), its size and focal point, and its renditions — a fixed set of
widths and crops in WebP and the original's format, made once, stripped of metadata,
kept in the site's store (``operations``), served on the site's host (``controllers``)
and printed by ``picture`` (``markup``), a template global."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The rendition route, the upload check and the renditions made with each upload,
    the sweep told which files renditions use, the template helpers."""
    from hub.files.operations import handle_images
    from hub.files.sweep import keep_files_of
    from hub.images import markup, operations
    from hub.images.blueprint import bp
    from hub.images.models import ImageRendition
    app.register_blueprint(bp)
    handle_images(inspect=operations.inspect_upload, stored=operations.make_standard,
                  shown=operations.shown_in_text, marker=operations.text_marker)
    keep_files_of(ImageRendition)
    app.add_template_global(markup.picture, "picture")
    app.add_template_global(operations.sources, "image_sources")
    app.add_template_global(operations.formats, "image_formats")
