"""``flask search status`` (outbox lag, documents in the index) and ``flask search
reindex`` (rebuild the index from the database, without downtime)."""

from __future__ import annotations

from itertools import chain

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from hub.content.models import ContentItem
from hub.core.clock import aware, utcnow
from hub.extensions import db
from hub.questions.models import Question, QuestionState
from hub.workflow.states import PUBLIC_STATES
from search.backends.base import SearchUnavailable
from search.documents import all_public_documents, all_public_question_documents
from search.indexer import drain
from search.models import SearchOutbox
from search.service import get_backend
from tenants.context import unscoped


@click.group("search")
def search_cli() -> None:
    """The search index: status, reindex, drain."""


@search_cli.command("status")
@with_appcontext
def status_command() -> None:
    """Outbox lag and document counts."""
    with unscoped():
        pending = SearchOutbox.processed_at.is_(None)
        count = db.session.scalar(select(func.count()).where(pending)) or 0
        oldest = db.session.scalar(select(func.min(SearchOutbox.created_at)).where(pending))
        failing = db.session.scalar(select(func.count()).where(
            pending, SearchOutbox.attempts > 0)) or 0
        last_error = db.session.scalar(select(SearchOutbox.last_error).where(
            pending, SearchOutbox.last_error.is_not(None))
            .order_by(SearchOutbox.id.desc()).limit(1))
        public = db.session.scalar(select(func.count()).select_from(ContentItem).where(
            ContentItem.status.in_(PUBLIC_STATES))) or 0
        questions = db.session.scalar(select(func.count()).select_from(Question).where(
            Question.state == QuestionState.PUBLISHED)) or 0
    backend = get_backend()
    age = f"{(utcnow() - aware(oldest)).total_seconds():.0f} s" if oldest else "-"
    click.echo(f"outbox: {count} pending (oldest {age}), {failing} failing")
    if last_error:
        click.echo(f"last error: {last_error[:300]}")
    click.echo(f"database: {public} published items, {questions} published questions")
    try:
        click.echo(f"{backend.name}: {backend.count()} documents")
    except SearchUnavailable as exc:
        click.echo(f"{backend.name}: unavailable ({exc})")
        raise SystemExit(1) from None


@search_cli.command("reindex")
@with_appcontext
def reindex_command() -> None:
    """Rebuild the index from the database (every published item and question of
    every site)."""
    backend = get_backend()
    with unscoped():
        count = backend.rebuild(chain(all_public_documents(),
                                      all_public_question_documents()))
    click.echo(f"{backend.name}: {count} documents indexed")


@search_cli.command("drain")
@with_appcontext
def drain_command() -> None:
    """Drain the outbox now (what `flask worker` does continuously)."""
    click.echo(f"{drain()} outbox rows processed")
