"""What content answers when other capabilities ask: a category in use
(``hub.directory.signals``), deadlines moved by the calendar (``hub.deadlines.signals``)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from hub.content.deadlines import recompute_open_deadlines
from hub.content.models import ContentItem
from hub.deadlines import signals as deadlines
from hub.directory import signals as directory
from hub.extensions import db


def items_in_category(category: Any) -> str | None:
    count = db.session.scalar(select(func.count(ContentItem.id))
                              .where(ContentItem.category_id == category.id)) or 0
    if count:
        return _("This category still holds %(count)s items. Move them to another "
                 "category first.", count=count)
    return None


def connect() -> None:
    directory.category_in_use.connect(items_in_category, weak=False)
    deadlines.calendar_changed.connect(recompute_open_deadlines, weak=False)
