"""Which files content makes public: a published item's attachments, a published
page's org chart, and any file shown in a published item's text."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from hub.content.models import ContentItem, ItemAttachment, Page
from hub.files.models import Attachment
from hub.files.operations import public_use
from hub.workflow.states import ContentStatus


def _attached_to_published(attachment: Attachment, marker: str) -> Select[Any]:
    return (select(ItemAttachment.id)
            .join(ContentItem, ContentItem.id == ItemAttachment.item_id)
            .where(ItemAttachment.attachment_id == attachment.id,
                   ContentItem.status == ContentStatus.PUBLISHED))


def _org_chart_of_published(attachment: Attachment, marker: str) -> Select[Any]:
    return select(Page.id).where(Page.org_chart_id == attachment.id,
                                 Page.status == ContentStatus.PUBLISHED)


def _shown_in_published_text(attachment: Attachment, marker: str) -> Select[Any]:
    return select(ContentItem.id).where(ContentItem.status == ContentStatus.PUBLISHED,
                                        ContentItem.body.contains(marker))


def register_public_uses() -> None:
    public_use("item_attachment", _attached_to_published, cost=0)
    public_use("org_chart", _org_chart_of_published, cost=2)
    public_use("item_text", _shown_in_published_text, cost=4)  # a search of every text
