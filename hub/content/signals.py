"""Signals of content, for the capabilities above it (search)."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

items_moved = _signals.signal("items-moved", doc="""
Items moved to another site (a merged site's content to its successor), in the
transaction of the move, after its flush.

:param sender: the ``Tenant`` the items now belong to
:param items: the moved ``ContentItem`` objects (their new tenant, slug and address)
:param from_tenant: the ``Tenant`` they came from
""")
