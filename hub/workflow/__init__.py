"""The editorial workflow: creating and saving items (with revisions and optimistic
locking), the steps from draft to published and back (``states.TRANSITIONS``), who may
take them, and scheduled publishing (a job of ``hub.core.jobs``).

Views call ``hub.workflow.operations``; the rules live there and in ``states.py`` and
``validation.py``.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Publish scheduled items on every pass of the background jobs; keep the categories
    approvers are limited to."""
    from hub.core.jobs import register_job
    from hub.workflow import receivers
    from hub.workflow.scheduling import publish_due
    register_job("publish_scheduled", publish_due)
    receivers.connect()
