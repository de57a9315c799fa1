"""The editorial workflow: creating and saving items (with revisions and optimistic
locking), the steps from draft to published and back (``states.TRANSITIONS``), who may
take them, scheduled publishing and the ``flask worker`` that runs it.

Views call ``hub.workflow.operations``; the rules live there and in ``states.py`` and
``validation.py``.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Run the background jobs in-process (embedded mode) unless told otherwise."""
    from hub.workflow.jobs import init_inprocess_jobs
    init_inprocess_jobs(app)
