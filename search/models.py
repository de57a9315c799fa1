"""The transactional search outbox.

Content changes that touch what the public can see write an outbox row in the same
transaction as the change (``search.receivers``, through ``search.outbox.enqueue``), and
so do questions published or unpublished. A row names its ``source`` ("item" or
"question") and that source's id in ``item_id``. The indexer drains the rows in batches,
idempotently (it re-reads the item or question and indexes what is published now), with
retries and back-off.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from hub.extensions import db
from tenants.isolation import TenantOwned


class SearchOutbox(TenantOwned, db.Model):
    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The content item's id, or the question's (``source``); no FK: survives deletion.
    item_id: Mapped[int] = mapped_column(Integer, index=True)
    source: Mapped[str] = mapped_column(String(10), default="item", server_default="item")
    operation: Mapped[str] = mapped_column(String(10))  # "upsert" | "delete"
    reason: Mapped[str] = mapped_column(String(30), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    available_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    processed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True),
                                                          index=True)
    last_error: Mapped[str | None] = mapped_column(Text)
