"""The public pages' statements are built once per process, all in one module
(``hub.public.statements``), and each reads the current site's rows when it runs."""

from __future__ import annotations

from pathlib import Path

from hub.content.models import Article, ContentItem, LegalDocument
from hub.public import statements

PUBLIC = Path(statements.__file__).parent


def test_a_statement_is_built_once_per_arguments() -> None:
    assert statements.public_items(Article, "vi") is statements.public_items(Article, "vi")
    assert statements.public_items(Article, "vi") is not statements.public_items(Article, "en")
    assert statements.item_by_slug(LegalDocument, "en") \
        is statements.item_by_slug(LegalDocument, "en")
    assert statements.home_blocks("vi") is statements.home_blocks("vi")
    assert statements.related_items("vi", 6) is statements.related_items("vi", 6)
    assert statements.week_entries("vi") is statements.week_entries("vi")
    assert statements.visit_figures() is statements.visit_figures()
    assert statements.list_page(Article, "vi") is statements.list_page(Article, "vi")
    assert statements.public_items(ContentItem, "vi").whereclause is not None


def test_every_built_once_statement_of_the_public_site_is_in_one_module() -> None:
    built = {builder.__name__ for builder in statements.BUILDERS
             if builder.__module__ == statements.__name__}
    assert built == {"public_items", "item_by_slug", "home_blocks", "related_items",
                     "week_entries", "visit_figures", "list_page"}
    # Capabilities above the public site build theirs behind the same decorator, in
    # their own package (the questions' list), never in another module of hub.public.
    others = {builder.__module__ for builder in statements.BUILDERS} - {statements.__name__}
    assert not any(module.startswith("hub.public") for module in others), others
    for source in PUBLIC.glob("*.py"):
        if source.name == "statements.py":
            continue
        text = source.read_text(encoding="utf-8")
        assert "functools.cache" not in text and "lru_cache" not in text, source.name
