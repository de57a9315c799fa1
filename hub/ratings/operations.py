"""The ratings' services: check what was sent, store it (damped), and the staff's
moderation of comments. They flush; the request commits.

A repeat from the same client on the same day (``damping.first_today``) is not an
error: the visitor is thanked and told it was counted once already, and nothing is
stored. The checks raise ``RatingError`` with a message per field, which the form
shows beside the field.
"""

from __future__ import annotations

import unicodedata

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from hub.audit.operations import record
from hub.core.clock import local_today
from hub.extensions import db
from hub.intake.errors import FieldErrors
from hub.ratings import damping
from hub.ratings.models import (
    ASPECTS,
    COMMENT_MAX,
    PATH_MAX,
    CommentState,
    PageUsefulness,
    Rating,
)

ASPECT_LABELS = {
    "interface": _l("The interface (how the site looks and is used)"),
    "content": _l("The content (information is complete, accurate and up to date)"),
    "quality": _l("The quality of the service (speed, availability, online services)"),
    "support": _l("The agency's support (answers, help, contacts)"),
}
SHORT_LABELS = {"interface": _l("Interface"), "content": _l("Content"),
                "quality": _l("Quality"), "support": _l("Support")}
MARK_LABELS = {1: _l("Very poor"), 2: _l("Poor"), 3: _l("Fair"), 4: _l("Good"),
               5: _l("Very good")}


class RatingError(FieldErrors):
    """A rating that cannot be accepted."""


def _mark(raw: str | None) -> int | None:
    raw = (raw or "").strip()
    return int(raw) if raw in {"1", "2", "3", "4", "5"} else None


def check_rating(values: dict[str, str]) -> tuple[dict[str, int], str]:
    """The four marks (each 1–5, all required) and the comment (optional, NFC,
    trimmed), or ``RatingError``."""
    marks: dict[str, int] = {}
    errors: dict[str, str] = {}
    for aspect in ASPECTS:
        mark = _mark(values.get(aspect))
        if mark is None:
            errors[aspect] = _("Please choose a mark from 1 to 5.")
        else:
            marks[aspect] = mark
    comment = unicodedata.normalize("NFC", values.get("comment") or "").strip()
    if len(comment) > COMMENT_MAX:
        errors["comment"] = _("The comment is too long: at most %(max)s characters.",
                              max=COMMENT_MAX)
    if errors:
        raise RatingError(errors)
    return marks, comment


def rate(values: dict[str, str], *, locale: str) -> Rating | None:
    """Store a rating of this site; None when the client already rated it today."""
    marks, comment = check_rating(values)
    if not damping.first_today("rating"):
        return None
    rating = Rating(rated_on=local_today(), locale=locale, **marks,
                    comment=comment or None,
                    comment_state=CommentState.NEW if comment else None)
    db.session.add(rating)
    db.session.flush()
    return rating


def check_path(path: str | None) -> str:
    path = (path or "").strip()
    if (not path.startswith("/") or path.startswith("//") or len(path) > PATH_MAX
            or any(sign in path for sign in "?#\\") or not path.isprintable()):
        raise RatingError({"path": _("This is not the address of a page of this site.")})
    return path


def mark_useful(path: str, useful: bool) -> bool:
    """Count "was this page useful?" for ``path`` (checked by the caller); False when
    the client already answered for this page today."""
    if not damping.first_today(f"useful:{path}"):
        return False
    db.session.add(PageUsefulness(rated_on=local_today(), path=path, useful=useful))
    db.session.flush()
    return True


def set_comment_state(rating: Rating, state: CommentState, *, actor: object) -> None:
    """Staff's moderation: read, hidden, or back to new; audited."""
    if rating.comment is None:
        raise RatingError({"comment": _("This rating has no comment.")})
    rating.comment_state = state
    record(f"rating.comment_{state.value}", actor=actor, obj=rating)
    db.session.flush()
