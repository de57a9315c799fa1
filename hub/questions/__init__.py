"""Citizens' questions and petitions (Hỏi – Đáp) and the law's service levels.

003 Articles 3.8.a and 9.6, 000 Article 6.5, 002 Article 14: every site receives
questions 24/7, classifies them, forwards them to the competent unit, answers within
5, 10 or at most 15 working days (or sends a progress notice), tells the citizen at once
when a question is out of scope, and publishes answers of general interest.

- ``models``: the question (one row per site handling it), its steps;
- ``states``: the steps as data, with their permissions and labels;
- ``deadlines``: the clock (08:00 of the day received, working days);
- ``operations``: every step as a service; ``notify``: the mails;
- ``figures``: the figures per site and period; ``jobs``: reminders and retention;
- ``controllers`` (public pages), ``staff`` (the queue in ``/quan-tri/hoi-dap``), ``api``.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from hub.core.jobs import register_job
    from hub.public.home import add_home_section
    from hub.questions import controllers, jobs, receivers
    from hub.questions.blueprint import bp, staff_bp
    receivers.connect()
    add_home_section("questions", controllers.home_section)
    app.register_blueprint(bp)
    app.register_blueprint(staff_bp)
    register_job("questions.reminders", jobs.send_reminders)
    register_job("questions.retention", jobs.erase_expired)
