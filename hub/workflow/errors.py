"""What the workflow services raise when they refuse: the views turn these into pages.

Every error carries a message already translated for the person who caused it. Views
map them to statuses with ``http_status``: a refusal for the role is 403, a step that
the item's current state does not allow (or a stale edit) 409, bad input 422.
"""

from __future__ import annotations


class WorkflowError(Exception):
    """Base of every refusal of the workflow services."""

    http_status = 400


class ContentValidationError(WorkflowError):
    """The data of an item is not acceptable; ``errors`` maps a field to its message.

    Nothing was written: the services validate everything before changing the item.
    """

    http_status = 422

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = {field: str(message) for field, message in errors.items()}
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


class NotAllowed(WorkflowError):
    """The user may not do this to this item (``kind``: "permission" or "state")."""

    def __init__(self, reason: str, *, kind: str = "permission") -> None:
        WorkflowError.__init__(self, str(reason))  # not the next class of a subclass's MRO
        self.reason = str(reason)
        self.kind = kind

    @property
    def http_status(self) -> int:  # type: ignore[override]
        return 403 if self.kind == "permission" else 409


class EditNotAllowed(NotAllowed):
    """Creating or editing refused: no permission, someone else's draft, frozen state."""


class TransitionNotAllowed(NotAllowed):
    """A workflow step refused for the role, the category or the current state."""


class TransitionInputError(TransitionNotAllowed, ContentValidationError):
    """The step is allowed but its input is missing: a return without a comment, a
    take-down without a reason, a schedule without a future time.

    It is both a ``TransitionNotAllowed`` (what ``transition`` is documented to raise)
    and a ``ContentValidationError`` (so a form can show the message at its field).
    """

    http_status = 422  # type: ignore[assignment]

    def __init__(self, field: str, message: str) -> None:
        self.errors = {field: str(message)}
        NotAllowed.__init__(self, message, kind="input")
