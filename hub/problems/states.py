"""The labels of a report's reasons and states, and the permission of each step (rows
of ``hub.accounts.permissions.PERMISSIONS``; no role names here).

``open`` -> ``fixed`` or ``not_a_problem`` (closed with a note), or ``taken_down``
(the item was taken down through the editorial workflow's own step, 003 Article 8.2.b).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from hub.problems.models import ProblemReason, ProblemState

VIEW = "problems.view"
HANDLE = "problems.handle"

REASON_LABELS: dict[ProblemReason, object] = {
    ProblemReason.WRONG: _l("Wrong or outdated information"),
    ProblemReason.BROKEN: _l("A broken link or file"),
    ProblemReason.HARMFUL: _l("Harmful or unlawful content"),
    ProblemReason.OTHER: _l("Something else"),
}

STATE_LABELS: dict[ProblemState, object] = {
    ProblemState.OPEN: _l("Open"),
    ProblemState.FIXED: _l("Closed: corrected"),
    ProblemState.NOT_A_PROBLEM: _l("Closed: not a problem"),
    ProblemState.TAKEN_DOWN: _l("The item was taken down"),
}

# How a report may be closed with a note (taking the item down is its own step).
CLOSING_STATES = (ProblemState.FIXED, ProblemState.NOT_A_PROBLEM)
