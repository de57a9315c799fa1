"""The two cache tiers of public pages, on one generation per site: rendered pages
(``pages``, in memory or Redis, ``store``) and the per-site memo of what every page
repeats (``memo``); a commit that changes a site's rows bumps its generation
(``invalidation``)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from hub.cache import pages
    pages.init_app(app)
