"""Translation of content: requests, the translator's work, staleness, exchange.

003 Articles 3.6, 7, 8.3 and 9.5: English versions, made through the Department of
Foreign Affairs, kept up to date when the Vietnamese original changes.
"""

from __future__ import annotations

from typing import Any

from flask import Flask


def init_app(app: Flask) -> None:
    from hub.translation import staleness
    from hub.translation.blueprint import bp
    from hub.translation.states import STATE_LABELS
    app.register_blueprint(bp)
    staleness.install()
    # Template globals, set once (the item page lists an item's requests).
    app.add_template_global(_requests_of, "translation_requests_of")
    app.add_template_global(STATE_LABELS, "translation_state_labels")  # type: ignore[arg-type]


def _requests_of(item: Any) -> list[Any]:
    from sqlalchemy import select

    from hub.extensions import db
    from hub.translation.models import TranslationRequest
    return list(db.session.scalars(select(TranslationRequest).where(
        TranslationRequest.source_item_id == item.id).order_by(TranslationRequest.id)))
