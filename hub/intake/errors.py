"""What a citizen's form, or a staff step on what it brought, is refused with."""

from __future__ import annotations


class FieldErrors(ValueError):
    """Input that cannot be accepted; ``errors`` maps a form field to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


class StepNotAllowed(Exception):
    """The step does not apply now (409), or not for this person (403)."""

    def __init__(self, reason: str, status: int = 409) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status
