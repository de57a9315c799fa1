"""How the demo publishes: every item made and taken through submit and approve by the
real workflow services, and what was published on each site noted for the browser
tests (``SiteContent``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hub.content.operations import create_item, transition


@dataclass
class SiteContent:
    """What was published on one site: ``items[type]`` is a list of (id, slug)."""

    host: str
    items: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    categories: list[tuple[int, str]] = field(default_factory=list)

    def first(self, content_type: str) -> tuple[int, str]:
        return self.items[content_type][0]


def publish(content_type: str, data: dict[str, Any], user: Any, out: SiteContent) -> None:
    """Create an item of ``content_type`` as ``user``, submit and approve it, and note
    it in ``out``."""
    item = create_item(content_type, data, user)
    transition(item, "submit", user)
    transition(item, "approve", user)
    out.items.setdefault(content_type, []).append((item.id, item.slug))
