"""The translation workflow as data: each step, the states it leaves from, where it
goes, which side takes it (the site whose item it is, or the translation office) and
the permission it needs. No role names here: permissions live in
``hub.accounts.permissions.PERMISSIONS``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from flask_babel import lazy_gettext as _l

from hub.translation.models import TranslationState

S = TranslationState
Side = Literal["site", "office", "either"]


@dataclass(frozen=True)
class Step:
    action: str
    from_states: frozenset[TranslationState]
    to_state: TranslationState
    side: Side
    permission: str
    label: object
    needs_comment: bool = False


WORKABLE = frozenset({S.REQUESTED, S.IN_PROGRESS, S.RETURNED, S.OUTDATED})

STEPS: dict[str, Step] = {step.action: step for step in (
    Step("start", frozenset({S.REQUESTED, S.RETURNED, S.OUTDATED}), S.IN_PROGRESS,
         "office", "translation.work", _l("Start translating")),
    Step("submit", frozenset({S.IN_PROGRESS}), S.SUBMITTED, "office", "translation.work",
         _l("Submit for review")),
    Step("return", frozenset({S.SUBMITTED}), S.RETURNED, "either", "translation.review",
         _l("Return to the translator"), needs_comment=True),
    Step("approve", frozenset({S.SUBMITTED}), S.APPROVED, "either", "translation.review",
         _l("Approve and publish")),
    Step("cancel", frozenset(S) - {S.CANCELLED, S.PUBLISHED}, S.CANCELLED, "site",
         "translation.request", _l("Cancel the request"), needs_comment=True),
)}

STATE_LABELS: dict[TranslationState, object] = {
    S.REQUESTED: _l("Requested"),
    S.IN_PROGRESS: _l("Being translated"),
    S.SUBMITTED: _l("Waiting for review"),
    S.RETURNED: _l("Returned to the translator"),
    S.APPROVED: _l("Approved, waiting for the original to be published"),
    S.PUBLISHED: _l("Published"),
    S.OUTDATED: _l("Outdated: the original changed"),
    S.CANCELLED: _l("Cancelled"),
}

# Steps taken by the system rather than by a person, as they are named in the history.
SYSTEM_ACTIONS: dict[str, object] = {
    "request": _l("Requested"),
    "publish": _l("Published"),
    "source_changed": _l("The original changed"),
    "save": _l("Draft saved"),
    "import": _l("Translation file imported"),
    "publish_refused": _l("Not published: the site took the translation down"),
}
