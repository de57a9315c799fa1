"""Signals of the editorial workflow, for the parts that react to content changes
(the public site's page cache, notifications, translation staleness, the search outbox).

Receivers run inside the request's transaction, before the commit: they may add rows
to the session but must not commit, and should stay quick.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

item_saved = _signals.signal("workflow.item-saved", doc="""
Sent when an item was created or saved (a new revision).
sender: the ``ContentItem``; arguments: ``by`` (the user), ``revision`` (the new
``Revision``), ``created`` (True on creation).
""")

item_transitioned = _signals.signal("workflow.item-transitioned", doc="""
Sent after a workflow step. sender: the ``ContentItem``; arguments: ``event`` (the
``WorkflowEvent``), ``by`` (the user, None for the scheduler), ``from_status`` and
``to_status`` (``ContentStatus``).
""")
