"""Reports of wrong or harmful content on a published page (003 Article 8.2,
000 Article 5.2): anyone may tell a site that a page is wrong, has a broken link or
file, or is harmful; the site's approvers close the report with a note or take the item
down at once through the editorial workflow's own step.

- ``models``: the report (one site's, never public); ``states``: labels, permissions;
- ``operations``: receive, close, take down, erase; ``notify``: the reporter's mail;
- ``figures``: open / closed / taken down per site and period; ``jobs``: retention;
- ``controllers`` (the form below every item's page), ``staff`` (``/quan-tri/bao-loi``).
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from hub.core.jobs import register_job
    from hub.problems import jobs, queries
    from hub.problems.blueprint import bp, staff_bp
    from hub.problems.controllers import report_path
    app.register_blueprint(bp)
    app.register_blueprint(staff_bp)
    register_job("problems.retention", jobs.erase_expired)
    # The link below every item's page: plain markup, the same for every visitor.
    app.add_template_global(report_path, "problem_report_path")
    app.add_template_global(queries.open_count, "open_problem_reports")
