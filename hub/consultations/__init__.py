"""Public consultation on drafts (góp ý dự thảo; 003 Articles 3.8.c, 5.1.m).

The draft itself is a content type (``hub.content.models.Consultation``); this room
holds what citizens and the agency add to it:

- ``models``: the comments (moderated before publication, the email never public) and
  the outcome; ``labels``: their names;
- ``operations``: receiving, moderating, responding, publishing the outcome;
- ``queries``: what the public may read (the draft's page, ``hub.public.consultations``);
- ``exports``: the outcome as Word and CSV; ``notify``: the mails;
- ``figures``: the figures per site and period; ``jobs``: the reminders;
- ``controllers`` (the comment form), ``staff`` (``/quan-tri/du-thao``).
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from hub.consultations import jobs, receivers
    from hub.consultations.blueprint import bp, staff_bp
    from hub.core.jobs import register_job
    app.register_blueprint(bp)
    app.register_blueprint(staff_bp)
    receivers.connect()
    register_job("consultations.reminders", jobs.send_reminders)
