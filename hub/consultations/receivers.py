"""What consultation answers when other capabilities ask: the file of a published
comment on a published draft is public (``hub.files``); nothing else of a comment is."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from hub.consultations.models import Comment, CommentState
from hub.content.models import ContentItem
from hub.files.models import Attachment
from hub.files.operations import Mentions, public_use
from hub.workflow.states import ContentStatus


def _file_of_published_comment(attachment: Attachment, text: Mentions) -> Select[Any]:
    return (select(Comment.id)
            .join(ContentItem, ContentItem.id == Comment.consultation_id)
            .where(Comment.attachment_id == attachment.id,
                   Comment.state == CommentState.PUBLISHED,
                   ContentItem.status == ContentStatus.PUBLISHED))


def connect() -> None:
    public_use("consultation_comment", _file_of_published_comment, cost=1)
