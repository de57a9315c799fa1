"""What content answers when other capabilities ask: which files it makes public (a
published item's attachments and lead image, a published page's org chart, a file
shown in a published text; ``hub.files``), a category in use
(``hub.directory.signals``), deadlines moved by the calendar (``hub.deadlines.signals``)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, func, select

from hub.content.deadlines import recompute_open_deadlines
from hub.content.models import ContentItem, ItemAttachment, Page
from hub.deadlines import signals as deadlines
from hub.directory import signals as directory
from hub.extensions import db
from hub.files.models import Attachment
from hub.files.operations import Mentions, public_use
from hub.workflow.states import ContentStatus


def items_in_category(category: Any) -> str | None:
    count = db.session.scalar(select(func.count(ContentItem.id))
                              .where(ContentItem.category_id == category.id)) or 0
    if count:
        return _("This category still holds %(count)s items. Move them to another "
                 "category first.", count=count)
    return None


def _attached_to_published(attachment: Attachment, text: Mentions) -> Select[Any]:
    return (select(ItemAttachment.id)
            .join(ContentItem, ContentItem.id == ItemAttachment.item_id)
            .where(ItemAttachment.attachment_id == attachment.id,
                   ContentItem.status == ContentStatus.PUBLISHED))


def _lead_image_of_published(attachment: Attachment, text: Mentions) -> Select[Any]:
    return select(ContentItem.id).where(ContentItem.lead_image_id == attachment.id,
                                        ContentItem.status == ContentStatus.PUBLISHED)


def _org_chart_of_published(attachment: Attachment, text: Mentions) -> Select[Any]:
    return select(Page.id).where(Page.org_chart_id == attachment.id,
                                 Page.status == ContentStatus.PUBLISHED)


def _shown_in_published_text(attachment: Attachment, text: Mentions) -> Select[Any]:
    return select(ContentItem.id).where(ContentItem.status == ContentStatus.PUBLISHED,
                                        text.within(ContentItem.body))


def _register_public_uses() -> None:
    public_use("item_attachment", _attached_to_published, cost=0)
    public_use("lead_image", _lead_image_of_published, cost=1)
    public_use("org_chart", _org_chart_of_published, cost=2)
    public_use("item_text", _shown_in_published_text, cost=4)  # a search of every text


def connect() -> None:
    _register_public_uses()
    directory.category_in_use.connect(items_in_category, weak=False)
    deadlines.calendar_changed.connect(recompute_open_deadlines, weak=False)
