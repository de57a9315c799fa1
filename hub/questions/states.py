"""The question workflow as data: each step, the states it leaves from, where it goes,
and the permission it needs; with the labels staff and citizens read.

Permissions live in ``hub.accounts.permissions.PERMISSIONS``: ``questions.answer``
(classify, forward, draft, progress notice, refuse) and ``questions.approve`` (send
the answer as the head of the unit, publish, close).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from hub.questions.models import AnswerLevel, Channel, QuestionKind, QuestionState

S = QuestionState


@dataclass(frozen=True)
class Step:
    action: str
    from_states: frozenset[QuestionState]
    permission: str
    label: object


WORKING = frozenset({S.NEW, S.CLASSIFIED, S.PROGRESS})

STEPS: dict[str, Step] = {step.action: step for step in (
    Step("classify", WORKING, "questions.answer", _l("Classify")),
    Step("forward", WORKING, "questions.answer", _l("Forward to the competent unit")),
    Step("refuse", frozenset({S.NEW, S.CLASSIFIED}), "questions.answer",
         _l("Refuse as out of scope")),
    Step("progress", frozenset({S.CLASSIFIED, S.PROGRESS}), "questions.answer",
         _l("Send a progress notice")),
    Step("draft", frozenset({S.CLASSIFIED, S.PROGRESS}), "questions.answer",
         _l("Save the draft answer")),
    Step("submit", frozenset({S.CLASSIFIED, S.PROGRESS}), "questions.answer",
         _l("Submit the answer for approval")),
    Step("return", frozenset({S.REVIEW}), "questions.approve", _l("Return the draft")),
    Step("send", frozenset({S.REVIEW}), "questions.approve",
         _l("Approve and send the answer")),
    Step("publish", frozenset({S.ANSWERED, S.CLOSED}), "questions.approve",
         _l("Publish on the site")),
    Step("unpublish", frozenset({S.PUBLISHED}), "questions.approve", _l("Unpublish")),
    Step("close", frozenset({S.ANSWERED}), "questions.approve",
         _l("Close without publishing")),
)}

STATE_LABELS: dict[QuestionState, object] = {
    S.NEW: _l("New"),
    S.CLASSIFIED: _l("Classified, being answered"),
    S.FORWARDED: _l("Forwarded to another unit"),
    S.PROGRESS: _l("Progress notice sent"),
    S.REVIEW: _l("Answer waiting for approval"),
    S.ANSWERED: _l("Answered"),
    S.PUBLISHED: _l("Answered and published"),
    S.CLOSED: _l("Answered and closed"),
    S.REFUSED: _l("Not handled here"),
}

# What the citizen reads on the tracking page: the steps inside the unit stay inside.
PUBLIC_STATE_LABELS: dict[QuestionState, object] = {
    S.NEW: _l("Received"),
    S.CLASSIFIED: _l("Being answered"),
    S.FORWARDED: _l("Forwarded to the competent unit"),
    S.PROGRESS: _l("Being answered (a new date was promised)"),
    S.REVIEW: _l("Being answered"),
    S.ANSWERED: _l("Answered"),
    S.PUBLISHED: _l("Answered"),
    S.CLOSED: _l("Answered"),
    S.REFUSED: _l("Not handled here"),
}

# The steps the citizen sees, by action.
PUBLIC_ACTIONS: dict[str, object] = {
    "receive": _l("Received"),
    "forward": _l("Forwarded to the competent unit"),
    "progress": _l("Progress notice"),
    "send": _l("Answered"),
    "refuse": _l("Not handled here"),
    "publish": _l("Published on the portal"),
}

# Every action as it is named in the staff's history.
ACTION_LABELS: dict[str, object] = {
    "receive": _l("Received"),
    "receive_forwarded": _l("Received by forwarding"),
    "classify": _l("Classified"),
    "forward": _l("Forwarded"),
    "refuse": _l("Refused as out of scope"),
    "progress": _l("Progress notice sent"),
    "draft": _l("Draft answer saved"),
    "submit": _l("Answer submitted for approval"),
    "return": _l("Draft returned"),
    "send": _l("Answer sent"),
    "publish": _l("Published"),
    "unpublish": _l("Unpublished"),
    "close": _l("Closed"),
    "remind_due_soon": _l("Reminder: due soon"),
    "remind_overdue": _l("Reminder: overdue"),
    "erase": _l("Personal data erased"),
    "upstream": _l("Step of the receiving unit"),
}

KIND_LABELS: dict[QuestionKind, object] = {
    QuestionKind.QUESTION: _l("Question"),
    QuestionKind.PETITION: _l("Petition or recommendation"),
}

LEVEL_LABELS: dict[AnswerLevel, object] = {
    AnswerLevel.OWN: _l("Own competence (5 working days)"),
    AnswerLevel.INTERAGENCY: _l("Several agencies (10 working days)"),
    AnswerLevel.SPECIAL: _l("Special case needing study (up to 15 working days)"),
}

CHANNEL_LABELS: dict[Channel, object] = {
    Channel.WEB: _l("Web form"),
    Channel.POST: _l("Post"),
    Channel.PHONE: _l("Telephone"),
    Channel.EMAIL: _l("Email"),
    Channel.IN_PERSON: _l("In person"),
}
