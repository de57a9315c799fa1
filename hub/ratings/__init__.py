"""Visitors' ratings of the portal (003 Article 3.8.d; Decree 224/2026: users rate
their satisfaction with the information, their privacy protected).

- ``models``: the ratings (four marks 1–5, an optional comment), the page answers
  ("Was this page useful?"), the day's key and hashes of the damping;
- ``damping``: one count per client, purpose and day, forgotten the next day;
- ``operations``: the checks, storing, the staff's moderation of comments;
- ``figures``: counts, averages and distributions per site and period (reports page,
  API, the province office's console); ``chart``: the same as an SVG chart;
- ``controllers`` (public pages), ``staff`` (the comments in ``/quan-tri/danh-gia``).

Nothing about the visitor is kept: no address, no cookie, no account.
"""

from __future__ import annotations

from flask import Flask, current_app, request


def rates_this_page() -> bool:
    """Does this page carry "Was this page useful?" (a public page, not the ratings'
    own)? Read by ``base.html``."""
    from hub.cache.pages import is_public_page
    endpoint = request.endpoint or ""
    return (request.method == "GET" and not endpoint.startswith("ratings.")
            and is_public_page(current_app, endpoint))


def init_app(app: Flask) -> None:
    from hub.core.jobs import register_job
    from hub.extensions import csrf
    from hub.ratings import controllers, damping
    from hub.ratings.blueprint import bp, staff_bp
    # Cookie-free posts, guarded by the proof-of-work and the origin (see controllers).
    csrf.exempt(controllers.rate)
    csrf.exempt(controllers.useful)
    app.register_blueprint(bp)
    app.register_blueprint(staff_bp)
    app.add_template_global(rates_this_page, "rates_this_page")
    register_job("ratings.forget_past_days", damping.forget_past_days)
