"""The daily damping: one client counts once a day per purpose, and nothing links a
rating to a client afterwards.

A client is recognised by ``HMAC-SHA256(key, purpose + address)``, where ``key`` is a
random 32-byte key of this site and this day (the portal's day), made by the first
rating of the day. The address itself is never written; the site and the day are in
the key. The next day ``forget_past_days`` (a background job) deletes the past days'
keys and hashes: without the key a hash cannot be tested against an address, and the
hashes are gone with it.

Both writes are ``INSERT … ON CONFLICT DO NOTHING``: two workers making the day's key
at once agree on the first one; a repeat finds its hash and is told so in the same
statement.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import date

from sqlalchemy import delete, select

from hub.core.clock import local_today
from hub.core.database import conflict_insert
from hub.core.http import client_ip
from hub.extensions import db
from hub.ratings.models import DailyKey, SeenToday
from tenants.context import current_tenant_id, unscoped


def _todays_key(day: date) -> bytes:
    tenant_id = current_tenant_id()
    db.session.execute(
        conflict_insert(DailyKey.__table__)
        .values(tenant_id=tenant_id, day=day, key=secrets.token_bytes(32))
        .on_conflict_do_nothing(index_elements=["tenant_id", "day"]))
    return db.session.execute(select(DailyKey.key).where(DailyKey.day == day)).scalar_one()


def first_today(purpose: str) -> bool:
    """Is this the client's first ``purpose`` (``"rating"``, ``"useful:/tin-tuc"``) on
    this site today? Notes it, in the caller's transaction, either way."""
    day = local_today()
    key = _todays_key(day)
    digest = hmac.new(key, f"{purpose}\0{client_ip() or '-'}".encode(),
                      hashlib.sha256).hexdigest()
    inserted = db.session.execute(
        conflict_insert(SeenToday.__table__)
        .values(tenant_id=current_tenant_id(), day=day, digest=digest)
        .on_conflict_do_nothing(index_elements=["tenant_id", "day", "digest"])
        .returning(SeenToday.__table__.c.id)).scalar()
    return inserted is not None


def forget_past_days(today: date | None = None) -> int:
    """Delete every site's keys and hashes of the days before ``today``."""
    today = today or local_today()
    with unscoped():
        hashes = db.session.execute(delete(SeenToday).where(SeenToday.day < today))
        keys = db.session.execute(delete(DailyKey).where(DailyKey.day < today))
    return int(hashes.rowcount or 0) + int(keys.rowcount or 0)
