"""What the workflow answers when other capabilities ask (``hub.directory.signals``)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from hub.directory import signals as directory
from hub.extensions import db
from hub.workflow.models import ApproverScope


def approvers_limited_to(category: Any) -> str | None:
    if db.session.scalar(select(func.count(ApproverScope.id))
                         .where(ApproverScope.category_id == category.id)):
        return _("An approver is limited to this category. Change the approver's "
                 "categories first.")
    return None


def connect() -> None:
    directory.category_in_use.connect(approvers_limited_to, weak=False)
