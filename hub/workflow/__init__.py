"""The editorial workflow, whatever the content: its states and the steps between them
(``states.TRANSITIONS``), who may take them (``access``), what it refuses (``errors``),
the signals it sends (``signals``) and the categories an approver is limited to
(``models``). Content's services (``hub.content.operations``) take the steps.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Keep the categories approvers are limited to (a category in use is not deleted)."""
    from hub.workflow import receivers
    receivers.connect()
