"""What content's services raise besides the workflow's refusals: a stale edit (an
unknown revision is ``revisions.RevisionNotFound``). Views map them to statuses with
``http_status``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hub.workflow.errors import WorkflowError

if TYPE_CHECKING:
    from hub.content.models import ContentItem, Revision


class EditConflict(WorkflowError):
    """A save made from an older revision than the item's current one (optimistic
    locking). Nothing was written; the view shows what changed meanwhile.

    ``mine`` is the data the user tried to save, ``current_revision`` the revision now
    in force, ``base_revision`` the one the user started from (None if unknown).
    """

    http_status = 409

    def __init__(self, item: ContentItem, mine: dict[str, Any],
                 current_revision: Revision | None,
                 base_revision: Revision | None = None) -> None:
        super().__init__(f"item {item.id} is at revision {item.revision}")
        self.item = item
        self.mine = mine
        self.current_revision = current_revision
        self.base_revision = base_revision

    def changes(self) -> list[Any]:
        """What others changed between the user's starting revision and now."""
        from hub.content.revisions import compare_snapshots
        if self.current_revision is None:
            return []
        before = self.base_revision.snapshot if self.base_revision is not None else {}
        return compare_snapshots(self.item.type, before, self.current_revision.snapshot)
