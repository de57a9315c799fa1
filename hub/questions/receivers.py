"""What the questions do when other things happen to them: a question published or
unpublished on a site changes the province portal's list (``/hoi-dap`` there shows every
site's), so the page cache of the site's ancestors is dropped with the site's own.

The site's own pages follow by themselves (``hub.cache.invalidation`` notes every
site whose rows a commit changed); the province's list reads another site's rows, which
that listener cannot know.
"""

from __future__ import annotations

from typing import Any

from hub.cache.invalidation import note_tenant
from hub.extensions import db
from hub.questions import signals
from tenants.models import Tenant


def _drop_ancestors_pages(question: Any, **_extra: Any) -> None:
    """Sender: the ``Question`` published or unpublished (inside its step's transaction);
    the ancestors' pages are dropped after that transaction commits."""
    site = db.session.get(Tenant, question.tenant_id)
    if site is None:
        return
    session = db.session()
    for tenant_id in site.ancestor_ids:
        if tenant_id != site.id:
            note_tenant(session, tenant_id)


def connect() -> None:
    """Listen to the questions' signals (once: connecting twice keeps one receiver)."""
    signals.question_published.connect(_drop_ancestors_pages)
    signals.question_unpublished.connect(_drop_ancestors_pages)
