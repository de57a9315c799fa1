"""A merged site's content moves to the site that took it over (the 2025 reorganisation).

Receivers of ``hub.sites.signals``: ``merge_contents`` counts what would move (the merge
preview), ``tenant_merged`` moves it, in the merge's transaction. Every item of the
merged site becomes an item of its successor, with everything that hangs from it
(revisions, workflow events, attached files, relations, comments on drafts, problem
reports, translation requests), found from the schema's foreign keys so that a table
added later moves too. An item whose slug or number is taken on the successor gets the
merged site's label appended, and its old address is kept (``tenants.models.
MovedAddress``): the merged site's hosts redirect to the successor at the same path,
except those addresses, which lead to the item's new one — an old link never ends in a
404, nor on another item. ``items_moved`` tells search to index the items where they
live now.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Table, delete, func, select, update

from hub.cache.invalidation import note_tenant
from hub.content.addresses import item_path
from hub.content.labels import TYPE_LABELS
from hub.content.models import ContentItem
from hub.content.signals import items_moved
from hub.extensions import db
from hub.files.models import Attachment
from hub.files.operations import attachment_key
from hub.files.storage import StorageError, get_storage, key_for
from hub.images.models import ImageRendition
from hub.sites.acting import record_action
from hub.sites.refusals import TenantOperationError
from tenants.context import unscoped
from tenants.models import MovedAddress, Tenant
from tenants.naming import first_label


def content_counts(tenant: Tenant, **_kwargs: Any) -> list[tuple[str, int]]:
    """(type label, number of items) of what a merge of ``tenant`` would move."""
    with unscoped():
        rows = db.session.execute(select(ContentItem.type, func.count(ContentItem.id))
                                  .where(ContentItem.tenant_id == tenant.id)
                                  .group_by(ContentItem.type)).all()
    return [(str(TYPE_LABELS.get(kind, kind)), count) for kind, count in sorted(
        rows, key=lambda row: str(row[0]))]


def _dependent_tables() -> list[Table]:
    """Tables with a tenant_id whose rows hang, by a chain of foreign keys, from an item
    (the subclass tables of items excepted: the item's own update writes them)."""
    own = {table.name for table in ContentItem.__mapper__.tables}
    for mapper in ContentItem.__mapper__.self_and_descendants:
        own.update(table.name for table in mapper.tables)
    return [table for table in db.metadata.sorted_tables
            if "tenant_id" in table.c and "id" in table.c and table.name not in own
            and table.name != "attachment"]


def _move_dependents(old_id: int, new_id: int, item_ids: list[int]) -> set[int]:
    """Move every row hanging from the items; return the ids of the files they use."""
    moved: dict[str, set[int]] = {"content_item": set(item_ids)}
    for mapper in ContentItem.__mapper__.self_and_descendants:
        for table in mapper.tables:
            moved[table.name] = set(item_ids)
    files: set[int] = set()
    changed = True
    while changed:
        changed = False
        for table in _dependent_tables():
            for fk in table.foreign_keys:
                source = moved.get(fk.column.table.name)
                if not source or fk.parent.name == "tenant_id":
                    continue
                condition = fk.parent.in_(sorted(source))
                ids = set(db.session.scalars(select(table.c.id).where(
                    condition, table.c.tenant_id == old_id)))
                if not ids - moved.get(table.name, set()):
                    continue
                db.session.execute(update(table).where(table.c.id.in_(sorted(ids)))
                                   .values(tenant_id=new_id))
                moved.setdefault(table.name, set()).update(ids)
                changed = True
    for table_name, ids in moved.items():
        table = db.metadata.tables[table_name]
        for fk in table.foreign_keys:
            if fk.column.table.name == "attachment" and ids:
                files.update(value for value in db.session.scalars(
                    select(fk.parent).where(table.c.id.in_(sorted(ids)))) if value)
    return files


def _move_files(old_id: int, new_id: int, file_ids: set[int]) -> None:
    """The files follow their items: same bytes, in the successor's folder."""
    if not file_ids:
        return
    storage = get_storage()
    for attachment in db.session.scalars(select(Attachment).where(
            Attachment.id.in_(sorted(file_ids)), Attachment.tenant_id == old_id)):
        try:
            # The old copy stays: a rollback loses nothing.
            storage.copy(attachment_key(attachment),
                         key_for(new_id, attachment.storage_key))
        except FileNotFoundError:
            continue  # already missing on the merged site: nothing to carry over
        except StorageError as error:
            raise TenantOperationError(_l(
                "the files could not be copied to the successor's store (%(detail)s); "
                "nothing was merged, please try again", detail=error.detail)) from error
    table = Attachment.__table__
    db.session.execute(update(table).where(table.c.id.in_(sorted(file_ids)),
                                           table.c.tenant_id == old_id)
                       .values(tenant_id=new_id))
    # Their renditions were the old site's files: the successor makes its own on request.
    renditions = ImageRendition.__table__
    db.session.execute(delete(renditions).where(
        renditions.c.attachment_id.in_(sorted(file_ids)), renditions.c.tenant_id == old_id))


def _free(value: str, taken: set[str], label: str, limit: int) -> str:
    if value not in taken:
        return value
    base = f"{value}-{label}"[:limit]
    candidate, number = base, 2
    while candidate in taken:
        candidate = f"{base[:limit - 4]}-{number}"
        number += 1
    return candidate


def move_content(tenant: Tenant, into: Tenant, **_kwargs: Any) -> list[ContentItem]:
    """Move every item of ``tenant`` (just merged) to ``into``; flush only."""
    with unscoped():
        items = list(db.session.scalars(select(ContentItem).where(
            ContentItem.tenant_id == tenant.id).order_by(ContentItem.id)))
        if not items:
            return []
        label = first_label(tenant.host or tenant.slug).replace(".", "-")
        slugs = {(row.locale, row.slug) for row in db.session.execute(
            select(ContentItem.locale, ContentItem.slug)
            .where(ContentItem.tenant_id == into.id))}
        keys = {(row.type, row.locale, row.natural_key) for row in db.session.execute(
            select(ContentItem.type, ContentItem.locale, ContentItem.natural_key)
            .where(ContentItem.tenant_id == into.id, ContentItem.natural_key.is_not(None)))}
        ids = [item.id for item in items]
        own = {(item.locale, item.slug) for item in items}
        renamed: set[int] = set()
        for item in items:  # new slugs and numbers first, still on the merged site
            old_path = item_path(item)
            taken = {slug for locale, slug in slugs | (own - {(item.locale, item.slug)})
                     if locale == item.locale}
            item.slug = _free(item.slug, taken, label, 200)
            slugs.add((item.locale, item.slug))
            if item.natural_key is not None:
                same = {key for kind, locale, key in keys
                        if kind == item.type and locale == item.locale}
                item.natural_key = _free(item.natural_key, same, label, 120)
                keys.add((item.type, item.locale, item.natural_key))
            item.category_id = None  # the merged site's categories stay with it
            if item_path(item) != old_path:
                renamed.add(item.id)
                db.session.add(MovedAddress(tenant_id=into.id, from_tenant_id=tenant.id,
                                            path=old_path, target_path=item_path(item)))
        db.session.flush()
        # Rows never change site through the ORM (``tenants.isolation`` refuses it): the
        # move is these UPDATEs, in the merge's unscoped block and transaction.
        for mapper in ContentItem.__mapper__.self_and_descendants:
            for table in mapper.tables:
                db.session.execute(update(table).where(
                    table.c.id.in_(ids), table.c.tenant_id == tenant.id)
                    .values(tenant_id=into.id))
        file_ids = _move_dependents(tenant.id, into.id, ids)
        _move_files(tenant.id, into.id, file_ids)
        db.session.expire_all()
        note_tenant(db.session, into.id)
        items = list(db.session.scalars(select(ContentItem).where(ContentItem.id.in_(ids))
                                        .order_by(ContentItem.id)))
        record_action("tenant.content_moved", obj=into, tenant_id=into.id,
                      from_site=tenant.slug, items=len(items),
                      renamed=sum(1 for item in items if item.id in renamed))
        db.session.flush()
        items_moved.send(into, items=items, from_tenant=tenant)
        return items


def connect() -> None:
    from hub.sites import signals
    signals.merge_contents.connect(content_counts, weak=False)
    signals.tenant_merged.connect(move_content, weak=False)
