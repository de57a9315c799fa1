"""Signals of the sites' life, for the capabilities above ``hub.sites``."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

tenant_merged = _signals.signal("tenant-merged", doc="""
A site was merged into another, in the same transaction (before the commit).

:param sender: the merged ``Tenant``
:param into: the ``Tenant`` that takes it over (its final successor)

Receivers move or re-address what the merged site owned (its content, so that every
old address leads to the item where it lives now); they only flush.
""")

merge_contents = _signals.signal("merge-contents", doc="""
The merge preview asks what would move if ``sender`` were merged.

:param sender: the ``Tenant`` to be merged
:param into: the ``Tenant`` that would take it over

Each receiver returns a list of ``(label, count)`` pairs (e.g. ``("Articles", 12)``).
""")
