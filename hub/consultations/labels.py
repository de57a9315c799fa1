"""How the states, senders and responses of consultation comments are named."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from hub.consultations.models import CommenterKind, CommentState, Response

KIND_LABELS: dict[CommenterKind, Any] = {
    CommenterKind.PERSON: _l("In my own name"),
    CommenterKind.ORGANISATION: _l("On behalf of an organisation"),
}

STATE_LABELS: dict[CommentState, Any] = {
    CommentState.PENDING: _l("Waiting for moderation"),
    CommentState.PUBLISHED: _l("Published"),
    CommentState.HIDDEN: _l("Hidden"),
}

# As the agencies' tables print them (bảng tổng hợp, tiếp thu, giải trình ý kiến).
RESPONSE_LABELS: dict[Response, Any] = {
    Response.ACCEPTED: _l("Accepted"),
    Response.PARTLY_ACCEPTED: _l("Partly accepted"),
    Response.NOT_ACCEPTED: _l("Not accepted"),
}
