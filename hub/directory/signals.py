"""Signals of the directory, for the capabilities that build on its categories."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

category_in_use = _signals.signal("directory.category-in-use", doc="""
Asked before a category is deleted. sender: the ``Category``. A receiver that knows of
something depending on it (items filed in it, approvers limited to it) returns the
reason to refuse, already translated; otherwise None.
""")
